import { anniversary, compactOf, dayOf, isoOf, yearOf } from './calendar.ts';
import { employerIndexBySector, generateEmployers } from './employers.ts';
import type {
  EducationLevel,
  EmploymentStatus,
  Gender,
  GeneratedHousehold,
  GeneratedPerson,
  GeneratedRelation,
  GenerateOptions,
  HouseholdRelation,
  HukouKind,
} from './model.ts';
import { drawGivenName, drawSurname } from './names.ts';
import { occupationFor, occupationSector } from './occupations.ts';
import { createRng, type Rng, WeightedTable } from './prng.ts';
import { syntheticIdNumber, syntheticPhone } from './synthetic-ids.ts';
import { shortVillageName, type Village, type VillageClass, villageByCode, villages } from './villages.ts';

/**
 * The synthetic county: households with members, streamed one household at a time (memory stays flat at any size).
 * Deterministic: the same options give the same households, byte for byte.
 *
 * How a household is made: a village (weighted by its size), a household size (1–7, smaller in the county town),
 * a composition for that size (single, couple, couple with children, three generations, grandparents with
 * left-behind grandchildren …), ages that fit it (mothers 19–38 at a birth, spouses a few years apart, the head's
 * parents ~27 years older), then for each person a latent household advantage shared by the family (so children's
 * education and income follow their parents'), education by birth cohort, employment by age and place, an
 * occupation, a skewed monthly income, and a synthetic ID number and phone.
 */

export const DEFAULT_AS_OF = '2026-01-01';

type Draft = { sex: Gender; age: number; rel: HouseholdRelation; surname: string };

const SIZE_TABLES: Record<VillageClass, WeightedTable<number>> = {
  community: new WeightedTable([1, 2, 3, 4, 5, 6, 7], [0.25, 0.32, 0.23, 0.11, 0.05, 0.03, 0.01]),
  town_village: new WeightedTable([1, 2, 3, 4, 5, 6, 7], [0.2, 0.3, 0.21, 0.14, 0.09, 0.045, 0.015]),
  rural: new WeightedTable([1, 2, 3, 4, 5, 6, 7], [0.18, 0.28, 0.2, 0.16, 0.1, 0.055, 0.025]),
};

const HUKOU_TABLES: Record<VillageClass, WeightedTable<HukouKind>> = {
  community: WeightedTable.of([
    ['resident', 0.5],
    ['non_agricultural', 0.35],
    ['agricultural', 0.15],
  ]),
  town_village: WeightedTable.of([
    ['agricultural', 0.55],
    ['resident', 0.35],
    ['non_agricultural', 0.1],
  ]),
  rural: WeightedTable.of([
    ['agricultural', 0.88],
    ['resident', 0.1],
    ['non_agricultural', 0.02],
  ]),
};

const CLASS_ADVANTAGE: Record<VillageClass, number> = { community: 0.6, town_village: 0.25, rural: 0 };

const EDUCATION_ORDER: readonly EducationLevel[] = [
  'none',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'secondary_vocational',
  'junior_college',
  'bachelor',
  'master',
  'doctorate',
];

// Highest education by birth cohort (percent, in EDUCATION_ORDER), shaped on census shares for rural Henan.
const EDUCATION_BY_COHORT: ReadonlyArray<readonly [number, WeightedTable<EducationLevel>]> = (
  [
    [1950, [25, 45, 22, 5, 1, 1.5, 0.5, 0, 0]],
    [1965, [8, 33, 40, 12, 3, 2.5, 1.5, 0, 0]],
    [1980, [2, 16, 50, 15, 7, 6, 3.7, 0.3, 0]],
    [1990, [0.5, 7, 43, 15, 11, 13, 9, 1.4, 0.1]],
    [2000, [0.3, 3, 28, 13, 15, 21, 17, 2.5, 0.2]],
    [9999, [0.2, 1.5, 18, 12, 17, 27, 21, 3, 0.3]],
  ] as const
).map(([until, w]) => [until, new WeightedTable(EDUCATION_ORDER, w)] as const);

