import type { DB } from '@qiaoti/db';
import { type Kysely, sql, type Transaction } from 'kysely';

// ── Sites ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const siteColumns = [
  'gigSite.id',
  'gigSite.name',
  'gigSite.kind',
  'gigSite.townshipCode',
  'gigSite.villageCode',
  'gigSite.address',
  'gigSite.openingHours',
  'gigSite.contactOrganisationId',
  'gigSite.isActive',
] as const;

export async function listSites(db: Kysely<DB>, filter: { townshipCode?: string | undefined }) {
  let q = db
    .selectFrom('gigSite')
    .leftJoin('organisations', 'organisations.id', 'gigSite.contactOrganisationId')
    .select([...siteColumns, 'organisations.name as contactOrganisationName']);
  if (filter.townshipCode) q = q.where('gigSite.townshipCode', '=', filter.townshipCode);
  return q.orderBy('gigSite.townshipCode').orderBy('gigSite.name').execute();
}
export type SiteRecord = Awaited<ReturnType<typeof listSites>>[number];

export async function findSite(db: Kysely<DB>, id: string): Promise<SiteRecord | undefined> {
  return db
    .selectFrom('gigSite')
    .leftJoin('organisations', 'organisations.id', 'gigSite.contactOrganisationId')
    .select([...siteColumns, 'organisations.name as contactOrganisationName'])
    .where('gigSite.id', '=', id)
    .executeTakeFirst();
}

export async function insertSite(
  trx: Transaction<DB>,
  site: {
    name: string;
    kind: 'gig_station' | 'labour_market';
    townshipCode: string;
    villageCode: string | null;
    address: string;
    openingHours: string;
    contactOrganisationId: string | null;
    createdBy: string;
  },
): Promise<string> {
  return (await trx.insertInto('gigSite').values(site).returning('id').executeTakeFirstOrThrow()).id;
}

export async function setSiteActive(trx: Transaction<DB>, id: string, isActive: boolean, at: Date) {
  await trx.updateTable('gigSite').set({ isActive, updatedAt: at }).where('id', '=', id).execute();
}

export async function findOrganisation(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'kind', 'name', 'placeCode'])
    .where('id', '=', id)
    .executeTakeFirst();
}

// ── Tasks ─────────────────────────────────────────────────────────────────────────────────────────────────────────

function taskSelect(db: Kysely<DB>) {
  return db
    .selectFrom('gigTask')
    .innerJoin('gigSite', 'gigSite.id', 'gigTask.siteId')
    .leftJoin('organisations as employer', 'employer.id', 'gigTask.employerId')
    .leftJoin('households', 'households.id', 'gigTask.householdId')
    .select([
      'gigTask.id',
      'gigTask.siteId',
      'gigSite.name as siteName',
      'gigSite.address as siteAddress',
      'gigSite.villageCode as siteVillageCode',
      'gigTask.townshipCode',
      'gigTask.title',
      'gigTask.description',
      'gigTask.posterKind',
      'gigTask.employerId',
      'employer.name as employerName',
      'gigTask.householdId',
      'households.villageCode as householdVillageCode',
      'gigTask.posterPersonId',
      'gigTask.payUnit',
      'gigTask.payFen',
      'gigTask.workDate',
      'gigTask.days',
      'gigTask.headcount',
      'gigTask.claimedCount',
      'gigTask.status',
      'gigTask.createdBy',
      'gigTask.createdAt',
    ]);
}
export type TaskRecord = Awaited<ReturnType<ReturnType<typeof taskSelect>['executeTakeFirstOrThrow']>>;
type TaskQuery = ReturnType<typeof taskSelect>;

export async function findTask(db: Kysely<DB>, id: string): Promise<TaskRecord | undefined> {
  return taskSelect(db).where('gigTask.id', '=', id).executeTakeFirst();
}

