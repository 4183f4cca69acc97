import type { DB } from '@qiaoti/db';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';

type PostingTable = DB['jobPosting'];
export type PostingRow = Selectable<PostingTable> & { organisationName: string };

const columns = [
  'jobPosting.id',
  'jobPosting.organisationId',
  'jobPosting.title',
  'jobPosting.occupationCode',
  'jobPosting.description',
  'jobPosting.skills',
  'jobPosting.education',
  'jobPosting.experienceYears',
  'jobPosting.wageMinFen',
  'jobPosting.wageMaxFen',
  'jobPosting.workplaceKind',
  'jobPosting.workplaceCode',
  'jobPosting.workplaceName',
  'jobPosting.hours',
  'jobPosting.hoursNote',
  'jobPosting.hoursPerWeek',
  'jobPosting.headcount',
  'jobPosting.contractType',
  'jobPosting.closingDate',
  'jobPosting.status',
  'jobPosting.ageLimitConfirmed',
  'jobPosting.checkDecisionId',
  'jobPosting.publishedAt',
  'jobPosting.closedAt',
  'jobPosting.createdBy',
  'jobPosting.version',
  'jobPosting.createdAt',
  'jobPosting.updatedAt',
  'organisations.name as organisationName',
] as const;

function base(db: Kysely<DB>) {
  return db
    .selectFrom('jobPosting')
    .innerJoin('organisations', 'organisations.id', 'jobPosting.organisationId')
    .select(columns);
}

export async function findPosting(db: Kysely<DB>, id: string): Promise<PostingRow | undefined> {
  return base(db).where('jobPosting.id', '=', id).executeTakeFirst();
}

export async function findPostingForUpdate(db: Kysely<DB>, id: string): Promise<PostingRow | undefined> {
  return base(db).where('jobPosting.id', '=', id).forUpdate('jobPosting').executeTakeFirst();
}

export async function findPostingsByIds(db: Kysely<DB>, ids: readonly string[]): Promise<PostingRow[]> {
  if (ids.length === 0) return [];
  return base(db).where('jobPosting.id', 'in', ids).execute();
}

export interface PostingFilter {
  status?: 'draft' | 'published' | 'closed';
  organisationId?: string;
  occupationCode?: string;
  q?: string;
  /** Published postings open on this day only (closing date not passed). */
  openOn?: string;
  limit: number;
  offset: number;
}

export async function listPostings(
  db: Kysely<DB>,
  f: PostingFilter,
): Promise<{ rows: PostingRow[]; total: number }> {
  let q = db
    .selectFrom('jobPosting')
    .innerJoin('organisations', 'organisations.id', 'jobPosting.organisationId');
  if (f.status) q = q.where('jobPosting.status', '=', f.status);
  if (f.organisationId) q = q.where('jobPosting.organisationId', '=', f.organisationId);
  if (f.occupationCode) q = q.where('jobPosting.occupationCode', '=', f.occupationCode);
  if (f.openOn) {
    const day = f.openOn;
    q = q
      .where('jobPosting.status', '=', 'published')
      .where((eb) =>
        eb.or([eb('jobPosting.closingDate', 'is', null), eb('jobPosting.closingDate', '>=', day)]),
      );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('jobPosting.title', 'like', like),
        eb('jobPosting.description', 'like', like),
        eb('organisations.name', 'like', like),
      ]),
    );
  }
  const total = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select(columns)
    .orderBy('jobPosting.updatedAt', 'desc')
    .orderBy('jobPosting.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function insertPosting(db: Kysely<DB>, row: Insertable<PostingTable>): Promise<string> {
  const r = await db.insertInto('jobPosting').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Optimistic locking: updates only at the given version; false when someone changed it first. */
export async function updatePostingAtVersion(
  db: Kysely<DB>,
  id: string,
  version: number,
  patch: Updateable<PostingTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('jobPosting')
    .set({ ...patch, version: version + 1, updatedAt: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setPosting(db: Kysely<DB>, id: string, patch: Updateable<PostingTable>): Promise<void> {
  await db
    .updateTable('jobPosting')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .execute();
}

export async function referralCounts(
  db: Kysely<DB>,
  postingIds: readonly string[],
): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (postingIds.length === 0) return out;
  const rows = await db
    .selectFrom('referral')
    .select(['postingId', 'state', sql<string>`count(*)`.as('n')])
    .where('postingId', 'in', postingIds)
    .groupBy(['postingId', 'state'])
    .execute();
  for (const r of rows) {
    const m = out.get(r.postingId) ?? {};
    m[r.state] = Number(r.n);
    out.set(r.postingId, m);
  }
  return out;
}

export async function findDecisionRow(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('decisions')
    .select(['id', 'ruleId', 'asOf', 'input', 'outcome', 'parametersRead', 'createdAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}