const STATUS_BASE: Record<VillageClass, Record<string, number>> = {
  rural: {
    migrant_worker: 30,
    farming: 18,
    employed: 20,
    self_employed: 7,
    flexible: 12,
    unemployed: 4,
    not_in_labour_force: 6,
  },
  town_village: {
    migrant_worker: 20,
    farming: 8,
    employed: 30,
    self_employed: 9,
    flexible: 15,
    unemployed: 5,
    not_in_labour_force: 7,
  },
  community: {
    migrant_worker: 6,
    farming: 1,
    employed: 46,
    self_employed: 10,
    flexible: 16,
    unemployed: 6,
    not_in_labour_force: 8,
  },
};
const WORKING_STATUSES = Object.keys(STATUS_BASE.rural) as EmploymentStatus[];

const BASE_WAGE_YUAN: Record<EducationLevel, number> = {
  none: 2800,
  primary: 3000,
  junior_secondary: 3600,
  senior_secondary: 4100,
  secondary_vocational: 4300,
  junior_college: 5000,
  bachelor: 6500,
  master: 9000,
  doctorate: 12000,
};

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

type Link = [number, number, 'parent_of' | 'spouse_of'];
/** A household head (with his wife) whose grown-up son may live in a household of his own in the same village. */
type ParentCandidate = {
  index: number;
  birthDay: number;
  spouse: number | null;
  spouseBirthDay: number;
  surname: string;
  advantage: number;
};
type Work = Pick<
  GeneratedPerson,
  | 'employmentStatus'
  | 'employmentSince'
  | 'occupationCode'
  | 'employerIndex'
  | 'monthlyIncomeFen'
  | 'incomeSince'
>;

// Household compositions by size. `family`: a middle generation (couple, or one parent of the given sex) with k
// children and e of the head's (or the wife's) parents; `skip`: grandparents with left-behind grandchildren.
type Plan =
  | { kind: 'single' }
  | { kind: 'family'; couple: boolean; k: number; e: number; parentSex?: Gender | 'either' }
  | { kind: 'skip'; elders: number; k: number };

function planTable(cls: VillageClass): Record<number, WeightedTable<Plan>> {
  const town = cls === 'community';
  const fam = (couple: boolean, k: number, e: number, parentSex?: Gender | 'either'): Plan =>
    parentSex ? { kind: 'family', couple, k, e, parentSex } : { kind: 'family', couple, k, e };
  return {
    1: WeightedTable.of<Plan>([[{ kind: 'single' }, 1]]),
    2: WeightedTable.of<Plan>([
      [fam(true, 0, 0), 55],
      [fam(false, 1, 0, 'F'), 13.5],
      [fam(false, 1, 0, 'M'), 4.5],
      [fam(false, 0, 1, 'M'), 7.8],
      [fam(false, 0, 1, 'F'), 4.2],
      [{ kind: 'skip', elders: 1, k: 1 }, town ? 5 : 15],
    ]),
    3: WeightedTable.of<Plan>([
      [fam(true, 1, 0), 62],
      [fam(true, 0, 1), 10],
      [fam(false, 2, 0, 'F'), 5],
      [{ kind: 'skip', elders: 2, k: 1 }, town ? 5 : 15],
      [{ kind: 'skip', elders: 1, k: 2 }, town ? 3 : 8],
    ]),
    4: WeightedTable.of<Plan>([
      [fam(true, 2, 0), 50],
      [fam(true, 1, 1), 25],
      [{ kind: 'skip', elders: 2, k: 2 }, town ? 5 : 17],
      [fam(true, 0, 2), 5],
    ]),
    5: WeightedTable.of<Plan>([
      [fam(true, 3, 0), 25],
      [fam(true, 2, 1), 35],
      [fam(true, 1, 2), 30],
      [{ kind: 'skip', elders: 2, k: 3 }, 10],
    ]),
    6: WeightedTable.of<Plan>([
      [fam(true, 2, 2), 55],
      [fam(true, 3, 1), 30],
      [fam(true, 4, 0), 15],
    ]),
    7: WeightedTable.of<Plan>([
      [fam(true, 3, 2), 70],
      [fam(true, 4, 1), 30],
    ]),
  };
}

