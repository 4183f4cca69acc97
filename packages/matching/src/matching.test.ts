import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type HoursKind,
  hoursKinds,
  MatchingError,
  MatchingIndex,
  type PostingProfile,
  type SeekerProfile,
} from './index.ts';

const TODAY = '2026-11-28';
const today = () => TODAY;

// 青年路街道 (county town), two of its villages; 官渡镇 and one of its villages; 狼城岗镇 (far north-east).
const QINGNIANLU_A = '410122001201';
const QINGNIANLU_B = '410122001202';
const GUANDU = '410122102';
const LANGCHENGGANG = '410122103';

const WELDER = '6-18-02-04'; // 焊工: 小类 机械热加工人员, 中类 机械制造基础加工人员
const LATHE = '6-18-01-01'; // 车工: same 中类 as 焊工
const CAR_ASSEMBLY = '6-22-02-01'; // 汽车装调工: same 大类 (6)
const BRICKLAYER = '6-29-01-01'; // 砌筑工
const REBAR = '6-29-01-04'; // 钢筋工: same 小类 as 砌筑工
const CASHIER = '4-01-02-04'; // 收银员: unrelated to 焊工

function posting(over: Partial<PostingProfile> = {}): PostingProfile {
  return {
    id: 'p-1',
    title: '招聘焊工',
    description: '厂区位于县城，包吃住',
    occupationCode: WELDER,
    skills: ['焊条电弧焊', '气体保护焊', '焊接识图', '焊接安全防护'],
    educationMin: 'junior_secondary',
    wageMinFen: 500_000,
    wageMaxFen: 700_000,
    placeCode: QINGNIANLU_A,
    hours: 'full_time',
    openFrom: '2026-11-01',
    closingDate: '2026-12-31',
    employerId: 'e-1',
    ...over,
  };
}

function seeker(over: Partial<SeekerProfile> = {}): SeekerProfile {
  return {
    id: 's-1',
    occupationCodes: [WELDER],
    skills: ['焊条电弧焊', '气体保护焊', '焊接识图'],
    education: 'senior_secondary',
    expectedWageFen: 600_000,
    homeVillageCode: QINGNIANLU_A,
    maxCommuteKm: 20,
    hoursWanted: ['full_time'],
    priority: false,
    available: true,
    ...over,
  };
}

