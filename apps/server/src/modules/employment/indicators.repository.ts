import type { DB } from '@qiaoti/db';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';

/**
 * The SQL of the employment indicators. Each query answers (township, month, numbers) for a date range; the township
 * of a person is the first 9 digits of their residence village. Plain PostgreSQL (PGlite and server alike).
 * Reads tables of employment core (placement, placement_followup), assistance (assistance_case,
 * zero_employment_spell) and the registry (mobility_events, persons).
 */

/** 就业 for 城镇新增就业: unit employment, self-employment / own business, flexible employment. */
const EMPLOYED = sql`('employed', 'self_employed', 'flexible')`;

export interface MonthCount {
  township: string;
  month: string;
  n: number;
}

interface Range {
  from: string;
  to: string;
  /** Only this township (9 digits), or every township. */
  township: string | undefined;
}

const townshipOf = (villageColumn: RawBuilder<unknown>) => sql`substr(${villageColumn}, 1, 9)`;

async function monthCounts(
  db: Kysely<DB>,
  query: RawBuilder<{ township: string; month: string; n: string }>,
) {
  const { rows } = await query.execute(db);
  return rows.map((r) => ({ township: r.township, month: r.month, n: Number(r.n) }));
}

const townshipFilter = (column: RawBuilder<unknown>, township: string | undefined) =>
  township ? sql`and ${column} = ${township}` : sql``;

/** Persons whose employment status moved into 就业 from anything else, per month (one per person and month). */
export async function countEmploymentEntries(db: Kysely<DB>, r: Range): Promise<MonthCount[]> {
  const t = townshipOf(sql.ref('p.residence_village_code'));
  return monthCounts(
    db,
    sql<{ township: string; month: string; n: string }>`
      select ${t} as township, to_char(m.occurred_on, 'YYYY-MM') as month, count(distinct m.person_id) as n
      from mobility_events m join persons p on p.id = m.person_id
      where m.kind = 'employment_status' and m.occurred_on between ${r.from}::date and ${r.to}::date
        and (m.to_value #>> '{}') in ${EMPLOYED}
        and coalesce(m.from_value #>> '{}', '') not in ${EMPLOYED}
        and p.residence_village_code is not null ${townshipFilter(t, r.township)}
      group by 1, 2`,
  );
}

/** 自然减员 (as far as the registry knows): persons moving out of 就业 (retired, unemployed, out of the labour force). */
export async function countEmploymentExits(db: Kysely<DB>, r: Range): Promise<MonthCount[]> {
  const t = townshipOf(sql.ref('p.residence_village_code'));
  return monthCounts(
    db,
    sql<{ township: string; month: string; n: string }>`
      select ${t} as township, to_char(m.occurred_on, 'YYYY-MM') as month, count(distinct m.person_id) as n
      from mobility_events m join persons p on p.id = m.person_id
      where m.kind = 'employment_status' and m.occurred_on between ${r.from}::date and ${r.to}::date
        and (m.from_value #>> '{}') in ${EMPLOYED}
        and (m.to_value #>> '{}') is not null and (m.to_value #>> '{}') not in ${EMPLOYED}
        and p.residence_village_code is not null ${townshipFilter(t, r.township)}
      group by 1, 2`,
  );
}

/** Registered unemployed on a day: the last job-seeker status up to that day is "unemployed". */
export async function countRegisteredUnemployed(
  db: Kysely<DB>,
  day: string,
  township: string | undefined,
): Promise<{ township: string; n: number }[]> {
  const t = townshipOf(sql.ref('p.residence_village_code'));
  const { rows } = await sql<{ township: string; n: string }>`
    select ${t} as township, count(*) as n
    from (
      select distinct on (person_id) person_id, to_value #>> '{}' as status
      from mobility_events
      where kind = 'job_seeker_status' and occurred_on <= ${day}::date
      order by person_id, occurred_on desc, recorded_at desc, id desc
    ) s join persons p on p.id = s.person_id
    where s.status = 'unemployed' and p.residence_village_code is not null ${townshipFilter(t, township)}
    group by 1`.execute(db);
  return rows.map((r) => ({ township: r.township, n: Number(r.n) }));
}

export async function countPlacements(db: Kysely<DB>, r: Range): Promise<MonthCount[]> {
  const t = townshipOf(sql.ref('p.residence_village_code'));
  return monthCounts(
    db,
    sql<{ township: string; month: string; n: string }>`
      select ${t} as township, to_char(pl.start_date, 'YYYY-MM') as month, count(distinct pl.person_id) as n
      from placement pl join persons p on p.id = pl.person_id
      where pl.start_date between ${r.from}::date and ${r.to}::date
        and p.residence_village_code is not null ${townshipFilter(t, r.township)}
      group by 1, 2`,
  );
}

export interface RetentionCount {
  township: string;
  month: string;
  dueMonth: number;
  employed: number;
  checked: number;
}