const PLANS: Record<VillageClass, Record<number, WeightedTable<Plan>>> = {
  community: planTable('community'),
  town_village: planTable('town_village'),
  rural: planTable('rural'),
};

const MIN_DAY = -25_567; // 1900-01-01

export function* generateCounty(options: GenerateOptions): Generator<GeneratedHousehold, void, undefined> {
  const county = new CountyBuilder(options);
  while (county.produced < county.total) yield county.nextHousehold();
}

/** The generator's state; methods rather than closures, so a million persons allocate no functions. */
class CountyBuilder {
  readonly total: number;
  produced = 0;
  private householdIndex = 0;
  private readonly block: number;
  private readonly asOfDay: number;
  private readonly rng: Rng;
  private readonly villageTable: WeightedTable<Village>;
  private readonly ruralVillages: readonly Village[];
  private readonly employersBySector: Map<string, number[]>;
  /** Sequence codes used per (birth day, sex): men take odd codes 001–999, women even 002–998. */
  private readonly seqUsed: Uint16Array;
  private readonly householdsInVillage = new Map<string, number>();
  /** Per village, up to 64 heads aged 45–82 whose sons may head later households (parent links across households). */
  private readonly parentPool = new Map<string, ParentCandidate[]>();
  // The household being composed.
  private drafts: Draft[] = [];
  private links: Link[] = [];
  private family = '';

  constructor(options: GenerateOptions) {
    this.total = options.persons;
    if (!Number.isInteger(this.total) || this.total < 0)
      throw new Error('persons must be a whole number ≥ 0');
    this.block = options.idBlock ?? 0;
    this.asOfDay = dayOf(options.asOf ?? DEFAULT_AS_OF);
    this.rng = createRng(options.seed);
    let pool: readonly Village[] = villages;
    if (options.villageCodes) {
      pool = options.villageCodes.map((code) => {
        const v = villageByCode.get(code);
        if (!v) throw new Error(`未知的村（社区）代码：${code}`);
        return v;
      });
    }
    this.villageTable = new WeightedTable(
      pool,
      pool.map((v) => v.weight),
    );
    this.ruralVillages = villages.filter((v) => v.cls === 'rural');
    this.employersBySector = employerIndexBySector(generateEmployers(options));
    this.seqUsed = new Uint16Array((this.asOfDay - MIN_DAY + 1) * 2);
  }

  nextHousehold(): GeneratedHousehold {
    const rng = this.rng;
    const village = this.villageTable.draw(rng);
    const size = Math.min(SIZE_TABLES[village.cls].draw(rng), this.total - this.produced);
    this.drafts = [];
    this.links = [];
    this.family = drawSurname(rng);
    const plan = (PLANS[village.cls][size] ?? PLANS[village.cls][1])?.draw(rng) ?? { kind: 'single' };
    if (plan.kind === 'single') this.single();
    else if (plan.kind === 'skip') this.skipGeneration(plan.elders, plan.k);
    else {
      const sex = plan.parentSex === 'either' ? (rng.chance(0.5) ? 'M' : 'F') : (plan.parentSex ?? 'F');
      this.familyOf(plan.couple, plan.k, plan.e, sex);
    }
    return this.finalise(village, this.pickParents(village));
  }

  /** Half of the young men heading a household without their parents get parents from an earlier household. */
  private pickParents(village: Village): ParentCandidate | null {
    const rng = this.rng;
    const head = this.drafts[0];
    if (head?.sex !== 'M' || head.age < 20 || head.age > 52 || head.surname !== this.family) return null;
    if (this.drafts.some((d) => d.rel === 'parent' || d.rel === 'parent_in_law')) return null;
    const pool = this.parentPool.get(village.code);
    if (!pool || pool.length === 0 || !rng.chance(0.5)) return null;
    const headBirth = this.asOfDay - head.age * 365.2425;
    for (let tries = 0; tries < 4; tries++) {
      const c = pool[rng.int(pool.length)];
      if (!c) continue;
      const gap = (headBirth - c.birthDay) / 365.2425;
      const motherGap = (headBirth - c.spouseBirthDay) / 365.2425;
      if (gap >= 22 && gap <= 40 && (c.spouse === null || motherGap >= 20)) {
        for (const d of this.drafts) if (d.surname === this.family) d.surname = c.surname;
        return c;
      }
    }
    return null;
  }