describe('matching: scoring parts and reasons', () => {
  it('explains a good match in Chinese, one reason per part', () => {
    const index = new MatchingIndex({ today });
    index.upsertPosting(posting());
    index.upsertSeeker(seeker({ homeVillageCode: QINGNIANLU_B }));
    const [r] = index.topPostingsForSeeker('s-1', 5);
    assert.ok(r);
    assert.equal(r.id, 'p-1');
    assert.deepEqual(r.reasons, [
      '职业相同（焊工）',
      '4 项技能中符合 3 项',
      '同一乡镇，通勤约 5 公里（估算）',
      '期望工资在范围内',
      '工时相符（全职）',
      '学历符合（要求初中及以上）',
    ]);
    assert.equal(r.parts.occupation, 35);
    assert.equal(r.parts.skills, 15);
    assert.equal(r.parts.distance, 13.1); // 15 × (1 − 0.5 × 5/20)
    assert.equal(r.parts.wage, 12);
    assert.equal(r.parts.hours, 8);
    assert.equal(r.parts.education, 10);
    assert.equal(r.parts.priority, 0);
    assert.equal(r.score, 93.1);
    assert.equal(r.distanceKm, 5);
  });

  it('marks distances as estimates, across townships and outside the county', () => {
    const index = new MatchingIndex({ today });
    index.upsertSeeker(seeker());
    index.upsertPosting(posting({ id: 'same-village' }));
    index.upsertPosting(posting({ id: 'guandu', placeCode: GUANDU }));
    index.upsertPosting(posting({ id: 'outside', placeCode: null }));
    const byId = new Map(index.topPostingsForSeeker('s-1', 10).map((r) => [r.id, r]));
    assert.equal(byId.get('same-village')?.reasons[2], '同村，通勤约 1 公里内');
    const guandu = byId.get('guandu');
    assert.ok(guandu?.distanceKm && guandu.distanceKm > 5 && guandu.distanceKm < 30);
    assert.equal(guandu.reasons[2], `通勤约 ${guandu.distanceKm} 公里（估算）`);
    assert.equal(
      byId.get('outside')?.reasons[2],
      '县外岗位，通勤按约 35 公里计（假设），超出可接受的 20 公里',
    );
    // Nearer ranks higher when all else is equal.
    assert.deepEqual(
      index.topPostingsForSeeker('s-1', 3).map((r) => r.id),
      ['same-village', 'guandu', 'outside'],
    );
  });

  it('describes wage, hours and education shortfalls', () => {
    const index = new MatchingIndex({ today });
    index.upsertPosting(
      posting({ wageMinFen: 300_000, wageMaxFen: 400_000, hours: 'shift', educationMin: 'junior_college' }),
    );
    index.upsertSeeker(seeker({ expectedWageFen: 500_000, education: 'senior_secondary' }));
    const r = index.explainMatch('s-1', 'p-1');
    assert.equal(r.reasons[3], '岗位最高工资低于期望约 20%');
    assert.equal(r.parts.wage, 6); // 12 × (1 − 2.5 × 0.2)
    assert.equal(r.reasons[4], '工时不完全相符（岗位为倒班）');
    assert.equal(r.reasons[5], '学历略低于要求（要求大专及以上）');
    assert.equal(r.parts.education, 4);
    const low = index.explainMatch(seeker({ expectedWageFen: 200_000, education: 'primary' }), 'p-1');
    assert.equal(low.reasons[3], '岗位工资高于期望');
    assert.equal(low.reasons[5], '学历低于要求（要求大专及以上）');
    assert.equal(low.parts.education, 0);
  });

  it('gives 就业援助对象 the configured priority boost, and ranks them first among equals', () => {
    const index = new MatchingIndex({ today, weights: { priority: 7 } });
    index.upsertPosting(posting());
    index.upsertSeeker(seeker({ id: 's-a' }));
    index.upsertSeeker(seeker({ id: 's-b', priority: true }));
    const [first, second] = index.topCandidatesForPosting('p-1', 2);
    assert.equal(first?.id, 's-b');
    assert.equal(first?.parts.priority, 7);
    assert.ok(first?.reasons.includes('就业援助对象，优先推荐（加 7 分）'));
    assert.equal(second?.id, 's-a');
    assert.equal(second?.parts.priority, 0);
    assert.equal(Math.round(((first?.score ?? 0) - (second?.score ?? 0)) * 10) / 10, 5.4); // 94.6 + 7 capped at 100
  });

  it('scales configured weights to 100', () => {
    const index = new MatchingIndex({
      today,
      weights: { occupation: 1, skills: 1, distance: 1, wage: 1, hours: 0, education: 1 },
    });
    assert.equal(index.weights.occupation, 20);
    assert.equal(index.weights.hours, 0);
    assert.throws(() => new MatchingIndex({ weights: { occupation: -1 } }), RangeError);
  });
});

