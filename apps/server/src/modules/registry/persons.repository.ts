import type { DB, NewPerson, PersonRow, PersonUpdate } from '@qiaoti/db';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { RegistryScope } from './registry-scope.ts';

/** Columns a service may read; the ciphertexts are only read by `findPersonCipher` (reveal). */
const personColumns = [
  'persons.id',
  'persons.idNumberMasked',
  'persons.name',
  'persons.gender',
  'persons.birthDate',
  'persons.hukouPlaceCode',
  'persons.hukouKind',
  'persons.residenceVillageCode',
  'persons.education',
  'persons.phoneMasked',
  'persons.version',
] as const;

export type PersonRecord = Pick<
  PersonRow,
  | 'id'
  | 'idNumberMasked'
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'hukouPlaceCode'
  | 'hukouKind'
  | 'residenceVillageCode'
  | 'education'
  | 'phoneMasked'
  | 'version'
>;

/** The data-level scope as a WHERE clause on `persons`. */
export function personInScope(scope: RegistryScope) {
  return (eb: ExpressionBuilder<DB, 'persons'>) => {
    switch (scope.kind) {
      case 'county':
        return eb.lit(true);
      case 'township':
        return eb('persons.residenceVillageCode', 'like', `${scope.townshipCode}%`);
      case 'village':
        return eb('persons.residenceVillageCode', '=', scope.villageCode);
      case 'self':
        return eb('persons.id', '=', scope.personId);
      case 'none':
        return eb.lit(false);
    }
  };
}

export async function findPersonById(db: Kysely<DB>, id: string): Promise<PersonRecord | undefined> {
  return db.selectFrom('persons').select(personColumns).where('persons.id', '=', id).executeTakeFirst();
}

/** Locks the row for the rest of the transaction. */
export async function findPersonByIdForUpdate(
  trx: Transaction<DB>,
  id: string,
): Promise<PersonRecord | undefined> {
  return trx
    .selectFrom('persons')
    .select(personColumns)
    .where('persons.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function findPersonCipher(
  db: Kysely<DB>,
  id: string,
): Promise<{ idNumberCipher: string; phoneCipher: string | null } | undefined> {
  return db
    .selectFrom('persons')
    .select(['idNumberCipher', 'phoneCipher'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findPersonIdByIdNumberIndex(
  db: Kysely<DB>,
  index: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('idNumberIndex', '=', index)
    .executeTakeFirst();
  return row?.id;
}

export type PersonSearchFilter =
  | { idNumberIndex: string }
  | { phoneIndex: string }
  | { name: string; villageCode: string };

/** Search-first lookup, limited to the scope. Returns up to `limit + 1` rows so the caller can tell "more". */
export async function searchPersons(
  db: Kysely<DB>,
  scope: RegistryScope,
  filter: PersonSearchFilter,
  limit: number,
): Promise<PersonRecord[]> {
  let q = db.selectFrom('persons').select(personColumns).where(personInScope(scope));
  if ('idNumberIndex' in filter) q = q.where('persons.idNumberIndex', '=', filter.idNumberIndex);
  else if ('phoneIndex' in filter) q = q.where('persons.phoneIndex', '=', filter.phoneIndex);
  else
    q = q
      .where('persons.residenceVillageCode', '=', filter.villageCode)
      .where('persons.name', '=', filter.name);
  return q
    .orderBy('persons.name')
    .orderBy('persons.birthDate')
    .limit(limit + 1)
    .execute();
}

/** Persons that exist but fall outside the scope: counted only to audit the denial. */
export async function countPersonsOutOfScope(
  db: Kysely<DB>,
  scope: RegistryScope,
  filter: PersonSearchFilter,
): Promise<number> {
  let q = db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.not(personInScope(scope)(eb)));
  if ('idNumberIndex' in filter) q = q.where('persons.idNumberIndex', '=', filter.idNumberIndex);
  else if ('phoneIndex' in filter) q = q.where('persons.phoneIndex', '=', filter.phoneIndex);
  else
    q = q
      .where('persons.residenceVillageCode', '=', filter.villageCode)
      .where('persons.name', '=', filter.name);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertPerson(trx: Transaction<DB>, person: NewPerson): Promise<PersonRecord> {
  return trx.insertInto('persons').values(person).returning(personColumns).executeTakeFirstOrThrow();
}

/** Optimistic locking: updates only when the version still matches; undefined when someone else was first. */
export async function updatePersonAtVersion(
  trx: Transaction<DB>,
  id: string,
  version: number,
  changes: PersonUpdate,
  at: Date,
): Promise<PersonRecord | undefined> {
  return trx
    .updateTable('persons')
    .set({ ...changes, version: sql<number>`version + 1`, updatedAt: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(personColumns)
    .executeTakeFirst();
}

export async function findPersonsByIds(db: Kysely<DB>, ids: readonly string[]): Promise<PersonRecord[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('persons').select(personColumns).where('persons.id', 'in', ids).execute();
}