  // ── Composition ───────────────────────────────────────────────────────────────────────────────────────────

  private add(rel: HouseholdRelation, sex: Gender, age: number, surname: string): number {
    this.drafts.push({ rel, sex, age: clamp(age, 0, 99.5), surname });
    return this.drafts.length - 1;
  }
  private childSex(): Gender {
    return this.rng.chance(0.545) ? 'M' : 'F';
  }
  private motherAtBirth(): number {
    return clamp(24.5 + 3.5 * this.rng.normal(), 20, 38);
  }
  private husbandGap(): number {
    return clamp(2 + 2.5 * this.rng.normal(), -2, 12);
  }
  private kidAges(k: number, oldest: number): number[] {
    const ages = [oldest];
    for (let i = 1; i < k; i++) {
      const prev = ages[i - 1] ?? 0;
      const next = prev - (1.2 + this.rng.next() * 4.8);
      ages.push(next >= 0 ? next : this.rng.next() * prev);
    }
    return ages;
  }
  private oldestKid(k: number): number {
    const rng = this.rng;
    return Math.max(
      1.5 * (k - 1) + rng.next(),
      rng.chance(0.62) ? 18 * Math.sqrt(rng.next()) : 18 + rng.next() * 10,
    );
  }

  private familyOf(couple: boolean, k: number, e: number, singleParentSex: Gender): void {
    const rng = this.rng;
    const family = this.family;
    let wifeAge: number;
    let kids: number[] = [];
    if (k > 0) {
      kids = this.kidAges(k, this.oldestKid(k));
      wifeAge = (kids[0] ?? 0) + this.motherAtBirth();
    } else if (e > 0) {
      wifeAge = rng.chance(0.4) ? 23 + rng.next() * 12 : 40 + rng.next() * 22;
    } else {
      wifeAge = rng.chance(0.3) ? 21 + rng.next() * 12 : 48 + rng.next() * 32;
    }
    if (couple) wifeAge = Math.max(wifeAge, 20 + rng.next() * 2);
    const husbandAge = couple
      ? Math.max(wifeAge + this.husbandGap(), 22 + rng.next() * 2)
      : wifeAge + this.husbandGap();
    const parentSide = couple
      ? rng.chance(0.85)
        ? 'husband'
        : 'wife'
      : singleParentSex === 'M'
        ? 'husband'
        : 'wife';
    const middleRef = parentSide === 'husband' ? husbandAge : wifeAge;
    const elderAges: number[] = [];
    if (e > 0) {
      const mother = clamp(middleRef + 27 + 3.5 * rng.normal(), middleRef + 19, 99);
      if (e === 2) elderAges.push(clamp(mother + this.husbandGap(), middleRef + 19, 99.5), mother);
      else elderAges.push(mother);
    }
    const elderHead =
      couple && e === 2 && parentSide === 'husband' && (elderAges[0] ?? 99) < 72 && rng.chance(0.4);

    if (elderHead) {
      // 户主 is the grandfather: his son, the son's wife and the grandchildren live with him.
      const gf = this.add('head', 'M', elderAges[0] ?? 60, family);
      const gm = this.add('spouse', 'F', elderAges[1] ?? 58, drawSurname(rng));
      const son = this.add('child', 'M', husbandAge, family);
      const dil = this.add('child_in_law', 'F', wifeAge, drawSurname(rng));
      this.links.push(
        [gf, gm, 'spouse_of'],
        [gf, son, 'parent_of'],
        [gm, son, 'parent_of'],
        [son, dil, 'spouse_of'],
      );
      for (const a of kids) {
        const c = this.add('grandchild', this.childSex(), a, family);
        this.links.push([son, c, 'parent_of'], [dil, c, 'parent_of']);
      }
      return;
    }

    let father = -1;
    let mother = -1;
    if (couple) {
      father = this.add('head', 'M', husbandAge, family);
      mother = this.add('spouse', 'F', wifeAge, drawSurname(rng));
      this.links.push([father, mother, 'spouse_of']);
    } else if (singleParentSex === 'F') {
      mother = this.add('head', 'F', wifeAge, drawSurname(rng));
    } else {
      father = this.add('head', 'M', husbandAge, family);
    }
    const head = this.drafts[0];
    const kidSurname = head?.sex === 'M' || rng.chance(0.3) ? family : (head?.surname ?? family);
    for (const a of kids) {
      const c = this.add('child', this.childSex(), a, kidSurname);
      if (father >= 0) this.links.push([father, c, 'parent_of']);
      if (mother >= 0) this.links.push([mother, c, 'parent_of']);
    }
    if (e > 0) {
      const ofHusband = parentSide === 'husband' || !couple;
      const child = ofHusband ? (father >= 0 ? father : mother) : mother;
      const rel: HouseholdRelation = ofHusband ? 'parent' : 'parent_in_law';
      const childSurname = this.drafts[child]?.surname ?? family;
      if (e === 2) {
        const gf = this.add(rel, 'M', elderAges[0] ?? 70, childSurname);
        const gm = this.add(rel, 'F', elderAges[1] ?? 68, drawSurname(rng));
        this.links.push([gf, gm, 'spouse_of'], [gf, child, 'parent_of'], [gm, child, 'parent_of']);
      } else {
        const widowed: Gender = rng.chance(0.55) ? 'F' : 'M';
        const p = this.add(
          rel,
          widowed,
          elderAges[0] ?? 70,
          widowed === 'M' ? childSurname : drawSurname(rng),
        );
        this.links.push([p, child, 'parent_of']);
      }
    }
  }