describe('matching: occupation hierarchy', () => {
  it('same 细类 > same 小类 > same 中类 > same 大类 > unrelated', () => {
    const index = new MatchingIndex({ today });
    index.upsertSeeker(seeker({ occupationCodes: [WELDER], skills: [] }));
    index.upsertSeeker(seeker({ id: 's-bricks', occupationCodes: [BRICKLAYER], skills: [] }));
    const plain = { skills: [], title: '招聘' };
    index.upsertPosting(posting({ ...plain, id: 'same', occupationCode: WELDER }));
    index.upsertPosting(posting({ ...plain, id: 'middle', occupationCode: LATHE }));
    index.upsertPosting(posting({ ...plain, id: 'major', occupationCode: CAR_ASSEMBLY }));
    index.upsertPosting(posting({ ...plain, id: 'none', occupationCode: CASHIER }));
    index.upsertPosting(posting({ ...plain, id: 'rebar', occupationCode: REBAR }));
    const ranked = index.topPostingsForSeeker('s-1', 10);
    assert.deepEqual(
      ranked.map((r) => [r.id, r.parts.occupation]),
      [
        ['same', 35],
        ['middle', 15.8],
        ['major', 7],
        ['rebar', 7],
        ['none', 0],
      ],
    );
    assert.equal(ranked[1]?.reasons[0], '职业相近（岗位为车工，同属中类“机械制造基础加工人员”）');
    assert.equal(ranked[4]?.reasons[0], '职业不同（岗位为收银员）');
    const bricks = index.explainMatch('s-bricks', 'rebar');
    assert.equal(bricks.parts.occupation, 24.5);
    assert.equal(bricks.reasons[0], '职业相近（岗位为钢筋工，同属小类“房屋建筑施工人员”）');
  });

  it('uses the best of several wanted occupations', () => {
    const index = new MatchingIndex({ today });
    index.upsertPosting(posting({ occupationCode: REBAR }));
    const r = index.explainMatch(seeker({ occupationCodes: [CASHIER, REBAR] }), 'p-1');
    assert.equal(r.parts.occupation, 35);
  });
});

describe('matching: unknown codes are errors', () => {
  const index = new MatchingIndex({ today });
  index.upsertPosting(posting());
  index.upsertSeeker(seeker());
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof MatchingError);
      assert.match(e.message, /[\u4e00-\u9fff]/);
      return e.code;
    }
    return 'no error';
  };

  it('rejects unknown occupation and place codes in queries and profiles', () => {
    assert.equal(
      code(() => index.topPostingsForSeeker(seeker({ occupationCodes: ['9-99-99-99'] }), 5)),
      'UNKNOWN_OCCUPATION',
    );
    assert.equal(
      code(() => index.topPostingsForSeeker(seeker({ occupationCodes: ['6-18-02'] }), 5)),
      'UNKNOWN_OCCUPATION',
    );
    assert.equal(
      code(() => index.topPostingsForSeeker(seeker({ homeVillageCode: '410122999999' }), 5)),
      'UNKNOWN_PLACE',
    );
    assert.equal(
      code(() => index.topCandidatesForPosting(posting({ placeCode: '410101001' }), 5)),
      'UNKNOWN_PLACE',
    );
    assert.equal(
      code(() => index.upsertPosting(posting({ id: 'x', occupationCode: '1-2' }))),
      'UNKNOWN_OCCUPATION',
    );
    assert.equal(
      code(() => index.searchPostings('焊工', 5, { occupationCode: '9' })),
      'UNKNOWN_OCCUPATION',
    );
    assert.equal(
      code(() => index.searchPostings('焊工', 5, { placeCode: '410122999' })),
      'UNKNOWN_PLACE',
    );
    assert.equal(index.hasPosting('x'), false);
  });

  it('rejects unknown ids and bad input', () => {
    assert.equal(
      code(() => index.topPostingsForSeeker('nobody', 5)),
      'UNKNOWN_SEEKER',
    );
    assert.equal(
      code(() => index.topCandidatesForPosting('nothing', 5)),
      'UNKNOWN_POSTING',
    );
    assert.equal(
      code(() => index.upsertPosting(posting({ wageMinFen: 9, wageMaxFen: 1 }))),
      'INVALID_PROFILE',
    );
    assert.equal(
      code(() => index.upsertPosting(posting({ closingDate: '2026/12/01' }))),
      'INVALID_PROFILE',
    );
    assert.equal(
      code(() => index.topPostingsForSeeker('s-1', -1)),
      'INVALID_QUERY',
    );
  });
});

