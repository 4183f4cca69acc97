import occupations from '../reference/occupations-2022.json' with { type: 'json' };
import type { EducationLevel, EmploymentStatus } from './model.ts';
import { WeightedTable } from './prng.ts';

/** Occupations (职业分类大典 2022 codes from reference/occupations-2022.json) drawn for synthetic workers. */

const known = new Map<string, { name: string; sector: string }>();
for (const row of occupations.rows) {
  if (row.level === '细类') known.set(row.code, { name: row.name, sector: row.sectors?.[0] ?? '其他' });
}

function pool(pairs: ReadonlyArray<readonly [string, number]>): WeightedTable<string> {
  for (const [code] of pairs) {
    if (!known.has(code)) throw new Error(`occupation ${code} is not in occupations-2022.json`);
  }
  return WeightedTable.of(pairs);
}

/** Manual and service work open to people with up to 初中. */
const LOW = pool([
  ['6-29-01-01', 3],
  ['6-29-01-03', 2],
  ['6-29-01-04', 2],
  ['6-29-04-01', 3],
  ['6-29-01-07', 1],
  ['4-02-05-01', 3],
  ['4-02-07-08', 3],
  ['4-10-08-01', 3],
  ['4-02-02-02', 3],
  ['4-02-06-02', 1],
  ['4-03-02-05', 3],
  ['4-03-02-01', 2],
  ['4-03-02-02', 1],
  ['4-09-08-01', 3],
  ['4-07-05-01', 3],
  ['4-10-01-06', 2],
  ['4-10-01-05', 1],
  ['6-22-02-01', 2],
  ['6-18-02-04', 2],
  ['4-01-02-03', 2],
  ['4-09-10-01', 1],
  ['4-09-08-02', 1],
]);

/** Skilled and clerical work for 高中, 中专 and 大专. */
const MID = pool([
  ['4-12-01-01', 2],
  ['6-31-01-03', 2],
  ['6-18-01-07', 2],
  ['6-22-02-01', 3],
  ['4-01-06-01', 2],
  ['4-01-06-02', 2],
  ['4-02-06-01', 2],
  ['4-01-02-04', 2],
  ['4-01-02-01', 2],
  ['4-04-05-03', 1],
  ['4-07-02-03', 1],
  ['4-10-01-05', 1],
  ['4-14-01-02', 1],
  ['4-07-04-01', 1],
  ['4-03-01-01', 1],
  ['3-01-04-01', 1],
  ['3-01-04-02', 1],
  ['6-31-03-05', 2],
  ['6-31-07-03', 1],
  ['6-24-04-00', 1],
  ['4-02-06-03', 1],
  ['4-13-01-05', 1],
  ['4-06-01-01', 1],
  ['2-08-03-00', 1],
  ['6-31-01-10', 1],
]);

/** Professional work for 本科 and above. */
const HIGH = pool([
  ['2-02-10-03', 2],
  ['2-02-07-11', 2],
  ['2-02-38-05', 1],
  ['2-02-30-09', 1],
  ['2-02-30-10', 1],
  ['2-02-30-02', 1],
  ['2-08-02-04', 3],
  ['2-08-02-02', 1],
  ['2-05-01-19', 1],
  ['2-07-10-01', 1],
  ['3-01-01-02', 2],
  ['4-07-02-05', 1],
  ['2-02-32-00', 1],
  ['4-04-05-01', 1],
  ['2-02-38-03', 1],
  ['4-07-03-01', 0.5],
  ['2-02-10-08', 1],
]);

/** Zhongmou's farming: grain and garlic, greenhouse vegetables and fruit, mushrooms, livestock, fish ponds. */
const FARMING = pool([
  ['5-01-02-01', 5],
  ['5-01-02-02', 4],
  ['5-01-02-03', 1],
  ['5-03-02-01', 1],
  ['5-03-02-02', 1],
  ['5-04-02-01', 1],
  ['5-01-01-02', 0.5],
  ['5-05-05-01', 0.5],
  ['5-05-01-02', 0.3],
]);

const SELF = pool([
  ['4-01-02-03', 3],
  ['4-03-02-01', 2],
  ['4-01-06-01', 2],
  ['4-12-01-01', 1],
  ['4-02-02-02', 2],
  ['5-05-01-02', 1],
  ['6-29-04-01', 1],
  ['4-10-01-06', 1],
  ['4-03-02-02', 1],
]);

const FLEXIBLE = pool([
  ['4-10-08-01', 4],
  ['4-02-07-08', 3],
  ['4-10-01-06', 2],
  ['4-09-08-01', 2],
  ['6-29-04-01', 2],
  ['4-01-06-02', 1],
  ['4-02-02-02', 2],
  ['4-13-01-05', 0.5],
]);

export function educationTier(e: EducationLevel | null): 'low' | 'mid' | 'high' {
  switch (e) {
    case 'bachelor':
    case 'master':
    case 'doctorate':
      return 'high';
    case 'senior_secondary':
    case 'secondary_vocational':
    case 'junior_college':
      return 'mid';
    default:
      return 'low';
  }
}

/** An occupation for a worker, or null for those without one (students, retired, unemployed …). */
export function occupationFor(
  status: EmploymentStatus,
  education: EducationLevel | null,
  u: number,
  u2: number,
): string | null {
  const tier = educationTier(education);
  switch (status) {
    case 'farming':
      return FARMING.at(u);
    case 'self_employed':
      return SELF.at(u);
    case 'flexible':
      return FLEXIBLE.at(u);
    case 'employed':
    case 'migrant_worker':
      // Some graduates take mid-level work, some with 高中 take manual work.
      if (tier === 'high') return u2 < 0.75 ? HIGH.at(u) : MID.at(u);
      if (tier === 'mid') return u2 < 0.7 ? MID.at(u) : LOW.at(u);
      return u2 < 0.9 ? LOW.at(u) : MID.at(u);
    default:
      return null;
  }
}

export function occupationSector(code: string): string {
  return known.get(code)?.sector ?? '其他';
}

export function isKnownOccupation(code: string): boolean {
  return known.has(code);
}

/** The sectors employers are generated for (every sector an occupation above can fall in). */
export const employerSectors: readonly string[] = [
  ...new Set([...known.values()].map((o) => o.sector)),
].sort();
