import type { AppContext } from '../context.ts';

export interface DemoSeedResult {
  /** Lines for the console: username, password, role (and TOTP secret where one is needed). */
  accountLines: string[];
}

/** Demo accounts and a small demo population, created on first start in demo mode only. */
export async function seedDemo(_ctx: AppContext): Promise<DemoSeedResult> {
  return { accountLines: [] };
}