describe('matching: upsert and remove', () => {
  it('keeps buckets consistent through updates, removals and slot reuse', () => {
    const index = new MatchingIndex({ today });
    index.upsertSeeker(seeker());
    index.upsertPosting(posting({ id: 'a' }));
    index.upsertPosting(posting({ id: 'b', occupationCode: CASHIER, title: '超市收银员' }));
    assert.deepEqual(
      index.topPostingsForSeeker('s-1', 5).map((r) => r.id),
      ['a', 'b'],
    );
    // Change a's occupation: it moves bucket; the keyword index follows.
    index.upsertPosting(posting({ id: 'a', occupationCode: CASHIER, title: '收银员' }));
    assert.equal(index.explainMatch('s-1', 'a').parts.occupation, 0);
    assert.deepEqual(
      index.searchPostings('焊工', 5).map((h) => h.id),
      [],
    );
    assert.equal(index.removePosting('a'), true);
    assert.equal(index.removePosting('a'), false);
    index.upsertPosting(posting({ id: 'c' })); // reuses a's slot
    assert.deepEqual(
      index.topPostingsForSeeker('s-1', 5).map((r) => r.id),
      ['c', 'b'],
    );
    assert.deepEqual(
      index.searchPostings('收银', 5).map((h) => h.id),
      ['b'],
    );

    index.upsertSeeker(seeker({ id: 's-2', occupationCodes: [] }));
    index.upsertSeeker(seeker({ id: 's-2', occupationCodes: [WELDER, LATHE], available: false }));
    assert.deepEqual(
      index.topCandidatesForPosting('c', 5).map((r) => r.id),
      ['s-1'],
    );
    assert.deepEqual(
      index
        .topCandidatesForPosting('c', 5, { includeUnavailable: true })
        .map((r) => r.id)
        .sort(),
      ['s-1', 's-2'],
    );
    index.removeSeeker('s-1');
    assert.deepEqual(
      index.topCandidatesForPosting('c', 5, { includeUnavailable: true }).map((r) => r.id),
      ['s-2'],
    );
    const stats = index.stats();
    assert.equal(stats.postings, 2);
    assert.equal(stats.seekers, 1);
    assert.equal(stats.availableSeekers, 0);
  });

  it('ranks only postings open on the day, and leaves out excluded ids', () => {
    const index = new MatchingIndex({ today });
    index.upsertSeeker(seeker());
    index.upsertPosting(posting({ id: 'open' }));
    index.upsertPosting(posting({ id: 'closed', closingDate: '2026-11-27' }));
    index.upsertPosting(posting({ id: 'future', openFrom: '2026-12-01' }));
    index.upsertPosting(posting({ id: 'no-end', closingDate: null }));
    assert.deepEqual(
      index.topPostingsForSeeker('s-1', 10).map((r) => r.id),
      ['no-end', 'open'],
    );
    assert.deepEqual(
      index.topPostingsForSeeker('s-1', 10, { asOf: '2026-12-02', excludeIds: ['no-end'] }).map((r) => r.id),
      ['future', 'open'],
    );
    assert.equal(index.stats().openPostings, 2);
  });
});

// ── property: the pruned top-k equals a brute-force ranking ─────────────────────────────────────────────────────

const OCCS = [WELDER, LATHE, CAR_ASSEMBLY, BRICKLAYER, REBAR, CASHIER, '4-10-01-05', '6-29-04-01'];
const PLACES = [QINGNIANLU_A, QINGNIANLU_B, GUANDU, LANGCHENGGANG, '410122102201', '410122105201', null];
const SKILLS = ['焊接识图', '气体保护焊', '识图放线', '收银系统操作', '生活照料', '抹灰', '叉车'];
const EDUS = [null, 'primary', 'junior_secondary', 'senior_secondary', 'junior_college', 'bachelor'] as const;

