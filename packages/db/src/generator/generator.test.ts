import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkIdNumber, checkPhone, checkUscc } from '@qiaoti/contracts/standards';
import { generateCounty } from './county.ts';
import { generateEmployers } from './employers.ts';
import type { GeneratedHousehold, GeneratedPerson } from './model.ts';
import { isKnownOccupation } from './occupations.ts';
import { createRng } from './prng.ts';
import { isSyntheticIdNumber, isSyntheticPhone, isSyntheticUscc, orgCodeCheckChar } from './synthetic-ids.ts';
import { villageByCode } from './villages.ts';

const YEAR_MS = 365.2425 * 86_400_000;
const DEEP = 40_000;
const ageAt = (birth: string, asOf = '2026-01-01') => (Date.parse(asOf) - Date.parse(birth)) / YEAR_MS;

function people(households: Iterable<GeneratedHousehold>): GeneratedPerson[] {
  const out: GeneratedPerson[] = [];
  for (const h of households) out.push(...h.members);
  return out;
}

describe('synthetic county generator', () => {
  it('is deterministic: the same seed gives the same persons, another seed others', () => {
    const a = people(generateCounty({ seed: 7, persons: 1_500 }));
    const b = people(generateCounty({ seed: 7, persons: 1_500 }));
    const c = people(generateCounty({ seed: 8, persons: 1_500 }));
    assert.equal(a.length, 1_500);
    assert.deepEqual(a, b);
    assert.notDeepEqual(
      a.slice(0, 50).map((p) => p.idNumber),
      c.slice(0, 50).map((p) => p.idNumber),
    );
    assert.notDeepEqual(
      a.slice(0, 50).map((p) => p.name),
      c.slice(0, 50).map((p) => p.name),
    );
  });

  it('sfc32 streams are reproducible and spread evenly', () => {
    const r1 = createRng('seed');
    const r2 = createRng('seed');
    const xs = Array.from({ length: 10_000 }, () => r1.next());
    assert.deepEqual(
      xs.slice(0, 5),
      Array.from({ length: 5 }, () => r2.next()),
    );
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  // 200,000 persons: every ID synthetic, checksum-valid and unique; the first 40,000 checked in depth.
  it('makes 200,000 persons with unique, checksum-valid, synthetic IDs and a plausible county', () => {
    const ids = new Set<string>();
    const phones = new Set<string>();
    const households = new Set<string>();
    let persons = 0;
    let men = 0;
    let children = 0;
    let elderly = 0;
    let householdCount = 0;
    let withPhone = 0;
    let crossLinks = 0;
    const linkable = new Map<number, string>();
    for (const h of generateCounty({ seed: 2026, persons: 200_000 })) {
      householdCount++;
      assert.ok(h.members.length >= 1 && h.members.length <= 7, `household size ${h.members.length}`);
      assert.equal(h.members[0]?.relation, 'head');
      assert.ok(villageByCode.has(h.villageCode), h.villageCode);
      assert.ok(!households.has(h.householdNumber), 'household numbers are unique');
      households.add(h.householdNumber);
      for (const link of h.parentLinks) {
        const parentBirth = linkable.get(link.parentIndex);
        const child = h.members[link.child];
        assert.ok(parentBirth && child, 'a parent link names an earlier, linkable person');
        const gap = ageAt(parentBirth) - ageAt(child.birthDate);
        assert.ok(gap >= 15 && gap <= 60, `parent in another household ${gap.toFixed(1)} years older`);
        crossLinks++;
      }
      for (const p of h.members) {
        if (p.mayBeLinked) linkable.set(p.index, p.birthDate);
        persons++;
        assert.ok(isSyntheticIdNumber(p.idNumber));
        assert.ok(!ids.has(p.idNumber), 'ID numbers are unique');
        ids.add(p.idNumber);
        if (p.gender === 'M') men++;
        if (persons > DEEP) continue;
        const check = checkIdNumber(p.idNumber, new Date('2026-01-02'));
        assert.ok(check.ok, `${p.index}: ${check.ok ? '' : check.reason}`);
        assert.equal(check.birthDate, p.birthDate);
        assert.equal(check.gender, p.gender);
        if (p.phone) {
          withPhone++;
          assert.ok(checkPhone(p.phone).ok && isSyntheticPhone(p.phone));
          assert.ok(!phones.has(p.phone), 'phones are unique');
          phones.add(p.phone);
        }
        if (p.occupationCode) assert.ok(isKnownOccupation(p.occupationCode), p.occupationCode);
        if (p.monthlyIncomeFen !== null)
          assert.ok(Number.isInteger(p.monthlyIncomeFen) && p.monthlyIncomeFen >= 0);
        assert.ok(villageByCode.has(p.hukouPlaceCode) && villageByCode.has(p.residenceVillageCode));
        const age = ageAt(p.birthDate);
        assert.ok(age >= 0 && age < 101, `age ${age}`);
        if (age < 15) {
          children++;
          assert.notEqual(p.employmentStatus, 'employed');
        }
        if (age >= 60) elderly++;
      }
      for (const r of persons > DEEP ? [] : h.relations) {
        const a = h.members[r.from];
        const b = h.members[r.to];
        assert.ok(a && b);
        if (r.kind === 'parent_of') {
          const gap = ageAt(a.birthDate) - ageAt(b.birthDate);
          assert.ok(gap >= 15 && gap <= 60, `parent ${gap.toFixed(1)} years older`);
        } else {
          assert.ok(ageAt(a.birthDate) >= 20 && ageAt(b.birthDate) >= 20, 'spouses are adults');
          assert.ok(Math.abs(ageAt(a.birthDate) - ageAt(b.birthDate)) <= 16, 'spouses of similar age');
        }
      }
    }
    assert.equal(persons, 200_000);
    assert.ok(crossLinks > 5_000, `${crossLinks} parent links across households`);
    const mean = persons / householdCount;
    assert.ok(mean > 2.7 && mean < 3.0, `mean household size ${mean}`);
    assert.ok(men / persons > 0.49 && men / persons < 0.53, `share of men ${men / persons}`);
    assert.ok(children / DEEP > 0.12 && children / DEEP < 0.28, `under 15: ${children / DEEP}`);
    assert.ok(elderly / DEEP > 0.12 && elderly / DEEP < 0.3, `60 and over: ${elderly / DEEP}`);
    assert.ok(withPhone / DEEP > 0.6);
  });

  it('fills only the villages asked for, and rejects an unknown village code', () => {
    const codes = ['410122001201', '410122102201'];
    for (const h of generateCounty({ seed: 1, persons: 300, villageCodes: codes })) {
      assert.ok(codes.includes(h.villageCode));
    }
    assert.throws(
      () => [...generateCounty({ seed: 1, persons: 10, villageCodes: ['410122999999'] })],
      /未知/,
    );
  });

  it('gives employers valid, synthetic 统一社会信用代码 and puts employees with them', () => {
    const employers = generateEmployers({ seed: 3, persons: 20_000 });
    assert.ok(employers.length >= 19);
    for (const e of employers) {
      assert.ok(checkUscc(e.uscc).ok, e.uscc);
      assert.ok(isSyntheticUscc(e.uscc));
    }
    assert.equal(new Set(employers.map((e) => e.uscc)).size, employers.length);
    assert.equal(orgCodeCheckChar('M000100Y'), '4'); // GB 32100's example 91350100M000100Y43
    const employed = people(generateCounty({ seed: 3, persons: 20_000 })).filter(
      (p) => p.employerIndex !== null,
    );
    assert.ok(employed.length > 500);
    for (const p of employed) {
      assert.equal(p.employmentStatus, 'employed');
      assert.ok((p.employerIndex ?? -1) < employers.length);
    }
  });

  it('does not flag real-looking ID numbers as synthetic', () => {
    assert.equal(isSyntheticIdNumber('410122199001011234'), false);
    assert.equal(isSyntheticIdNumber('11010519491231002X'), false);
    assert.equal(isSyntheticPhone('13812345678'), false);
  });
});
