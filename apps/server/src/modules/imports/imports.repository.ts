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

// ── Loading without per-row foreign-key triggers (the embedded database only) ──────────────────────────────────

/**
 * The foreign keys of the three tables an import loads, as the import itself guarantees them: place codes are
 * checked against `places` once per chunk (`findMissingPlaceCodes`), and persons, households and memberships
 * reference only rows inserted by the same chunk. A schema with any other foreign key, or any other insert
 * trigger, on these tables makes `canLoadWithoutRowTriggers` say no, and the import keeps the triggers.
 */
const IMPORT_FOREIGN_KEYS = [
  'household_members.household_id>households.id',
  'household_members.person_id>persons.id',
  'households.head_person_id>persons.id',
  'households.village_code>places.code',
  'persons.residence_village_code>places.code',
].join(' ');

/**
 * Whether this database lets the import insert persons, households and memberships with row triggers off
 * (`session_replication_role = replica`): the only insert triggers on those tables must be the foreign-key checks
 * listed above. Only for PGlite, which has one connection, so no other transaction can remove a referenced place
 * between the import's own check and its commit (what the per-row check's row lock guards against on a server).
 */
export async function canLoadWithoutRowTriggers(db: Kysely<DB>): Promise<boolean> {
  const keys = await sql<{ k: string }>`
    select c.conrelid::regclass::text || '.' || a.attname || '>' || c.confrelid::regclass::text || '.' || f.attname as k
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute f on f.attrelid = c.confrelid and f.attnum = c.confkey[1]
    where c.contype = 'f' and cardinality(c.conkey) = 1
      and c.conrelid in ('persons'::regclass, 'households'::regclass, 'household_members'::regclass)
    union all
    select 'multi-column' from pg_constraint c
    where c.contype = 'f' and cardinality(c.conkey) > 1
      and c.conrelid in ('persons'::regclass, 'households'::regclass, 'household_members'::regclass)`.execute(
    db,
  );
  if (
    keys.rows
      .map((r) => r.k)
      .sort()
      .join(' ') !== IMPORT_FOREIGN_KEYS
  )
    return false;
  const others = await sql<{ n: number }>`
    select count(*)::int as n from pg_trigger t
    where t.tgrelid in ('persons'::regclass, 'households'::regclass, 'household_members'::regclass)
      and (t.tgtype & 4) <> 0
      and not (t.tgisinternal and t.tgfoid = 'pg_catalog."RI_FKey_check_ins"'::regproc)`.execute(db);
  return Number(others.rows[0]?.n ?? 1) === 0;
}

/** The codes among these that are not in `places` (what the per-row foreign-key check would have refused). */
export async function findMissingPlaceCodes(
  trx: Transaction<DB>,
  codes: readonly string[],
): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ code: string }>`
    select c as code from unnest(${[...codes]}::varchar[]) as c
    where not exists (select 1 from places p where p.code = c)`.execute(trx);
  return rows.rows.map((r) => r.code);
}

/**
 * Runs `fn` with row triggers off, then turns them on again for the rest of the transaction. When `fn` throws, the
 * transaction rolls back, and `set local` with it.
 */
export async function withoutRowTriggers<T>(trx: Transaction<DB>, fn: () => Promise<T>): Promise<T> {
  await sql`set local session_replication_role = replica`.execute(trx);
  const result = await fn();
  await sql`set local session_replication_role = origin`.execute(trx);
  return result;
}
