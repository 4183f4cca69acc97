import type { DB } from '@qiaoti/db';
import { type Kysely, sql, type Transaction } from 'kysely';

/** SQL of 就业困难人员 identifications and assistance cases (the generic case state lives in work_items). */

export async function insertIdentification(
  trx: Transaction<DB>,
  row: {
    personId: string;
    decisionId: string;
    category: string | null;
    asOf: string;
    villageCode: string | null;
    identifiedBy: string;
  },
): Promise<string> {
  const r = await trx
    .insertInto('difficultyIdentification')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The identification in force for each person: their latest. */
export async function latestIdentifications(db: Kysely<DB>, personIds: readonly string[]) {
  if (personIds.length === 0)
    return new Map<string, Awaited<ReturnType<typeof identificationRows>>[number]>();
  const rows = await identificationRows(db, personIds);
  const out = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!out.has(r.personId)) out.set(r.personId, r);
  return out;
}

async function identificationRows(db: Kysely<DB>, personIds: readonly string[]) {
  return db
    .selectFrom('difficultyIdentification')
    .innerJoin('decisions', 'decisions.id', 'difficultyIdentification.decisionId')
    .select([
      'difficultyIdentification.id',
      'difficultyIdentification.personId',
      'difficultyIdentification.category',
      'difficultyIdentification.decisionId',
      sql<string>`difficulty_identification.as_of::text`.as('asOf'),
      'decisions.reasons',
    ])
    .where('difficultyIdentification.personId', 'in', [...personIds])
    .orderBy('difficultyIdentification.personId')
    .orderBy('difficultyIdentification.createdAt', 'desc')
    .execute();
}

/**
 * Unemployed residents of a township as the screen's first cut: registered job seekers not employed, or persons
 * whose latest registry employment status is 失业. The rule then decides who is a 就业困难人员.
 */
export async function listUnemployedInPlace(db: Kysely<DB>, prefix: string, limit: number) {
  return db
    .selectFrom('persons')
    .select([
      'persons.id',
      'persons.name',
      'persons.gender',
      sql<string>`persons.birth_date::text`.as('birthDate'),
      'persons.idNumberMasked',
      'persons.residenceVillageCode',
    ])
    .where('persons.residenceVillageCode', 'like', `${prefix}%`)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('jobSeeker')
            .select('jobSeeker.id')
            .whereRef('jobSeeker.personId', '=', 'persons.id')
            .where('jobSeeker.status', 'in', ['registered', 'unemployed', 'in_training']),
        ),
        eb(
          sql<
            string | null
          >`(select f.value #>> '{}' from person_facts f where f.person_id = persons.id and f.fact = 'employment_status' order by f.valid_from desc, f.recorded_at desc limit 1)`,
          '=',
          'unemployed',
        ),
      ]),
    )
    .orderBy('persons.residenceVillageCode')
    .orderBy('persons.id')
    .limit(limit)
    .execute();
}

export async function findOpenCaseIds(
  db: Kysely<DB>,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('assistanceCase')
    .select(['id', 'personId'])
    .where('personId', 'in', [...personIds])
    .where('status', '=', 'open')
    .execute();
  return new Map(rows.map((r) => [r.personId, r.id]));
}

export async function insertCase(
  trx: Transaction<DB>,
  row: {
    workItemId: string;
    personId: string;
    identificationId: string;
    category: string;
    villageCode: string | null;
    openedOn: string;
    openedBy: string;
  },
): Promise<string> {
  const r = await trx
    .insertInto('assistanceCase')
    .values({ ...row, status: 'open' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

const caseColumns = [
  'assistanceCase.id',
  'assistanceCase.workItemId',
  'assistanceCase.personId',
  'assistanceCase.category',
  'assistanceCase.villageCode',
  'assistanceCase.status',
  sql<string>`assistance_case.opened_on::text`.as('openedOn'),
  sql<string | null>`assistance_case.closed_on::text`.as('closedOn'),
  'assistanceCase.closureDecisionId',
  'assistanceCase.closeNote',
  'persons.name as personName',
  'persons.idNumberMasked',
  'difficultyIdentification.decisionId as identificationDecisionId',
] as const;

export async function findCase(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('assistanceCase')
    .innerJoin('persons', 'persons.id', 'assistanceCase.personId')
    .innerJoin('difficultyIdentification', 'difficultyIdentification.id', 'assistanceCase.identificationId')
    .select(caseColumns)
    .where('assistanceCase.id', '=', id)
    .executeTakeFirst();
}

export async function findCaseForUpdate(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('assistanceCase')
    .select(['id', 'workItemId', 'personId', 'status', 'villageCode'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function markCaseClosed(
  trx: Transaction<DB>,
  id: string,
  c: { closedOn: string; closureDecisionId: string; closeNote: string | null },
): Promise<void> {
  await trx
    .updateTable('assistanceCase')
    .set({ ...c, status: 'closed' })
    .where('id', '=', id)
    .execute();
}

export async function listCases(
  db: Kysely<DB>,
  f: { prefix: string | null; status: 'open' | 'closed' | 'all'; today: string; overdueOnly: boolean },
) {
  let q = db
    .selectFrom('assistanceCase')
    .innerJoin('persons', 'persons.id', 'assistanceCase.personId')
    .innerJoin('difficultyIdentification', 'difficultyIdentification.id', 'assistanceCase.identificationId')
    .select(caseColumns)
    .select((eb) => [
      eb
        .selectFrom('workItems')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('workItems.parentId', '=', 'assistanceCase.workItemId')
        .as('steps'),
      eb
        .selectFrom('workItems')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('workItems.parentId', '=', 'assistanceCase.workItemId')
        .where('workItems.closed', '=', false)
        .where('workItems.dueOn', '<', f.today)
        .as('overdueSteps'),
    ]);
  if (f.status !== 'all') q = q.where('assistanceCase.status', '=', f.status);
  if (f.prefix) q = q.where('assistanceCase.villageCode', 'like', `${f.prefix}%`);
  if (f.overdueOnly)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('workItems')
          .select('workItems.id')
          .whereRef('workItems.parentId', '=', 'assistanceCase.workItemId')
          .where('workItems.closed', '=', false)
          .where('workItems.dueOn', '<', f.today),
      ),
    );
  return q.orderBy('assistanceCase.openedOn', 'desc').limit(500).execute();
}

export async function listEventsOf(db: Kysely<DB>, workItemIds: readonly string[]) {
  if (workItemIds.length === 0) return [];
  return db
    .selectFrom('workItemEvents')
    .select([
      'id',
      'workItemId',
      'kind',
      'fromState',
      'toState',
      sql<string | null>`occurred_on::text`.as('occurredOn'),
      'way',
      'note',
      'data',
      'actorUsername',
      'at',
    ])
    .where('workItemId', 'in', [...workItemIds])
    .orderBy('at')
    .orderBy('id')
    .execute();
}
