/** Day numbers (days since 1970-01-01, UTC) and their ISO strings, cached: the generator formats millions of dates. */

const MS_PER_DAY = 86_400_000;
const cache = new Map<number, string>();

export function dayOf(iso: string): number {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${iso}`);
  return Math.floor(t / MS_PER_DAY);
}

/** `YYYY-MM-DD` for a day number. */
export function isoOf(day: number): string {
  let s = cache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    cache.set(day, s);
  }
  return s;
}

/** `YYYYMMDD` for a day number. */
export function compactOf(day: number): string {
  const s = isoOf(day);
  return s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10);
}

export function yearOf(day: number): number {
  return Number(isoOf(day).slice(0, 4));
}

/** The day a person born on `birthDay` turns `years` (28 Feb for 29 Feb birthdays in other years). */
export function anniversary(birthDay: number, years: number): number {
  const d = new Date(birthDay * MS_PER_DAY);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return Math.floor(Date.UTC(y, m, day) / MS_PER_DAY);
}
