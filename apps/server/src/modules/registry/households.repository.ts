import type { DB, HouseholdRow } from '@qiaoti/db';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import { findPersonsByIds, type PersonRecord } from './persons.repository.ts';
import type { RegistryScope } from './registry-scope.ts';

export type HouseholdRecord = Pick<
  HouseholdRow,
  'id' | 'householdNumber' | 'villageCode' | 'address' | 'headPersonId'
>;
const householdColumns = [
  'households.id',
  'households.householdNumber',
  'households.villageCode',
  'households.address',
  'households.headPersonId',
] as const;

export interface MembershipRecord {
  householdId: string;
  personId: string;
  relation: string;
  fromDate: string;
}

/** The data-level scope as a WHERE clause on `households` (by the household's village). */
export function householdInScope(scope: RegistryScope) {
  return (eb: ExpressionBuilder<DB, 'households'>) => {
    switch (scope.kind) {
      case 'county':
        return eb.lit(true);
      case 'township':
        return eb('households.villageCode', 'like', `${scope.townshipCode}%`);
      case 'village':
        return eb('households.villageCode', '=', scope.villageCode);
      default:
        return eb.lit(false);
    }
  };
}

export async function findHouseholdById(db: Kysely<DB>, id: string): Promise<HouseholdRecord | undefined> {
  return db
    .selectFrom('households')
    .select(householdColumns)
    .where('households.id', '=', id)
    .executeTakeFirst();
}

export async function findHouseholdByIdForUpdate(
  trx: Transaction<DB>,
  id: string,
): Promise<HouseholdRecord | undefined> {
  return trx
    .selectFrom('households')
    .select(householdColumns)
    .where('households.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function findHouseholdIdByNumber(
  db: Kysely<DB>,
  householdNumber: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('households')
    .select('id')
    .where('householdNumber', '=', householdNumber)
    .executeTakeFirst();
  return row?.id;
}

/** The household a person currently belongs to (to_date null), with their relation. */
export async function findCurrentMembership(
  db: Kysely<DB>,
  personId: string,
): Promise<MembershipRecord | undefined> {
  return db
    .selectFrom('householdMembers')
    .select(['householdId', 'personId', 'relation', 'fromDate'])
    .where('personId', '=', personId)
    .where('toDate', 'is', null)
    .executeTakeFirst();
}

export async function listCurrentMembers(db: Kysely<DB>, householdId: string): Promise<MembershipRecord[]> {
  return db
    .selectFrom('householdMembers')
    .select(['householdId', 'personId', 'relation', 'fromDate'])
    .where('householdId', '=', householdId)
    .where('toDate', 'is', null)
    .orderBy(sql`relation = 'head'`, 'desc')
    .orderBy('fromDate')
    .execute();
}

export async function insertHousehold(
  trx: Transaction<DB>,
  h: { householdNumber: string | null; villageCode: string; address: string | null },
): Promise<HouseholdRecord> {
  return trx.insertInto('households').values(h).returning(householdColumns).executeTakeFirstOrThrow();
}

export async function setHouseholdHead(
  trx: Transaction<DB>,
  householdId: string,
  personId: string | null,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('households')
    .set({ headPersonId: personId, updatedAt: at })
    .where('id', '=', householdId)
    .execute();
}

/** Joins a household; rejoining on the day one left reopens that membership (the key is household, person, day). */
export async function insertMembership(trx: Transaction<DB>, m: MembershipRecord): Promise<void> {
  await trx
    .insertInto('householdMembers')
    .values(m)
    .onConflict((oc) =>
      oc.columns(['householdId', 'personId', 'fromDate']).doUpdateSet({ toDate: null, relation: m.relation }),
    )
    .execute();
}

export async function endMembership(
  trx: Transaction<DB>,
  householdId: string,
  personId: string,
  toDate: string,
): Promise<number> {
  const r = await trx
    .updateTable('householdMembers')
    .set({ toDate })
    .where('householdId', '=', householdId)
    .where('personId', '=', personId)
    .where('toDate', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface HouseholdListRow extends HouseholdRecord {
  headName: string | null;
  memberCount: number;
}

/** Search by 户号 or by a current member, limited to the scope. */
export async function searchHouseholds(
  db: Kysely<DB>,
  scope: RegistryScope,
  filter: { householdNumber: string } | { memberPersonId: string },
): Promise<HouseholdListRow[]> {
  let q = db
    .selectFrom('households')
    .leftJoin('persons as head', 'head.id', 'households.headPersonId')
    .select(householdColumns)
    .select('head.name as headName')
    .select((eb) =>
      eb
        .selectFrom('householdMembers')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('householdMembers.householdId', '=', 'households.id')
        .where('householdMembers.toDate', 'is', null)
        .as('memberCount'),
    )
    .where(householdInScope(scope));
  if ('householdNumber' in filter) q = q.where('households.householdNumber', '=', filter.householdNumber);
  else
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('householdMembers')
          .select('householdMembers.personId')
          .whereRef('householdMembers.householdId', '=', 'households.id')
          .where('householdMembers.personId', '=', filter.memberPersonId)
          .where('householdMembers.toDate', 'is', null),
      ),
    );
  const rows = await q.limit(20).execute();
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount ?? 0) }));
}

