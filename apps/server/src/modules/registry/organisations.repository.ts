import type { DB, OrganisationKind, OrganisationRow } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';

export type OrganisationRecord = Pick<
  OrganisationRow,
  'id' | 'kind' | 'code' | 'name' | 'uscc' | 'placeCode' | 'duties'
>;
const columns = ['id', 'kind', 'code', 'name', 'uscc', 'placeCode', 'duties'] as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listOrganisations(
  db: Kysely<DB>,
  filter: { kind?: OrganisationKind | undefined; q?: string | undefined; onlyId?: string | undefined },
  limit: number,
): Promise<OrganisationRecord[]> {
  let q = db.selectFrom('organisations').select(columns);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.onlyId) q = q.where('id', '=', filter.onlyId);
  const text = filter.q;
  if (text) {
    q = q.where((eb) =>
      eb.or([eb('name', 'like', `%${escapeLike(text)}%`), eb('uscc', '=', text.toUpperCase())]),
    );
  }
  return q
    .orderBy('kind')
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

export async function findOrganisationByUscc(db: Kysely<DB>, uscc: string): Promise<string | undefined> {
  return (await db.selectFrom('organisations').select('id').where('uscc', '=', uscc).executeTakeFirst())?.id;
}

export async function insertOrganisation(
  trx: Transaction<DB>,
  org: { kind: OrganisationKind; name: string; uscc: string; placeCode: string | null },
): Promise<OrganisationRecord> {
  return trx
    .insertInto('organisations')
    .values({ ...org, duties: [] })
    .returning(columns)
    .executeTakeFirstOrThrow();
}
