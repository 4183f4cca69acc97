import type { DB } from '@qiaoti/db';
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Updateable,
} from 'kysely';
import type { RegistryScope } from '../registry/registry-scope.ts';

type SeekerTable = DB['jobSeeker'];

/** A seeker with the person fields services need (masked ID only; never ciphertexts). */
export type SeekerRow = Selectable<SeekerTable> & {
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  idNumberMasked: string;
  residenceVillageCode: string | null;
};

const columns = [
  'jobSeeker.id',
  'jobSeeker.personId',
  'jobSeeker.status',
  'jobSeeker.statusSince',
  'jobSeeker.occupationsWanted',
  'jobSeeker.skills',
  'jobSeeker.education',
  'jobSeeker.experienceYears',
  'jobSeeker.expectedWageFen',
  'jobSeeker.acceptablePlaces',
  'jobSeeker.maxCommuteKm',
  'jobSeeker.hoursWanted',
  'jobSeeker.availableFrom',
  'jobSeeker.certificates',
  'jobSeeker.assistancePriority',
  'jobSeeker.channel',
  'jobSeeker.registeredOn',
  'jobSeeker.registeredBy',
  'jobSeeker.version',
  'jobSeeker.createdAt',
  'jobSeeker.updatedAt',
  'persons.name',
  'persons.gender',
  'persons.birthDate',
  'persons.idNumberMasked',
  'persons.residenceVillageCode',
] as const;

function base(db: Kysely<DB>) {
  return db.selectFrom('jobSeeker').innerJoin('persons', 'persons.id', 'jobSeeker.personId').select(columns);
}

/** The registry's data-level scope as a WHERE on the seeker's person. */
export function seekerInScope(scope: RegistryScope) {
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

export async function findSeeker(db: Kysely<DB>, id: string): Promise<SeekerRow | undefined> {
  return base(db).where('jobSeeker.id', '=', id).executeTakeFirst();
}

export async function findSeekerByPerson(db: Kysely<DB>, personId: string): Promise<SeekerRow | undefined> {
  return base(db).where('jobSeeker.personId', '=', personId).executeTakeFirst();
}

export async function findSeekersByIds(db: Kysely<DB>, ids: readonly string[]): Promise<SeekerRow[]> {
  if (ids.length === 0) return [];
  return base(db).where('jobSeeker.id', 'in', ids).execute();
}

export interface SeekerFilter {
  scope: RegistryScope;
  personId?: string;
  name?: string;
  villageCode?: string;
  status?: SeekerTable['status'];
  occupationCode?: string;
  limit: number;
  offset: number;
}

export async function searchSeekers(
  db: Kysely<DB>,
  f: SeekerFilter,
): Promise<{ rows: SeekerRow[]; total: number }> {
  let q = db
    .selectFrom('jobSeeker')
    .innerJoin('persons', 'persons.id', 'jobSeeker.personId')
    .where(seekerInScope(f.scope));
  if (f.personId) q = q.where('jobSeeker.personId', '=', f.personId);
  if (f.name) q = q.where('persons.name', '=', f.name);
  if (f.villageCode) q = q.where('persons.residenceVillageCode', '=', f.villageCode);
  if (f.status) q = q.where('jobSeeker.status', '=', f.status);
  if (f.occupationCode) {
    const code = f.occupationCode;
    q = q.where(sql<boolean>`${code} = any(job_seeker.occupations_wanted)`);
  }
  const total = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select(columns)
    .orderBy('jobSeeker.updatedAt', 'desc')
    .orderBy('jobSeeker.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function insertSeeker(db: Kysely<DB>, row: Insertable<SeekerTable>): Promise<string> {
  const r = await db.insertInto('jobSeeker').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateSeekerAtVersion(
  db: Kysely<DB>,
  id: string,
  version: number,
  patch: Updateable<SeekerTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('jobSeeker')
    .set({ ...patch, version: version + 1, updatedAt: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setSeekerStatus(
  db: Kysely<DB>,
  id: string,
  status: SeekerTable['status'],
  since: string,
): Promise<void> {
  await db
    .updateTable('jobSeeker')
    .set((eb) => ({ status, statusSince: since, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .execute();
}

/** Every seeker with the fields the matching index needs (the index is built from these at start). */
export async function allSeekersForIndex(db: Kysely<DB>) {
  return db
    .selectFrom('jobSeeker')
    .innerJoin('persons', 'persons.id', 'jobSeeker.personId')
    .select([
      'jobSeeker.id',
      'jobSeeker.status',
      'jobSeeker.occupationsWanted',
      'jobSeeker.skills',
      'jobSeeker.education',
      'jobSeeker.expectedWageFen',
      'jobSeeker.maxCommuteKm',
      'jobSeeker.hoursWanted',
      'jobSeeker.assistancePriority',
      'persons.residenceVillageCode',
    ])
    .execute();
}