export type RelationKind = 'parent_of' | 'spouse_of';

/**
 * Household links (DESIGN §4b): parent–child and spouse relations that outlive the household. Recorded once per
 * pair and kind while current; a spouse link is found in either direction.
 */
export async function linkPersons(
  trx: Transaction<DB>,
  link: { personId: string; relatedPersonId: string; kind: RelationKind; fromDate: string },
): Promise<void> {
  if (link.personId === link.relatedPersonId) return;
  const existing = await trx
    .selectFrom('personRelations')
    .select('id')
    .where('kind', '=', link.kind)
    .where('toDate', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('personId', '=', link.personId), eb('relatedPersonId', '=', link.relatedPersonId)]),
        ...(link.kind === 'spouse_of'
          ? [eb.and([eb('personId', '=', link.relatedPersonId), eb('relatedPersonId', '=', link.personId)])]
          : []),
      ]),
    )
    .executeTakeFirst();
  if (!existing) await trx.insertInto('personRelations').values(link).execute();
}

export interface RelationRecord {
  kind: RelationKind;
  personId: string;
  relatedPersonId: string;
}

/** Current links in which a person takes part, either side. */
export async function listRelations(db: Kysely<DB>, personId: string): Promise<RelationRecord[]> {
  return db
    .selectFrom('personRelations')
    .select(['kind', 'personId', 'relatedPersonId'])
    .where('toDate', 'is', null)
    .where((eb) => eb.or([eb('personId', '=', personId), eb('relatedPersonId', '=', personId)]))
    .execute();
}

export async function updateHouseholdFields(
  trx: Transaction<DB>,
  id: string,
  changes: { householdNumber?: string | null; address?: string | null },
  at: Date,
): Promise<void> {
  await trx
    .updateTable('households')
    .set({ ...changes, updatedAt: at })
    .where('id', '=', id)
    .execute();
}

export async function setMemberRelation(
  trx: Transaction<DB>,
  householdId: string,
  personId: string,
  relation: string,
): Promise<void> {
  await trx
    .updateTable('householdMembers')
    .set({ relation })
    .where('householdId', '=', householdId)
    .where('personId', '=', personId)
    .where('toDate', 'is', null)
    .execute();
}

/** A household's current members, with each member's person record by id. */
export async function listCurrentMembersWithPersons(
  db: Kysely<DB>,
  householdId: string,
): Promise<{ members: MembershipRecord[]; persons: Map<string, PersonRecord> }> {
  const members = await listCurrentMembers(db, householdId);
  const rows = await findPersonsByIds(
    db,
    members.map((m) => m.personId),
  );
  return { members, persons: new Map(rows.map((p) => [p.id, p])) };
}
