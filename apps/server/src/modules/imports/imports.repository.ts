import type { DB } from '@qiaoti/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PlaceRecord } from './imports-rows.ts';

/**
 * The import's own bulk writes: one `INSERT … SELECT FROM unnest(…)` per table and chunk (a handful of array
 * parameters instead of thousands of bound values), inside the chunk's transaction.
 */

export async function listPlaces(db: Kysely<DB>): Promise<PlaceRecord[]> {
  return db.selectFrom('places').select(['code', 'name', 'level']).execute();
}

/** For this transaction only: COMMIT returns without waiting for the WAL flush. */
export async function deferCommitFlush(trx: Transaction<DB>): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}

/** Which of these ID-number blind indexes are already registered. */
export async function findRegisteredIdIndexes(
  trx: Transaction<DB>,
  indexes: readonly string[],
): Promise<Set<string>> {
  if (indexes.length === 0) return new Set();
  const rows = await sql<{ idNumberIndex: string }>`
    select id_number_index from persons where id_number_index = any(${[...indexes]}::text[])`.execute(trx);
  return new Set(rows.rows.map((r) => r.idNumberIndex));
}

export async function findExistingHouseholdNumbers(
  trx: Transaction<DB>,
  numbers: readonly string[],
): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await sql<{ householdNumber: string }>`
    select household_number from households where household_number = any(${[...numbers]}::text[])`.execute(
    trx,
  );
  return new Set(rows.rows.map((r) => r.householdNumber));
}

export interface PersonInsert {
  id: string;
  idNumberCipher: string;
  idNumberIndex: string;
  idNumberMasked: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  hukouPlaceCode: string | null;
  hukouKind: string | null;
  residenceVillageCode: string | null;
  education: string | null;
  phoneCipher: string | null;
  phoneIndex: string | null;
  phoneMasked: string | null;
}

const col = <T, K extends keyof T>(rows: readonly T[], k: K): T[K][] => rows.map((r) => r[k]);

export async function insertPersons(trx: Transaction<DB>, rows: readonly PersonInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into persons (id, id_number_cipher, id_number_index, id_number_masked, name, gender, birth_date,
      hukou_place_code, hukou_kind, residence_village_code, education, phone_cipher, phone_index, phone_masked)
    select * from unnest(
      ${col(rows, 'id')}::uuid[], ${col(rows, 'idNumberCipher')}::text[], ${col(rows, 'idNumberIndex')}::text[],
      ${col(rows, 'idNumberMasked')}::text[], ${col(rows, 'name')}::text[], ${col(rows, 'gender')}::text[],
      ${col(rows, 'birthDate')}::date[], ${col(rows, 'hukouPlaceCode')}::varchar[], ${col(rows, 'hukouKind')}::text[],
      ${col(rows, 'residenceVillageCode')}::varchar[], ${col(rows, 'education')}::text[],
      ${col(rows, 'phoneCipher')}::text[], ${col(rows, 'phoneIndex')}::text[], ${col(rows, 'phoneMasked')}::text[])`.execute(
    trx,
  );
}

export interface HouseholdInsert {
  id: string;
  householdNumber: string | null;
  villageCode: string;
  headPersonId: string;
}

export async function insertHouseholds(
  trx: Transaction<DB>,
  rows: readonly HouseholdInsert[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into households (id, household_number, village_code, head_person_id)
    select * from unnest(${col(rows, 'id')}::uuid[], ${col(rows, 'householdNumber')}::text[],
      ${col(rows, 'villageCode')}::varchar[], ${col(rows, 'headPersonId')}::uuid[])`.execute(trx);
}

export interface MemberInsert {
  householdId: string;
  personId: string;
  relation: string;
}

export async function insertMembers(
  trx: Transaction<DB>,
  rows: readonly MemberInsert[],
  fromDate: string,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into household_members (household_id, person_id, relation, from_date)
    select h, p, r, ${fromDate}::date
    from unnest(${col(rows, 'householdId')}::uuid[], ${col(rows, 'personId')}::uuid[], ${col(rows, 'relation')}::text[])
      as m(h, p, r)`.execute(trx);
}
