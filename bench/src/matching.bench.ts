// `npm run bench:matching`: the matching index on the synthetic county — 1,000,000 persons, 300,000 registered
// seekers drawn from them, 50,000 open postings (deterministic, seeded; bench/src/matching-data.ts). Measures index
// build time and memory, seeker → top 20 postings, posting → top 50 candidates, keyword search; then ranks the same
// seeker → postings as ONE PostgreSQL query (with indexes) on a real server — DATABASE_URL's, or a temporary one
// this script starts from the machine's PostgreSQL binaries — checks that both give the same top 20, and prints the
// speed ratio. Writes bench/results/matching.json.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { occupationAncestry } from '@qiaoti/contracts';
import { openScratchDatabase } from '@qiaoti/db';
import { createRng } from '@qiaoti/db/generator/index';
import {
  commuteKm,
  defaultConfig,
  EDUCATION_RANK,
  MatchingIndex,
  OCCUPATION_FIT,
  OUTSIDE_COUNTY_KM,
  type PostingProfile,
  resolvePlace,
  SAME_TOWNSHIP_KM,
  SAME_VILLAGE_KM,
  type SeekerProfile,
  townships,
} from '@qiaoti/matching';
import { HOURS_FIT, HOURS_INDEX } from '@qiaoti/matching/scoring';
import pg from 'pg';
import { AS_OF, generatePostings, generateSeekers, QUERIES } from './matching-data.ts';
import { type Figure, writeResults } from './results.ts';