const arbPosting = (i: number) =>
  fc
    .record({
      occupationCode: fc.constantFrom(...OCCS),
      skills: fc.subarray(SKILLS),
      educationMin: fc.constantFrom(...EDUS),
      wageMinFen: fc.integer({ min: 2000, max: 6000 }).map((x) => x * 100),
      wageSpread: fc.integer({ min: 0, max: 3000 }).map((x) => x * 100),
      placeCode: fc.constantFrom(...PLACES),
      hours: fc.constantFrom<HoursKind>(...hoursKinds),
      closed: fc.boolean(),
    })
    .map(
      (r): PostingProfile =>
        posting({
          id: `p${String(i).padStart(3, '0')}`,
          occupationCode: r.occupationCode,
          skills: r.skills,
          educationMin: r.educationMin,
          wageMinFen: r.wageMinFen,
          wageMaxFen: r.wageMinFen + r.wageSpread,
          placeCode: r.placeCode,
          hours: r.hours,
          closingDate: r.closed ? '2026-11-01' : null,
        }),
    );

const arbSeeker = (i: number) =>
  fc
    .record({
      occupationCodes: fc.subarray(OCCS, { maxLength: 3 }),
      skills: fc.subarray(SKILLS),
      education: fc.constantFrom(...EDUS),
      expectedWageFen: fc.option(fc.integer({ min: 2000, max: 9000 }).map((x) => x * 100)),
      homeVillageCode: fc.constantFrom(QINGNIANLU_A, QINGNIANLU_B, '410122102201', '410122105201', null),
      maxCommuteKm: fc.option(fc.integer({ min: 1, max: 50 })),
      hoursWanted: fc.subarray([...hoursKinds]),
      priority: fc.boolean(),
      available: fc.boolean(),
    })
    .map((r): SeekerProfile => ({ ...r, id: `s${String(i).padStart(3, '0')}` }));

const population = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }))
  .chain(([np, ns]) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: np }, (_, i) => arbPosting(i))),
      fc.tuple(...Array.from({ length: ns }, (_, i) => arbSeeker(i))),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 5 }),
    ),
  );

describe('matching: top-k equals a brute-force sort (property)', () => {
  it('seeker → postings and posting → candidates', () => {
    fc.assert(
      fc.property(population, ([allPs, allSs, k, removed]) => {
        const index = new MatchingIndex({ today });
        for (const p of allPs) index.upsertPosting(p);
        for (const s of allSs) index.upsertSeeker(s);
        // Remove a few of each, and re-add one changed: buckets must follow.
        const ps = allPs.slice(removed);
        const ss = allSs.slice(removed);
        for (const p of allPs.slice(0, removed)) index.removePosting(p.id);
        for (const s of allSs.slice(0, removed)) index.removeSeeker(s.id);
        const first = ss[0];
        if (first) {
          const changed = { ...first, priority: !first.priority, maxCommuteKm: 3, expectedWageFen: 900_000 };
          index.upsertSeeker(changed);
          ss[0] = changed;
        }
        for (const s of ss) {
          const got = index.topPostingsForSeeker(s.id, k);
          const all = ps
            .filter((p) => p.closingDate === null)
            .map((p) => index.explainMatch(s.id, p.id).score)
            .sort((a, b) => b - a);
          assert.deepEqual(
            got.map((r) => r.score),
            all.slice(0, k),
          );
          for (const r of got) assert.equal(r.score, index.explainMatch(s.id, r.id).score);
        }
        for (const p of ps) {
          const got = index.topCandidatesForPosting(p.id, k);
          const all = ss
            .filter((s) => s.available)
            .map((s) => index.explainMatch(s.id, p.id).score)
            .sort((a, b) => b - a);
          assert.deepEqual(
            got.map((r) => r.score),
            all.slice(0, k),
          );
        }
      }),
      { numRuns: 80, seed: 20261128 },
    );
  });
});
