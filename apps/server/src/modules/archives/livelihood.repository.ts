import type { DB, LivelihoodKind } from '@qiaoti/db';
import type { Kysely } from 'kysely';

// SQL for loading the 民生档案 index from department spreadsheets (livelihood_import, livelihood_record).

export async function listOrganisationsForImport(db: Kysely<DB>) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'code'])
    .where('kind', '=', 'department')
    .execute();
}

/** Registered persons by ID-number blind index. */
export async function findPersonIdsByIndex(
  db: Kysely<DB>,
  indexes: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < indexes.length; i += 1000) {
    const part = indexes.slice(i, i + 1000);
    if (part.length === 0) continue;
    for (const r of await db
      .selectFrom('persons')
      .select(['id', 'idNumberIndex'])
      .where('idNumberIndex', 'in', part)
      .execute())
      found.set(r.idNumberIndex, r.id);
  }
  return found;
}

export async function insertLivelihoodImport(
  db: Kysely<DB>,
  row: {
    organisationId: string;
    fileName: string;
    fileDigest: string;
    rowsTotal: number;
    rowsLoaded: number;
    rowsDuplicate: number;
    rowsRejected: number;
    rowsUnmatched: number;
    headers: string;
    errorsSealed: string | null;
    createdBy: string;
    createdAt: Date;
  },
) {
  return db.insertInto('livelihoodImport').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function findLivelihoodImport(db: Kysely<DB>, id: string) {
  return db.selectFrom('livelihoodImport').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface LivelihoodRecordInsert {
  personId: string | null;
  kind: LivelihoodKind;
  holdingOrganisationId: string;
  referenceNumber: string;
  recordDate: string;
  summary: string;
  idNumberCipher: string | null;
  idNumberIndex: string;
  idNumberMasked: string;
  importId: string;
  createdBy: string;
}

/** Inserts what is new; an entry already indexed (department, kind, reference number) is left as it is. */
export async function insertLivelihoodRecords(db: Kysely<DB>, rows: readonly LivelihoodRecordInsert[]) {
  if (rows.length === 0) return [];
  return db
    .insertInto('livelihoodRecord')
    .values([...rows])
    .onConflict((oc) => oc.columns(['holdingOrganisationId', 'kind', 'referenceNumber']).doNothing())
    .returning(['id', 'personId'])
    .execute();
}
