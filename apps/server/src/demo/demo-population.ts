import {
  DEFAULT_AS_OF,
  type GeneratedPerson,
  type GenerateOptions,
  generateCounty,
  generateEmployers,
  writeCounty,
} from '@qiaoti/db/generator/index';
import type { AppContext } from '../context.ts';

export interface DemoPopulation {
  /** The village the demo village worker serves. */
  villageCode: string;
  /** The person the demo citizen account is. */
  citizenPersonId: string | null;
  /** The employer the demo employer account belongs to. */
  employerOrganisationId: string | null;
}

/** 东关村委会 (青年路街道): the demo village worker's village. */
export const DEMO_VILLAGE_CODE = '410122001201';

/**
 * The demo population: ~2,000 synthetic persons (ID block 9, a fixed seed) in a handful of real villages — the demo
 * village, a county-town community, and villages of 官渡镇 and 雁鸣湖镇 — so that every screen has people to show.
 */
export const DEMO_POPULATION: GenerateOptions = {
  seed: 'qiaoti-demo-2026',
  persons: 2_000,
  idBlock: 9,
  villageCodes: [DEMO_VILLAGE_CODE, '410122001002', '410122102201', '410122114201'],
};

/** A working household head of the demo village with a phone and an employer: the demo citizen. */
function pickCitizen(): GeneratedPerson | null {
  let fallback: GeneratedPerson | null = null;
  for (const h of generateCounty(DEMO_POPULATION)) {
    if (h.villageCode !== DEMO_VILLAGE_CODE) continue;
    const head = h.members[0];
    if (!head?.phone) continue;
    const age = Number(DEFAULT_AS_OF.slice(0, 4)) - Number(head.birthDate.slice(0, 4));
    if (age < 25 || age > 50) continue;
    if (head.employerIndex !== null) return head;
    fallback ??= head;
  }
  return fallback;
}

/** A small synthetic population (generator, fixed seed) in real villages; skipped when already there. */
export async function seedDemoPopulation(ctx: AppContext): Promise<DemoPopulation> {
  const db = ctx.database.db;
  const citizen = pickCitizen();
  const employers = generateEmployers(DEMO_POPULATION);
  const employer = employers[citizen?.employerIndex ?? 0] ?? employers[0];
  const find = async () => {
    const person = citizen
      ? await db
          .selectFrom('persons')
          .select('id')
          .where('idNumberIndex', '=', ctx.pii.blindIndex('id_number', citizen.idNumber))
          .executeTakeFirst()
      : undefined;
    const organisation = employer
      ? await db.selectFrom('organisations').select('id').where('uscc', '=', employer.uscc).executeTakeFirst()
      : undefined;
    return { person, organisation };
  };

  let found = await find();
  if (!found.person) {
    // One transaction: a start interrupted half-way leaves nothing behind, and the next start writes it all.
    try {
      await writeCounty(ctx.database, ctx.pii, { ...DEMO_POPULATION, singleTransaction: true });
    } catch (error) {
      // Another instance starting at the same moment may have written it first.
      found = await find();
      if (!found.person) throw error;
    }
    found = await find();
  }
  return {
    villageCode: DEMO_VILLAGE_CODE,
    citizenPersonId: found.person?.id ?? null,
    employerOrganisationId: found.organisation?.id ?? null,
  };
}