/** Follow-ups due in the month and done: how many found the person still employed. */
export async function countRetention(db: Kysely<DB>, r: Range): Promise<RetentionCount[]> {
  const t = townshipOf(sql.ref('p.residence_village_code'));
  const { rows } = await sql<{
    township: string;
    month: string;
    due: number;
    employed: string;
    checked: string;
  }>`
    select ${t} as township, to_char(f.due_date, 'YYYY-MM') as month, f.due_month as due,
      count(*) filter (where f.result = 'employed') as employed, count(*) as checked
    from placement_followup f
      join placement pl on pl.id = f.placement_id
      join persons p on p.id = pl.person_id
    where f.result is not null and f.due_date between ${r.from}::date and ${r.to}::date
      and p.residence_village_code is not null ${townshipFilter(t, r.township)}
    group by 1, 2, 3`.execute(db);
  return rows.map((x) => ({
    township: x.township,
    month: x.month,
    dueMonth: Number(x.due),
    employed: Number(x.employed),
    checked: Number(x.checked),
  }));
}

export async function countAssistanceCases(
  db: Kysely<DB>,
  r: Range,
  which: 'opened_on' | 'closed_on',
): Promise<MonthCount[]> {
  const t = townshipOf(sql`coalesce(c.village_code, p.residence_village_code)`);
  const column = sql.ref(`c.${which}`);
  return monthCounts(
    db,
    sql<{ township: string; month: string; n: string }>`
      select ${t} as township, to_char(${column}, 'YYYY-MM') as month, count(*) as n
      from assistance_case c join persons p on p.id = c.person_id
      where ${column} between ${r.from}::date and ${r.to}::date
        and coalesce(c.village_code, p.residence_village_code) is not null ${townshipFilter(t, r.township)}
      group by 1, 2`,
  );
}

export async function countZeroEmploymentCleared(db: Kysely<DB>, r: Range): Promise<MonthCount[]> {
  return monthCounts(
    db,
    sql<{ township: string; month: string; n: string }>`
      select s.township_code as township, to_char(s.left_on, 'YYYY-MM') as month, count(distinct s.household_id) as n
      from zero_employment_spell s
      where s.left_on between ${r.from}::date and ${r.to}::date ${townshipFilter(sql.ref('s.township_code'), r.township)}
      group by 1, 2`,
  );
}

export async function countZeroEmploymentOnList(
  db: Kysely<DB>,
  day: string,
  township: string | undefined,
): Promise<{ township: string; n: number }[]> {
  const { rows } = await sql<{ township: string; n: string }>`
    select s.township_code as township, count(distinct s.household_id) as n
    from zero_employment_spell s
    where s.entered_on <= ${day}::date and (s.left_on is null or s.left_on > ${day}::date)
      ${townshipFilter(sql.ref('s.township_code'), township)}
    group by 1`.execute(db);
  return rows.map((r) => ({ township: r.township, n: Number(r.n) }));
}

// ── Entered series ───────────────────────────────────────────────────────────────────────────────────────────────

export async function listEntries(
  db: Kysely<DB>,
  filter: { indicator: string; from: string; to: string; areaCodes?: readonly string[] | undefined },
) {
  let q = db
    .selectFrom('indicatorEntry')
    .select(['id', 'indicator', 'areaCode', 'month', 'value', 'source', 'note', 'enteredAt'])
    .where('indicator', '=', filter.indicator)
    .where('month', '>=', filter.from)
    .where('month', '<=', filter.to);
  if (filter.areaCodes) q = q.where('areaCode', 'in', [...filter.areaCodes]);
  return q.orderBy('month').orderBy('areaCode').execute();
}

export async function findEntry(
  trx: Kysely<DB>,
  key: { indicator: string; areaCode: string; month: string },
) {
  return trx
    .selectFrom('indicatorEntry')
    .select(['id', 'value', 'source'])
    .where('indicator', '=', key.indicator)
    .where('areaCode', '=', key.areaCode)
    .where('month', '=', key.month)
    .executeTakeFirst();
}

/** One value per indicator, area and month: a correction replaces the value (the audit keeps the previous one). */
export async function upsertEntry(
  trx: Transaction<DB>,
  e: {
    indicator: string;
    areaCode: string;
    month: string;
    value: number;
    source: string;
    note: string | null;
    enteredBy: string;
    enteredAt: Date;
  },
) {
  return trx
    .insertInto('indicatorEntry')
    .values(e)
    .onConflict((oc) =>
      oc.columns(['indicator', 'areaCode', 'month']).doUpdateSet({
        value: e.value,
        source: e.source,
        note: e.note,
        enteredBy: e.enteredBy,
        enteredAt: e.enteredAt,
      }),
    )
    .returning(['id', 'indicator', 'areaCode', 'month', 'value', 'source', 'note', 'enteredAt'])
    .executeTakeFirstOrThrow();
}
