import type { DB, PiiCrypto } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';

/** What registry services need besides the actor: the database, the PII cipher and the clock. */
export interface RegistryDeps {
  readonly db: Kysely<DB>;
  readonly pii: PiiCrypto;
  readonly clock: () => Date;
}

export const registryDeps = (ctx: AppContext): RegistryDeps => ({
  db: ctx.database.db,
  pii: ctx.pii,
  clock: ctx.clock,
});

const shanghaiDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Business dates are calendar days in Asia/Shanghai (DESIGN §4.9). */
export function businessDay(at: Date): string {
  return shanghaiDay.format(at);
}

/** Whole years between a birth date and a day, both `YYYY-MM-DD`. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