const SEP = '\u001f';
const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const SEEKERS = Math.round((300_000 * PERSONS) / 1_000_000);
const POSTINGS = Math.round((50_000 * PERSONS) / 1_000_000);
const PG_QUERIES = Number(process.env.BENCH_PG_QUERIES ?? 100);
const say = (s: string) => process.stderr.write(`${s}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
// The seeker → postings ranking as one SQL query: the same parts and weights as the index, computed by the database
// over every open posting for the seeker (hierarchy denormalised into columns, skills as text[] with a GIN index,
// distances in a township table, hours fit precomputed per seeker).
const W = new MatchingIndex().weights;
const f8 = (x: number | undefined) => `${x ?? 0}::float8`;
const RANK_SQL = `
select p.id,
    ${f8(W.occupation)} * (case
        when cardinality(s.occs) = 0 then 0::float8
        when p.occ = any(s.occs) then ${f8(OCCUPATION_FIT[4])}
        when p.occ_small = any(s.occ_smalls) then ${f8(OCCUPATION_FIT[3])}
        when p.occ_middle = any(s.occ_middles) then ${f8(OCCUPATION_FIT[2])}
        when p.occ_major = any(s.occ_majors) then ${f8(OCCUPATION_FIT[1])}
        else 0::float8 end)
  + ${f8(W.skills)} * (case when cardinality(p.skills) = 0 then 1::float8
        else (select count(*) from unnest(p.skills) sk where sk = any(s.skills))::float8 / cardinality(p.skills) end)
  + ${f8(W.distance)} * (case when s.township is null then 0.5::float8
        when k.km <= s.max_km then 1 - (0.5 * k.km) / s.max_km
        else greatest(0::float8, 0.5 - (k.km - s.max_km) / s.max_km) end)
  + ${f8(W.wage)} * (case when s.exp_wage is null then 0.6::float8 when s.exp_wage <= p.wage_max then 1::float8
        else greatest(0::float8, 1 - (2.5 * (s.exp_wage - p.wage_max)) / s.exp_wage) end)
  + ${f8(W.hours)} * s.hours_fit[p.hours + 1]
  + ${f8(W.education)} * (case when p.edu_min is null then 1::float8 when s.edu is null then 0.5::float8
        when s.edu >= p.edu_min then 1::float8 when p.edu_min - s.edu = 1 then 0.4::float8 else 0::float8 end)
  + (case when s.priority then ${f8(W.priority)} else 0::float8 end) as score
from m_seeker s
cross join m_posting p
left join m_township_km d on d.a = s.township and d.b = p.township
cross join lateral (select case
    when p.township is null then ${f8(OUTSIDE_COUNTY_KM)}
    when p.township = s.township then
      (case when p.village = s.village then ${f8(SAME_VILLAGE_KM)} else ${f8(SAME_TOWNSHIP_KM)} end)
    else d.km end as km) k
where s.id = $1 and p.open_from <= $2::date and (p.closing_date is null or p.closing_date >= $2::date)
order by score desc, p.id collate "C"
limit 20`;

const loadAtStart = loadavg()[0] ?? 0;
say(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
if (!gc) say('（未启用 --expose-gc：内存数字含未回收的垃圾）');

// ── Data ──────────────────────────────────────────────────────────────────────────────────────────────────────
const heap0 = heapMb();
let t0 = performance.now();
const gen = generateSeekers(PERSONS, SEEKERS);
let seekers: SeekerProfile[] | null = gen.seekers;
let postings: PostingProfile[] | null = generatePostings(POSTINGS, gen.occupationWeights);
say(
  `synthetic county: ${gen.personsSeen} persons → ${seekers.length} seekers, ${postings.length} postings (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
const seekerCount = seekers.length;
const postingCount = postings.length;
const rng = createRng('matching-bench-queries');
const availableIds = seekers.filter((s) => s.available).map((s) => s.id);
const seekerSample = Array.from({ length: 1200 }, () => rng.pick(availableIds));
const postingSample = Array.from({ length: 600 }, () => rng.pick(postings ?? []).id);

// ── PostgreSQL: load first (so the arrays can be dropped before measuring the index's memory) ────────────────────
const pgHandle = await openPostgres();
await loadPostgres(pgHandle.client, seekers, postings);

// ── Index build ───────────────────────────────────────────────────────────────────────────────────────────────
t0 = performance.now();
const index = new MatchingIndex({ today: () => AS_OF });
for (const p of postings) index.upsertPosting(p);
for (const s of seekers) index.upsertSeeker(s);
const buildS = (performance.now() - t0) / 1000;
seekers = null;
postings = null;
const indexMb = heapMb() - heap0;
say(`index built in ${buildS.toFixed(2)} s, ${indexMb.toFixed(0)} MB heap; ${JSON.stringify(index.stats())}`);

// ── Index queries ─────────────────────────────────────────────────────────────────────────────────────────────
function time(n: number, warm: number, run: (i: number) => unknown): number[] {
  for (let i = 0; i < warm; i++) run(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    run(warm + i);
    out.push(performance.now() - t);
  }
  return out;
}
const seekerMs = time(1000, 200, (i) => index.topPostingsForSeeker(seekerSample[i] ?? '', 20));
const postingMs = time(500, 100, (i) => index.topCandidatesForPosting(postingSample[i] ?? '', 50));
const keywordMs = time(QUERIES.length * 5, QUERIES.length, (i) =>
  index.searchPostings(QUERIES[i % QUERIES.length]?.q ?? '', 20),
);
say(
  `index: seeker→top20 p50 ${pct(seekerMs, 50).toFixed(3)} ms p99 ${pct(seekerMs, 99).toFixed(3)} ms · posting→top50 p50 ${pct(postingMs, 50).toFixed(3)} ms p99 ${pct(postingMs, 99).toFixed(3)} ms · keyword p50 ${pct(keywordMs, 50).toFixed(3)} ms p99 ${pct(keywordMs, 99).toFixed(3)} ms`,
);

// ── The same ranking as one PostgreSQL query ──────────────────────────────────────────────────────────────────
const pgMs: number[] = [];
let agreement = { sameOrder: 0, sameSet: 0, overlap: 0 };
try {
  const sqlIds = seekerSample.slice(0, PG_QUERIES + 5);
  const rankings: Array<{ id: string; score: number }[]> = [];
  for (const [i, id] of sqlIds.entries()) {
    const t = performance.now();
    const r = await pgHandle.client.query<{ id: string; score: number }>(RANK_SQL, [id, AS_OF]);
    if (i >= 5) pgMs.push(performance.now() - t);
    rankings.push(r.rows);
  }
  // Agreement: same ids in the same order; scores equal to 0.1 (the index reports one decimal).
  let sameOrder = 0;
  let sameSet = 0;
  let overlap = 0;
  let maxDiff = 0;
  for (const [i, id] of sqlIds.entries()) {
    const mine = index.topPostingsForSeeker(id, 20);
    const theirs = rankings[i] ?? [];
    if (mine.map((r) => r.id).join() === theirs.map((r) => r.id).join()) sameOrder++;
    const a = new Set(mine.map((r) => r.id));
    const common = theirs.filter((r) => a.has(r.id)).length;
    overlap += common / Math.max(1, mine.length);
    if (common === mine.length && mine.length === theirs.length) sameSet++;
    for (const [k, r] of mine.entries()) {
      const s = theirs[k];
      if (s) maxDiff = Math.max(maxDiff, Math.abs(r.score - Math.round(Math.min(100, s.score) * 10) / 10));
    }
  }
  const n = sqlIds.length;
  agreement = { sameOrder: sameOrder / n, sameSet: sameSet / n, overlap: overlap / n };
  say(
    `agreement on ${n} seekers (top 20): same ids in same order ${sameOrder}/${n}, same set ${sameSet}/${n}, mean overlap ${((overlap / n) * 100).toFixed(1)} %, max score difference at equal rank ${maxDiff.toFixed(1)}`,
  );
  const plan = await pgHandle.client.query<{ 'QUERY PLAN': string }>(`explain analyze ${RANK_SQL}`, [
    sqlIds[0],
    AS_OF,
  ]);
  say(
    `plan (${pgHandle.version}):\n  ${plan.rows.map((r) => (r['QUERY PLAN'].length > 150 ? `${r['QUERY PLAN'].slice(0, 150)} …` : r['QUERY PLAN'])).join('\n  ')}`,
  );
  say(`PostgreSQL: seeker→top20 p50 ${pct(pgMs, 50).toFixed(1)} ms p99 ${pct(pgMs, 99).toFixed(1)} ms`);
} finally {
  await pgHandle.close();
}

const figures: Record<string, Figure> = {
  seeker_top20_p50_ms: { value: pct(seekerMs, 50), unit: 'ms', target: 5, direction: 'max' },
  seeker_top20_p99_ms: { value: pct(seekerMs, 99), unit: 'ms', target: 25, direction: 'max' },
  posting_top50_p50_ms: { value: pct(postingMs, 50), unit: 'ms', target: 20, direction: 'max' },
  posting_top50_p99_ms: { value: pct(postingMs, 99), unit: 'ms', target: 80, direction: 'max' },
  keyword_search_p50_ms: { value: pct(keywordMs, 50), unit: 'ms', target: 20, direction: 'max' },
  speedup_vs_postgres_query: {
    value: Number((pct(pgMs, 50) / Math.max(1e-6, pct(seekerMs, 50))).toFixed(1)),
    unit: '×',
    target: 10,
    direction: 'min',
  },
  index_build_s: { value: Number(buildS.toFixed(2)), unit: 's' },
  index_memory_mb: { value: Math.round(indexMb), unit: 'MB' },
  postgres_seeker_top20_p50_ms: { value: Number(pct(pgMs, 50).toFixed(1)), unit: 'ms' },
  postgres_agreement_same_order: { value: Number(agreement.sameOrder.toFixed(3)), unit: 'ratio' },
  postgres_agreement_overlap: { value: Number(agreement.overlap.toFixed(3)), unit: 'ratio' },
  persons: { value: gen.personsSeen, unit: 'persons' },
  seekers: { value: seekerCount, unit: 'seekers' },
  postings: { value: postingCount, unit: 'postings' },
  load_average_1min_at_start: { value: Number(loadAtStart.toFixed(2)), unit: 'load' },
};
say(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
writeResults('matching', figures);

// ── helpers (hoisted) ─────────────────────────────────────────────────────────────────────────────────────────

interface PgHandle {
  client: pg.Client;
  version: string;
  close(): Promise<void>;
}

/** A throwaway database: on DATABASE_URL's server, or on a temporary server started from the local binaries. */
async function openPostgres(): Promise<PgHandle> {
  const name = `qiaoti_bench_matching_${process.pid}`;
  let url = process.env.DATABASE_URL;
  let stopServer = () => {};
  if (!url) {
    const bin =
      process.env.PG_BIN ??
      (existsSync('/usr/lib/postgresql')
        ? `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort().at(-1)}/bin`
        : '');
    if (!bin || !existsSync(join(bin, 'initdb'))) {
      throw new Error('需要 PostgreSQL：请设置 DATABASE_URL，或安装 PostgreSQL 15（initdb、pg_ctl）');
    }
    const dir = mkdtempSync(join(tmpdir(), 'qiaoti-bench-pg-'));
    chmodSync(dir, 0o777);
    const port = await freePort();
    const asPostgres = process.getuid?.() === 0;
    const run = (cmd: string) =>
      asPostgres
        ? execFileSync('su', ['postgres', '-c', cmd], { stdio: 'ignore' })
        : execFileSync('sh', ['-c', cmd], { stdio: 'ignore' });
    say(`starting a temporary PostgreSQL (${bin}) on port ${port} …`);
    run(`${bin}/initdb -D ${dir}/data -A trust -U postgres -E UTF8 --locale=C.UTF-8`);
    run(
      `${bin}/pg_ctl -D ${dir}/data -l ${dir}/log -w start -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB -c work_mem=64MB"`,
    );
    let stopped = false;
    stopServer = () => {
      if (stopped) return;
      stopped = true;
      try {
        run(`${bin}/pg_ctl -D ${dir}/data -m fast -w stop`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    // Also when this script fails half-way: never leave the temporary server running.
    process.on('exit', stopServer);
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }
  const scratch = await openScratchDatabase(url, name);
  const client = new pg.Client({ connectionString: scratch.url });
  client.on('error', (e) => say(`PostgreSQL: ${e.message}`));
  await client.connect();
  const version =
    (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?';
  return {
    client,
    version: `PostgreSQL ${version}`,
    async close() {
      await client.end();
      try {
        await scratch.close();
      } finally {
        stopServer();
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Postings and seekers in plain tables, with the hierarchy denormalised and the indexes a good team would add. */
async function loadPostgres(
  c: pg.Client,
  ss: readonly SeekerProfile[],
  ps: readonly PostingProfile[],
): Promise<void> {
  const t = performance.now();
  await c.query(`
    create table m_posting (
      id text primary key, occ text not null, occ_small text, occ_middle text, occ_major text,
      skills text[] not null, edu_min int, wage_min float8 not null, wage_max float8 not null,
      township int, village int, hours int not null, open_from date not null, closing_date date);
    create table m_seeker (
      id text primary key, occs text[] not null, occ_smalls text[] not null, occ_middles text[] not null,
      occ_majors text[] not null, skills text[] not null, edu int, exp_wage float8, township int, village int,
      max_km float8 not null, hours_fit float8[] not null, priority boolean not null, available boolean not null);
    create table m_township_km (a int, b int, km float8 not null, primary key (a, b));`);
  const km: [number, number, number][] = [];
  for (let a = 0; a < townships.length; a++) {
    for (let b = 0; b < townships.length; b++) if (a !== b) km.push([a, b, commuteKm(a, -1, b, -1)]);
  }
  await c.query('insert into m_township_km select * from unnest($1::int[], $2::int[], $3::float8[])', [
    km.map((r) => r[0]),
    km.map((r) => r[1]),
    km.map((r) => r[2]),
  ]);
  const anc = (code: string) => occupationAncestry(code);
  const norm = (xs: readonly string[]) => [
    ...new Set(xs.map((x) => x.normalize('NFKC').toLowerCase().trim())),
  ];
  for (let i = 0; i < ps.length; i += 10_000) {
    const rows = ps.slice(i, i + 10_000);
    const place = rows.map((p) => (p.placeCode === null ? undefined : resolvePlace(p.placeCode)));
    await c.query(
      `insert into m_posting
         select u.id, u.occ, u.s, u.m, u.g,
                case when u.sk = '' then '{}'::text[] else string_to_array(u.sk, chr(31)) end,
                u.edu, u.wmin, u.wmax, u.town, u.vil, u.hours, u.open_from, u.closing
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
                       $8::float8[], $9::float8[], $10::int[], $11::int[], $12::int[], $13::date[], $14::date[])
             as u(id, occ, s, m, g, sk, edu, wmin, wmax, town, vil, hours, open_from, closing)`,
      [
        rows.map((p) => p.id),
        rows.map((p) => p.occupationCode),
        rows.map((p) => anc(p.occupationCode)[1] ?? null),
        rows.map((p) => anc(p.occupationCode)[2] ?? null),
        rows.map((p) => anc(p.occupationCode)[3] ?? null),
        rows.map((p) => norm(p.skills).join(SEP)),
        rows.map((p) => (p.educationMin === null ? null : EDUCATION_RANK[p.educationMin])),
        rows.map((p) => p.wageMinFen),
        rows.map((p) => p.wageMaxFen),
        place.map((x) => x?.township ?? null),
        place.map((x) => (x && x.village >= 0 ? x.village : null)),
        rows.map((p) => HOURS_INDEX[p.hours]),
        rows.map((p) => p.openFrom),
        rows.map((p) => p.closingDate),
      ],
    );
  }
  const arr = (xs: readonly string[]) => xs.join(SEP);
  for (let i = 0; i < ss.length; i += 10_000) {
    const rows = ss.slice(i, i + 10_000);
    const level = (s: SeekerProfile, k: number) =>
      arr([...new Set(s.occupationCodes.map((c) => anc(c)[k] ?? ''))]);
    const place = rows.map((s) => (s.homeVillageCode === null ? undefined : resolvePlace(s.homeVillageCode)));
    const hoursFit = rows.map((s) => {
      let mask = 0;
      for (const h of s.hoursWanted) mask |= 1 << HOURS_INDEX[h];
      return `{${[0, 1, 2, 3].map((h) => HOURS_FIT[mask * 4 + h]).join(',')}}`;
    });
    const split = (n: number) =>
      `case when u.c${n} = '' then '{}'::text[] else string_to_array(u.c${n}, chr(31)) end`;
    await c.query(
      `insert into m_seeker
         select u.id, ${split(2)}, ${split(3)}, ${split(4)}, ${split(5)}, ${split(6)}, u.edu, u.wage, u.town, u.vil,
                u.max_km, u.hours_fit::float8[], u.priority, u.available
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
                       $8::float8[], $9::int[], $10::int[], $11::float8[], $12::text[], $13::boolean[], $14::boolean[])
             as u(id, c2, c3, c4, c5, c6, edu, wage, town, vil, max_km, hours_fit, priority, available)`,
      [
        rows.map((s) => s.id),
        rows.map((s) => arr(s.occupationCodes)),
        rows.map((s) => level(s, 1)),
        rows.map((s) => level(s, 2)),
        rows.map((s) => level(s, 3)),
        rows.map((s) => arr(norm(s.skills))),
        rows.map((s) => (s.education === null ? null : EDUCATION_RANK[s.education])),
        rows.map((s) => s.expectedWageFen),
        place.map((x) => x?.township ?? null),
        place.map((x) => (x && x.village >= 0 ? x.village : null)),
        rows.map((s) => s.maxCommuteKm ?? defaultConfig.defaultMaxCommuteKm),
        hoursFit,
        rows.map((s) => s.priority),
        rows.map((s) => s.available),
      ],
    );
  }
  await c.query(`
    create index m_posting_open on m_posting (open_from, closing_date);
    create index m_posting_occ on m_posting (occ);
    create index m_posting_skills on m_posting using gin (skills);
    create index m_posting_township on m_posting (township);
    analyze m_posting; analyze m_seeker; analyze m_township_km;`);
  say(
    `PostgreSQL loaded: ${ps.length} postings, ${ss.length} seekers (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
}
