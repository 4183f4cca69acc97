import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';

export const agencyColumns = [
  'id',
  'code',
  'name',
  'kind',
  'inCounty',
  'organisationId',
  'regionName',
  'address',
  'contact',
] as const;

export async function findAgency(db: Kysely<DB>, id: string) {
  return db.selectFrom('archiveAgency').select(agencyColumns).where('id', '=', id).executeTakeFirst();
}

export async function findAgencyOfOrganisation(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('archiveAgency')
    .select(agencyColumns)
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

export async function findAgencies(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('archiveAgency')
    .select(agencyColumns)
    .where('id', 'in', [...ids])
    .execute();
}

export async function listAgencies(db: Kysely<DB>) {
  return db
    .selectFrom('archiveAgency')
    .select(agencyColumns)
    .orderBy('inCounty', 'desc')
    .orderBy('kind')
    .orderBy('code')
    .execute();
}

export async function upsertAgency(
  db: Kysely<DB>,
  row: {
    code: string;
    name: string;
    kind: 'public_service' | 'authorised_unit' | 'external';
    organisationId?: string | null;
    regionCode?: string | null;
    regionName?: string | null;
    address?: string | null;
    contact?: string | null;
  },
) {
  return db
    .insertInto('archiveAgency')
    .values({ ...row, inCounty: row.kind !== 'external' })
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet({ name: row.name, address: row.address ?? null, contact: row.contact ?? null }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

export type AgencyRow = NonNullable<Awaited<ReturnType<typeof findAgency>>>;