  /** Grandparents raising grandchildren whose parents work away (留守儿童). */
  private skipGeneration(elders: number, k: number): void {
    const rng = this.rng;
    const kids = this.kidAges(k, 1.5 * (k - 1) + rng.next() * 15);
    const gm = (kids[0] ?? 0) + 44 + rng.next() * 18;
    if (elders === 2 || rng.chance(0.3)) {
      const gf = this.add('head', 'M', gm + this.husbandGap(), this.family);
      if (elders === 2) {
        const wife = this.add('spouse', 'F', gm, drawSurname(rng));
        this.links.push([gf, wife, 'spouse_of']);
      }
    } else {
      this.add('head', 'F', gm, drawSurname(rng));
    }
    for (const a of kids) this.add('grandchild', this.childSex(), a, this.family);
  }

  private single(): void {
    const rng = this.rng;
    const u = rng.next();
    if (u < 0.5) {
      this.add('head', rng.chance(0.52) ? 'F' : 'M', 60 + 32 * (1 - Math.sqrt(rng.next())), drawSurname(rng));
    } else if (u < 0.92) this.add('head', rng.chance(0.66) ? 'M' : 'F', 19 + rng.next() * 21, this.family);
    else this.add('head', rng.chance(0.5) ? 'M' : 'F', 40 + rng.next() * 20, this.family);
  }

  // ── Persons ───────────────────────────────────────────────────────────────────────────────────────────────

  private allocateId(birthDay: number, sex: Gender): { id: string; day: number } {
    let day = birthDay;
    for (;;) {
      const slot = (day - MIN_DAY) * 2 + (sex === 'M' ? 0 : 1);
      const used = this.seqUsed[slot] ?? 0;
      const cap = sex === 'M' ? 500 : 499;
      if (used < cap) {
        this.seqUsed[slot] = used + 1;
        const seq = sex === 'M' ? 2 * used + 1 : 2 * used + 2;
        return { id: syntheticIdNumber(this.block, compactOf(day), seq), day };
      }
      day -= 1; // that day is full in this block: the person is a day older
    }
  }