/** What a scope may list: the whole county, one township, one employer's tasks, or the open market. */
export type TaskFilter = {
  townshipCode?: string | undefined;
  employerId?: string | undefined;
  status?: 'open' | 'closed' | 'cancelled' | undefined;
  siteId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function applyFilter(q: TaskQuery, f: TaskFilter): TaskQuery {
  let out = q;
  if (f.townshipCode) out = out.where('gigTask.townshipCode', '=', f.townshipCode);
  if (f.employerId) out = out.where('gigTask.employerId', '=', f.employerId);
  if (f.status) out = out.where('gigTask.status', '=', f.status);
  if (f.siteId) out = out.where('gigTask.siteId', '=', f.siteId);
  if (f.from) out = out.where('gigTask.workDate', '>=', f.from);
  if (f.to) out = out.where('gigTask.workDate', '<=', f.to);
  return out;
}

export async function listTasks(
  db: Kysely<DB>,
  filter: TaskFilter,
  page: { offset: number; limit: number },
): Promise<{ items: TaskRecord[]; total: number }> {
  const filtered = applyFilter(taskSelect(db), filter);
  const [items, total] = await Promise.all([
    filtered
      .orderBy('gigTask.workDate', 'desc')
      .orderBy('gigTask.createdAt', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom(filtered.as('t'))
      .select((e) => e.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Open tasks whose last day is today or later, with room left; nearest first (same village, township, county). */
export async function listOpenTasksNear(
  db: Kysely<DB>,
  today: string,
  near: { villageCode: string | null; townshipCode: string | null },
  limit: number,
): Promise<TaskRecord[]> {
  const v = near.villageCode ?? '';
  const t = near.townshipCode ?? '';
  return taskSelect(db)
    .where('gigTask.status', '=', 'open')
    .whereRef('gigTask.claimedCount', '<', 'gigTask.headcount')
    .where(sql<boolean>`gig_task.work_date + (gig_task.days - 1) >= ${today}::date`)
    .orderBy(
      sql`case when gig_site.village_code = ${v} then 0 when gig_task.township_code = ${t} then 1 else 2 end`,
    )
    .orderBy('gigTask.workDate')
    .orderBy('gigTask.id')
    .limit(limit)
    .execute();
}

export async function insertTask(
  trx: Transaction<DB>,
  task: {
    siteId: string;
    townshipCode: string;
    title: string;
    description: string;
    posterKind: 'employer' | 'household';
    employerId: string | null;
    householdId: string | null;
    posterPersonId: string | null;
    payUnit: 'day' | 'task';
    payFen: number;
    workDate: string;
    days: number;
    headcount: number;
    createdBy: string;
    createdAt: Date;
  },
): Promise<string> {
  return (
    await trx
      .insertInto('gigTask')
      .values({ ...task, status: 'open', updatedAt: task.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/**
 * Takes one place on an open task, atomically: the row is locked by the update, so concurrent claims are serialised
 * and the headcount can never be exceeded. Returns the new count, or undefined when the task is full or not open.
 */
export async function takePlace(trx: Transaction<DB>, taskId: string, at: Date): Promise<number | undefined> {
  const row = await trx
    .updateTable('gigTask')
    .set((e) => ({ claimedCount: e('claimedCount', '+', 1), updatedAt: at }))
    .where('id', '=', taskId)
    .where('status', '=', 'open')
    .whereRef('claimedCount', '<', 'headcount')
    .returning('claimedCount')
    .executeTakeFirst();
  return row?.claimedCount;
}

export async function releasePlaces(
  trx: Transaction<DB>,
  taskId: string,
  count: number,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('gigTask')
    .set((e) => ({ claimedCount: e('claimedCount', '-', count), updatedAt: at }))
    .where('id', '=', taskId)
    .execute();
}

export async function setTaskStatus(
  trx: Transaction<DB>,
  taskId: string,
  from: 'open',
  to: 'closed' | 'cancelled',
  at: Date,
): Promise<boolean> {
  const rows = await trx
    .updateTable('gigTask')
    .set({ status: to, updatedAt: at })
    .where('id', '=', taskId)
    .where('status', '=', from)
    .returning('id')
    .execute();
  return rows.length === 1;
}

// ── Claims and payments ──────────────────────────────────────────────────────────────────────────────────────────

function claimSelect(db: Kysely<DB>) {
  return db
    .selectFrom('gigClaim')
    .innerJoin('persons', 'persons.id', 'gigClaim.personId')
    .leftJoin('gigPayment', 'gigPayment.claimId', 'gigClaim.id')
    .select([
      'gigClaim.id',
      'gigClaim.taskId',
      'gigClaim.personId',
      'persons.name as workerName',
      'gigClaim.status',
      'gigClaim.claimedAt',
      'gigClaim.checkedInAt',
      'gigClaim.completedAt',
      'gigPayment.amountFen',
      'gigPayment.method',
      'gigPayment.paidOn',
      'gigPayment.confirmedAt',
    ]);
}
export type ClaimRecord = Awaited<ReturnType<ReturnType<typeof claimSelect>['executeTakeFirstOrThrow']>>;

export async function findClaim(db: Kysely<DB>, id: string): Promise<ClaimRecord | undefined> {
  return claimSelect(db).where('gigClaim.id', '=', id).executeTakeFirst();
}

export async function listTaskClaims(db: Kysely<DB>, taskId: string): Promise<ClaimRecord[]> {
  return claimSelect(db).where('gigClaim.taskId', '=', taskId).orderBy('gigClaim.claimedAt').execute();
}

export async function findLiveClaim(
  db: Kysely<DB>,
  taskId: string,
  personId: string,
): Promise<ClaimRecord | undefined> {
  return claimSelect(db)
    .where('gigClaim.taskId', '=', taskId)
    .where('gigClaim.personId', '=', personId)
    .where('gigClaim.status', '<>', 'withdrawn')
    .executeTakeFirst();
}

export async function listPersonClaims(db: Kysely<DB>, personId: string, taskIds?: readonly string[]) {
  let q = claimSelect(db).where('gigClaim.personId', '=', personId);
  if (taskIds) {
    if (taskIds.length === 0) return [];
    q = q.where('gigClaim.taskId', 'in', [...taskIds]).where('gigClaim.status', '<>', 'withdrawn');
  }
  return q.orderBy('gigClaim.claimedAt', 'desc').limit(200).execute();
}

export async function insertClaim(
  trx: Transaction<DB>,
  claim: { taskId: string; personId: string; claimedAt: Date; createdBy: string },
): Promise<string> {
  return (
    await trx
      .insertInto('gigClaim')
      .values({ ...claim, status: 'claimed' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** Moves a claim from one state to the next; false when it was not in `from` (a double click, a race). */
export async function moveClaim(
  trx: Transaction<DB>,
  id: string,
  from: 'claimed' | 'checked_in',
  to: 'checked_in' | 'completed' | 'withdrawn',
  at: Date,
): Promise<boolean> {
  const stamp =
    to === 'checked_in'
      ? { checkedInAt: at }
      : to === 'completed'
        ? { completedAt: at }
        : { withdrawnAt: at };
  const rows = await trx
    .updateTable('gigClaim')
    .set({ status: to, ...stamp })
    .where('id', '=', id)
    .where('status', '=', from)
    .returning('id')
    .execute();
  return rows.length === 1;
}

export async function withdrawLiveClaims(trx: Transaction<DB>, taskId: string, at: Date) {
  return trx
    .updateTable('gigClaim')
    .set({ status: 'withdrawn', withdrawnAt: at })
    .where('taskId', '=', taskId)
    .where('status', '=', 'claimed')
    .returning(['id', 'personId'])
    .execute();
}

export async function countStartedClaims(db: Kysely<DB>, taskId: string): Promise<number> {
  const row = await db
    .selectFrom('gigClaim')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('taskId', '=', taskId)
    .where('status', 'in', ['checked_in', 'completed'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPayment(
  trx: Transaction<DB>,
  p: {
    claimId: string;
    amountFen: number;
    method: 'cash' | 'bank_transfer' | 'wechat' | 'alipay';
    paidOn: string;
    recordedBy: string;
    recordedAt: Date;
  },
): Promise<boolean> {
  const rows = await trx
    .insertInto('gigPayment')
    .values(p)
    .onConflict((oc) => oc.column('claimId').doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

export async function confirmPayment(trx: Transaction<DB>, claimId: string, at: Date): Promise<boolean> {
  const rows = await trx
    .updateTable('gigPayment')
    .set({ confirmedAt: at })
    .where('claimId', '=', claimId)
    .where('confirmedAt', 'is', null)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** A person's current household (member with no end date). */
export async function findCurrentHousehold(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('householdMembers')
    .innerJoin('households', 'households.id', 'householdMembers.householdId')
    .select(['households.id', 'households.villageCode'])
    .where('householdMembers.personId', '=', personId)
    .where('householdMembers.toDate', 'is', null)
    .executeTakeFirst();
}

export async function findHousehold(db: Kysely<DB>, id: string) {
  return db.selectFrom('households').select(['id', 'villageCode']).where('id', '=', id).executeTakeFirst();
}

export async function findPersonPlace(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'residenceVillageCode'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

// ── Activity ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Per site: tasks whose work date falls in [from, to], their headcount, live claims, completions and payments. */
export async function siteActivity(
  db: Kysely<DB>,
  range: { from: string; to: string },
  townshipCode: string | undefined,
) {
  const inRange = sql`t.site_id = gig_site.id and t.work_date between ${range.from}::date and ${range.to}::date and t.status <> 'cancelled'`;
  let q = db
    .selectFrom('gigSite')
    .select([
      'gigSite.id as siteId',
      'gigSite.name as siteName',
      'gigSite.townshipCode',
      sql<string>`(select count(*) from gig_task t where ${inRange})`.as('tasks'),
      sql<string>`(select coalesce(sum(t.headcount), 0) from gig_task t where ${inRange})`.as('headcount'),
      sql<string>`(select count(*) from gig_claim c join gig_task t on t.id = c.task_id where ${inRange} and c.status <> 'withdrawn')`.as(
        'claims',
      ),
      sql<string>`(select count(*) from gig_claim c join gig_task t on t.id = c.task_id where ${inRange} and c.status = 'completed')`.as(
        'completed',
      ),
      sql<string>`(select coalesce(sum(p.amount_fen), 0) from gig_payment p join gig_claim c on c.id = p.claim_id join gig_task t on t.id = c.task_id where ${inRange})`.as(
        'paidFen',
      ),
      sql<string>`(select count(p.confirmed_at) from gig_payment p join gig_claim c on c.id = p.claim_id join gig_task t on t.id = c.task_id where ${inRange})`.as(
        'confirmedPayments',
      ),
    ])
    .orderBy('gigSite.townshipCode')
    .orderBy('gigSite.name');
  if (townshipCode) q = q.where('gigSite.townshipCode', '=', townshipCode);
  return q.execute();
}
