import type { DB } from '@qiaoti/db';
import { type Kysely, sql } from 'kysely';

const changeColumns = [
  'id',
  'parameterId',
  'effectiveFrom',
  'value',
  'cites',
  'pending',
  'note',
  'status',
  'createdAt',
] as const;

export async function listScheduledChanges(db: Kysely<DB>) {
  return db
    .selectFrom('parameterChanges')
    .select(changeColumns)
    .where('status', '=', 'scheduled')
    .orderBy('effectiveFrom')
    .orderBy('createdAt')
    .execute();
}

export async function listAllChanges(db: Kysely<DB>) {
  return db
    .selectFrom('parameterChanges')
    .select(changeColumns)
    .orderBy('createdAt', 'desc')
    .limit(500)
    .execute();
}

export async function insertParameterChange(
  db: Kysely<DB>,
  row: {
    parameterId: string;
    effectiveFrom: string;
    value: unknown;
    cites: string[];
    pending: boolean;
    note: string | null;
    createdBy: string;
  },
) {
  return db
    .insertInto('parameterChanges')
    .values({ ...row, value: JSON.stringify(row.value), status: 'scheduled' })
    .returning(changeColumns)
    .executeTakeFirstOrThrow();
}

export async function withdrawParameterChange(db: Kysely<DB>, id: string) {
  return db
    .updateTable('parameterChanges')
    .set({ status: 'withdrawn' })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .returning(changeColumns)
    .executeTakeFirst();
}

export async function insertDecision(
  db: Kysely<DB>,
  row: {
    ruleId: string;
    subjectType: 'person' | 'household' | 'case';
    subjectId: string | null;
    asOf: string;
    rulesetVersion: string;
    parameterVersion: string;
    input: unknown;
    outcome: unknown;
    reasons: string[];
    parametersRead: unknown;
    decidedBy: string;
    organisationId: string | null;
  },
) {
  return db
    .insertInto('decisions')
    .values({
      ...row,
      input: JSON.stringify(row.input),
      outcome: JSON.stringify(row.outcome),
      reasons: JSON.stringify(row.reasons),
      parametersRead: JSON.stringify(row.parametersRead),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findDecision(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('decisions')
    .select([
      'id',
      'ruleId',
      'subjectType',
      'subjectId',
      'asOf',
      'rulesetVersion',
      'parameterVersion',
      'input',
      'outcome',
      'reasons',
      'parametersRead',
      'decidedBy',
      'organisationId',
      'createdAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface HouseholdIncomeRow {
  householdId: string;
  villageCode: string;
  householdNumber: string | null;
  members: number;
  monthlyIncomeFen: number;
  headHukouKind: string | null;
}

/**
 * Every current household with its member count, the sum of its members' monthly incomes in force on `asOf`
 * (the latest `monthly_income_fen` fact dated on or before it) and the head's hukou kind — the registry side of
 * an impact preview. One statement; the person → latest-fact step uses DISTINCT ON.
 */
export async function listHouseholdIncomes(db: Kysely<DB>, asOf: string): Promise<HouseholdIncomeRow[]> {
  const { rows } = await sql<HouseholdIncomeRow>`
    with incomes as (
      select distinct on (f.person_id) f.person_id, (f.value #>> '{}')::bigint as fen
      from person_facts f
      where f.fact = 'monthly_income_fen' and f.valid_from <= ${asOf}::date
      order by f.person_id, f.valid_from desc, f.recorded_at desc
    )
    select h.id as "householdId", h.village_code as "villageCode", h.household_number as "householdNumber",
           count(m.person_id)::int as "members",
           coalesce(sum(i.fen), 0)::bigint as "monthlyIncomeFen",
           (select p.hukou_kind from persons p where p.id = h.head_person_id) as "headHukouKind"
    from households h
    join household_members m on m.household_id = h.id and m.to_date is null
    left join incomes i on i.person_id = m.person_id
    group by h.id
    order by h.village_code, h.id`.execute(db);
  return rows;
}

export async function listTownshipNames(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('places')
    .select(['code', 'name'])
    .where('level', '=', 'township')
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