  private finalise(village: Village, parents: ParentCandidate | null): GeneratedHousehold {
    const rng = this.rng;
    const asOfDay = this.asOfDay;
    const n = (this.householdsInVillage.get(village.code) ?? 0) + 1;
    this.householdsInVillage.set(village.code, n);
    const hukouKind = HUKOU_TABLES[village.cls].draw(rng);
    const hukouPlace =
      village.cls === 'community' && hukouKind === 'agricultural'
        ? rng.pick(this.ruralVillages).code
        : village.code;
    // Advantage runs in families: a son's household inherits 0.7 of his parents' (income rank-rank ≈ 0.3).
    const advantage = parents
      ? 0.7 * parents.advantage + 0.71 * rng.normal() + 0.3 * CLASS_ADVANTAGE[village.cls]
      : rng.normal() + CLASS_ADVANTAGE[village.cls];
    const headAge = this.drafts[0]?.age ?? 30;
    const householdSince =
      asOfDay - Math.floor(rng.next() * Math.min(30, Math.max(0, headAge - 18)) * 365.25);

    const members: GeneratedPerson[] = [];
    const birthDays: number[] = [];
    for (const d of this.drafts) {
      const index = this.produced++;
      const wanted = asOfDay - Math.floor(d.age * 365.2425);
      const { id, day: birthDay } = this.allocateId(Math.min(wanted, asOfDay), d.sex);
      birthDays.push(birthDay);
      const birthYear = yearOf(birthDay);
      const age = (asOfDay - birthDay) / 365.2425;
      const personal = 0.7 * advantage + 0.71 * rng.normal();
      const education = this.educationOf(age, birthYear, d.sex, personal);
      const work = this.employmentOf(age, d.sex, education, village.cls, hukouKind, personal, birthDay);
      const phoneChance = age < 14 ? 0 : age < 18 ? 0.6 : age < 70 ? 0.97 : age < 80 ? 0.75 : 0.45;
      members.push({
        index,
        idNumber: id,
        name: d.surname + drawGivenName(rng, d.sex, birthYear),
        gender: d.sex,
        birthDate: isoOf(birthDay),
        hukouKind,
        hukouPlaceCode: hukouPlace,
        residenceVillageCode: village.code,
        education,
        phone: rng.chance(phoneChance) ? syntheticPhone(this.block, index) : null,
        relation: d.rel,
        memberFrom: isoOf(Math.max(birthDay, householdSince)),
        ...work,
        mayBeLinked: false,
      });
    }

    const relations: GeneratedRelation[] = [];
    for (const [from, to, kind] of this.links) {
      const a = birthDays[from];
      const b = birthDays[to];
      if (a === undefined || b === undefined) throw new Error('household link out of range');
      const fromDay =
        kind === 'parent_of' ? b : Math.min(asOfDay, anniversary(Math.max(a, b), 20 + rng.int(6)));
      relations.push({ from, to, kind, fromDate: isoOf(fromDay) });
    }

    const parentLinks: GeneratedHousehold['parentLinks'] = [];
    const headMember = members[0];
    if (parents && headMember) {
      parentLinks.push({ parentIndex: parents.index, child: 0, fromDate: headMember.birthDate });
      if (parents.spouse !== null) {
        parentLinks.push({ parentIndex: parents.spouse, child: 0, fromDate: headMember.birthDate });
      }
    }
    this.rememberParents(village, members, birthDays, advantage);

    const short = shortVillageName(village.name);
    const address =
      village.cls === 'community'
        ? `中牟县${village.townshipName}${short}${1 + (n % 40)}号楼${1 + (n % 3)}单元${100 * (1 + (n % 18)) + 1 + (n % 4)}室`
        : `中牟县${village.townshipName}${short}${n}号`;
    return {
      index: this.householdIndex++,
      householdNumber: `${village.code}${this.block}${String(n).padStart(5, '0')}`,
      villageCode: village.code,
      address,
      members,
      relations,
      parentLinks,
    };
  }

