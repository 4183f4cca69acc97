import type { AppContext } from '../context.ts';
import { type DemoAccountLine, seedDemoAccounts } from './demo-accounts.ts';
import { seedDemoArchives } from './demo-archives.ts';
import { seedDemoArchivesDigital } from './demo-archives-digital.ts';
import { seedDemoEmployment } from './demo-employment.ts';
import { seedDemoEmploymentAssistance } from './demo-employment-assistance.ts';
import { seedDemoGig } from './demo-gig.ts';
import { seedDemoPopulation } from './demo-population.ts';

export interface DemoSeedResult {
  accounts: DemoAccountLine[];
  /** Lines for the console: username, password, role (and TOTP secret where one is needed). */
  accountLines: string[];
}

/**
 * Demo mode only (the default of `npm start`; never in production): a small demo population in real villages,
 * then one account per kind of user. Idempotent: a second start finds them and creates nothing.
 */
export async function seedDemo(ctx: AppContext): Promise<DemoSeedResult> {
  const population = await seedDemoPopulation(ctx);
  const accounts = await seedDemoAccounts(ctx, population);
  await seedDemoEmployment(ctx, population);
  await seedDemoGig(ctx, population);
  await seedDemoEmploymentAssistance(ctx, population);
  accounts.push(...(await seedDemoArchives(ctx, population)));
  await seedDemoArchivesDigital(ctx, population);
  return {
    accounts,
    accountLines: accounts.map(
      (a) =>
        `  ${a.username.padEnd(14)}${a.password.padEnd(16)}${a.roleLabel}${a.totpSecret ? `  TOTP ${a.totpSecret}` : ''}`,
    ),
  };
}