  private rememberParents(
    village: Village,
    members: GeneratedPerson[],
    birthDays: number[],
    advantage: number,
  ): void {
    const head = members[0];
    const headBirth = birthDays[0];
    if (!head || headBirth === undefined || head.gender !== 'M') return;
    const age = (this.asOfDay - headBirth) / 365.2425;
    if (age < 45 || age > 82) return;
    const spousePos = members.findIndex((m) => m.relation === 'spouse');
    const spouse = spousePos >= 0 ? members[spousePos] : undefined;
    const candidate: ParentCandidate = {
      index: head.index,
      birthDay: headBirth,
      spouse: spouse ? spouse.index : null,
      spouseBirthDay: birthDays[spousePos] ?? headBirth,
      surname: head.name.slice(0, 1),
      advantage,
    };
    head.mayBeLinked = true;
    if (spouse) spouse.mayBeLinked = true;
    let pool = this.parentPool.get(village.code);
    if (!pool) {
      pool = [];
      this.parentPool.set(village.code, pool);
    }
    if (pool.length < 64) pool.push(candidate);
    else pool[this.rng.int(64)] = candidate;
  }

  private educationOf(age: number, birthYear: number, sex: Gender, personal: number): EducationLevel | null {
    if (age < 6) return null;
    const shift = sex === 'F' && birthYear < 1975 ? -0.3 : 0;
    let table = EDUCATION_BY_COHORT[EDUCATION_BY_COHORT.length - 1]?.[1];
    for (const [until, t] of EDUCATION_BY_COHORT) {
      if (birthYear < until) {
        table = t;
        break;
      }
    }
    if (!table) throw new Error('education table missing');
    const final = table.at(clamp(normCdf(personal + shift), 0, 0.999999));
    if (age >= 25) return final;
    // Still at school: the level attended now, never beyond the final one.
    const finalRank = EDUCATION_ORDER.indexOf(final);
    const nowRank =
      age < 12 ? 1 : age < 15 ? 2 : age < 18 ? (final === 'secondary_vocational' ? 4 : 3) : age < 22 ? 5 : 6;
    return EDUCATION_ORDER[Math.min(finalRank, nowRank)] ?? final;
  }

  /** A start day at most maxYears before the reference day, never before the person was notBeforeAge. */
  private since(birthDay: number, maxYears: number, notBeforeAge: number): number {
    return Math.max(
      birthDay + Math.ceil(notBeforeAge * 365.2425),
      this.asOfDay - Math.floor(this.rng.next() * maxYears * 365.25),
    );
  }

  private lognormal(sigma: number): number {
    return Math.exp(sigma * this.rng.normal() - (sigma * sigma) / 2);
  }

  private work(
    status: EmploymentStatus,
    sinceDay: number,
    incomeYuan: number | null,
    education: EducationLevel | null,
  ): Work {
    const rng = this.rng;
    const occupationCode = occupationFor(status, education, rng.next(), rng.next());
    let employerIndex: number | null = null;
    if (status === 'employed' && occupationCode) {
      const list = this.employersBySector.get(occupationSector(occupationCode));
      if (list && list.length > 0) employerIndex = list[rng.int(list.length)] ?? null;
    }
    const start = Math.min(sinceDay, this.asOfDay);
    const incomeSinceDay = Math.max(start, this.asOfDay - rng.int(365));
    return {
      employmentStatus: status,
      employmentSince: isoOf(start),
      occupationCode,
      employerIndex,
      monthlyIncomeFen: incomeYuan === null ? null : Math.max(0, Math.round(incomeYuan)) * 100,
      incomeSince: incomeYuan === null ? null : isoOf(incomeSinceDay),
    };
  }

  private employmentOf(
    age: number,
    sex: Gender,
    education: EducationLevel | null,
    cls: VillageClass,
    hukou: HukouKind,
    personal: number,
    birthDay: number,
  ): Work {
    if (age < 6) {
      return {
        employmentStatus: null,
        employmentSince: null,
        occupationCode: null,
        employerIndex: null,
        monthlyIncomeFen: null,
        incomeSince: null,
      };
    }
    const rng = this.rng;
    const rank = education ? EDUCATION_ORDER.indexOf(education) : 0;

    // At school: everyone 6–15, then as far as the final education goes.
    const studying =
      age < 16 ||
      (age < 18 && rank >= 3) ||
      (age < 21 && rank >= 5) ||
      (age < 22 && rank >= 6 && rng.chance(0.9)) ||
      (age < 25 && rank >= 7);
    if (studying) return this.work('student', this.since(birthDay, 3, 6), null, education);

    const retireAge = sex === 'M' ? 60 : 55;
    if (age >= retireAge) {
      const formal = cls === 'community' ? 0.8 : cls === 'town_village' ? 0.45 : 0.1;
      if (hukou !== 'agricultural' && rng.chance(Math.min(0.95, formal * Math.exp(0.3 * personal)))) {
        const pension = 3000 * this.lognormal(0.25) * Math.exp(0.1 * personal);
        return this.work('retired', anniversary(birthDay, retireAge), pension, education);
      }
      const stillFarming = cls === 'community' ? 0.02 : age < 70 ? 0.6 : 0.2;
      if (rng.chance(stillFarming)) {
        return this.work('farming', this.since(birthDay, 20, 16), 1500 * this.lognormal(0.5), education);
      }
      if (age < 65 && rng.chance(0.15)) {
        return this.work('flexible', this.since(birthDay, 5, 16), 2200 * this.lognormal(0.4), education);
      }
      // 城乡居民基础养老金 from 60: a couple of hundred yuan a month.
      const basicPension = age >= 60 ? 200 + rng.int(80) : null;
      return this.work('not_in_labour_force', this.since(birthDay, age - 55, 55), basicPension, education);
    }

    const base = STATUS_BASE[cls];
    const weights = WORKING_STATUSES.map((s) => {
      let w = base[s] ?? 0;
      if (s === 'migrant_worker') w *= age < 46 ? 1.5 : age < 56 ? 0.8 : 0.4;
      if (s === 'farming') w *= age >= 45 ? 2.2 : age < 30 ? 0.3 : 1;
      if (s === 'employed' && rank >= 3) w *= rank >= 6 ? 2.5 : 1.6;
      if (s === 'farming' && rank >= 6) w *= 0.2;
      if (s === 'not_in_labour_force' && sex === 'F') w *= 2.5;
      if (s === 'unemployed' && age < 25) w *= 2;
      // Family advantage opens formal jobs and keeps people out of unemployment and the fields.
      if (s === 'employed' || s === 'self_employed') w *= Math.exp(0.45 * personal);
      if (s === 'farming' || s === 'unemployed' || s === 'not_in_labour_force')
        w *= Math.exp(-0.45 * personal);
      return w;
    });
    const status = new WeightedTable(WORKING_STATUSES, weights).draw(rng);
    const sexFactor = sex === 'M' ? 1.06 : 0.92;
    const edge = Math.exp(0.25 * personal);
    switch (status) {
      case 'employed': {
        const ageFactor = age < 25 ? 0.8 : age < 35 ? 1 : age < 50 ? 1.1 : 0.95;
        const place = cls === 'community' ? 1.1 : cls === 'town_village' ? 1 : 0.93;
        const wage =
          BASE_WAGE_YUAN[education ?? 'none'] * ageFactor * sexFactor * place * edge * this.lognormal(0.3);
        return this.work(status, this.since(birthDay, Math.min(15, age - 16), 16), wage, education);
      }
      case 'migrant_worker': {
        // NBS 2023 migrant-worker monitoring: 4,780 yuan a month on average.
        const tier = rank >= 6 ? 1.4 : rank >= 3 ? 1.1 : 0.95;
        const wage = 4800 * tier * sexFactor * edge * this.lognormal(0.28);
        return this.work(status, this.since(birthDay, Math.min(12, age - 16), 16), wage, education);
      }
      case 'flexible':
        return this.work(
          status,
          this.since(birthDay, 6, 16),
          3300 * sexFactor * edge * this.lognormal(0.4),
          education,
        );
      case 'self_employed':
        return this.work(
          status,
          this.since(birthDay, 10, 18),
          5200 * sexFactor * edge * this.lognormal(0.65),
          education,
        );
      case 'farming':
        return this.work(status, this.since(birthDay, 20, 16), 1700 * edge * this.lognormal(0.5), education);
      case 'unemployed':
        return this.work(status, this.since(birthDay, 2, 16), 0, education);
      default:
        return this.work(status, this.since(birthDay, Math.max(1, age - 16), 16), null, education);
    }
  }
}
