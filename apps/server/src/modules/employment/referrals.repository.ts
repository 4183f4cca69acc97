import type { DB, ReferralState } from '@qiaoti/db';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';

export type ReferralRow = Selectable<DB['referral']> & {
  personId: string;
  personName: string;
  birthDate: string;
  residenceVillageCode: string | null;
  postingTitle: string;
  organisationId: string;
  organisationName: string;
  occupationCode: string;
  workplaceKind: string;
  workplaceCode: string | null;
  workplaceName: string;
  wageMinFen: number;
  wageMaxFen: number;
  placementId: string | null;
};

function base(db: Kysely<DB>) {
  return db
    .selectFrom('referral')
    .innerJoin('jobSeeker', 'jobSeeker.id', 'referral.seekerId')
    .innerJoin('persons', 'persons.id', 'jobSeeker.personId')
    .innerJoin('jobPosting', 'jobPosting.id', 'referral.postingId')
    .innerJoin('organisations', 'organisations.id', 'jobPosting.organisationId')
    .leftJoin('placement', 'placement.referralId', 'referral.id')
    .select([
      'referral.id',
      'referral.seekerId',
      'referral.postingId',
      'referral.state',
      'referral.source',
      'referral.score',
      'referral.reasons',
      'referral.interviewAt',
      'referral.note',
      'referral.createdBy',
      'referral.createdAt',
      'referral.updatedAt',
      'persons.id as personId',
      'persons.name as personName',
      'persons.birthDate',
      'persons.residenceVillageCode',
      'jobPosting.title as postingTitle',
      'jobPosting.organisationId',
      'organisations.name as organisationName',
      'jobPosting.occupationCode',
      'jobPosting.workplaceKind',
      'jobPosting.workplaceCode',
      'jobPosting.workplaceName',
      'jobPosting.wageMinFen',
      'jobPosting.wageMaxFen',
      'placement.id as placementId',
    ]);
}

export async function findReferral(db: Kysely<DB>, id: string): Promise<ReferralRow | undefined> {
  return base(db).where('referral.id', '=', id).executeTakeFirst();
}

export interface ReferralFilter {
  state?: ReferralState;
  postingId?: string;
  seekerId?: string;
  organisationId?: string;
  personId?: string;
  /** Staff limited to residents of a township (9) or village (12) code prefix. */
  villagePrefix?: string;
  limit: number;
  offset: number;
}

export async function listReferrals(
  db: Kysely<DB>,
  f: ReferralFilter,
): Promise<{ rows: ReferralRow[]; total: number }> {
  let q = base(db);
  if (f.state) q = q.where('referral.state', '=', f.state);
  if (f.postingId) q = q.where('referral.postingId', '=', f.postingId);
  if (f.seekerId) q = q.where('referral.seekerId', '=', f.seekerId);
  if (f.organisationId) q = q.where('jobPosting.organisationId', '=', f.organisationId);
  if (f.personId) q = q.where('persons.id', '=', f.personId);
  if (f.villagePrefix) q = q.where('persons.residenceVillageCode', 'like', `${f.villagePrefix}%`);
  const total = await q.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .orderBy('referral.updatedAt', 'desc')
    .orderBy('referral.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function findOpenReferral(db: Kysely<DB>, seekerId: string, postingId: string) {
  return db
    .selectFrom('referral')
    .select(['id', 'state'])
    .where('seekerId', '=', seekerId)
    .where('postingId', '=', postingId)
    .where('state', 'not in', ['rejected', 'withdrawn'])
    .executeTakeFirst();
}

export async function insertReferral(db: Kysely<DB>, row: Insertable<DB['referral']>): Promise<string> {
  const r = await db.insertInto('referral').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Moves a referral only from the state it was read in (a concurrent move makes this return false). */
export async function moveReferral(
  db: Kysely<DB>,
  id: string,
  from: ReferralState,
  patch: { state: ReferralState; note?: string | null; interviewAt?: Date | null },
): Promise<boolean> {
  const r = await db
    .updateTable('referral')
    .set({ ...patch, updatedAt: new Date() })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countHired(db: Kysely<DB>, postingId: string): Promise<number> {
  const r = await db
    .selectFrom('referral')
    .select(sql<string>`count(*)`.as('n'))
    .where('postingId', '=', postingId)
    .where('state', '=', 'hired')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertPlacement(db: Kysely<DB>, row: Insertable<DB['placement']>): Promise<string> {
  const r = await db.insertInto('placement').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertFollowups(
  db: Kysely<DB>,
  rows: readonly Insertable<DB['placementFollowup']>[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('placementFollowup')
      .values([...rows])
      .execute();
}

function followupBase(db: Kysely<DB>) {
  return db
    .selectFrom('placementFollowup')
    .innerJoin('placement', 'placement.id', 'placementFollowup.placementId')
    .innerJoin('persons', 'persons.id', 'placement.personId')
    .innerJoin('organisations', 'organisations.id', 'placement.organisationId')
    .select([
      'placementFollowup.id',
      'placementFollowup.placementId',
      'placementFollowup.dueMonth',
      'placementFollowup.dueDate',
      'placementFollowup.result',
      'placementFollowup.checkedOn',
      'placementFollowup.note',
      'placement.personId',
      'placement.startDate',
      'placement.endDate',
      'persons.name as personName',
      'persons.residenceVillageCode',
      'organisations.name as organisationName',
    ]);
}

export type FollowupRow = Awaited<ReturnType<typeof findFollowup>> & object;

export async function findFollowup(db: Kysely<DB>, id: string) {
  return followupBase(db).where('placementFollowup.id', '=', id).executeTakeFirst();
}

export async function listFollowups(
  db: Kysely<DB>,
  f: { dueBy?: string; villagePrefix?: string; limit: number },
) {
  let q = followupBase(db);
  if (f.dueBy)
    q = q.where('placementFollowup.result', 'is', null).where('placementFollowup.dueDate', '<=', f.dueBy);
  if (f.villagePrefix) q = q.where('persons.residenceVillageCode', 'like', `${f.villagePrefix}%`);
  return q.orderBy('placementFollowup.dueDate').orderBy('placementFollowup.id').limit(f.limit).execute();
}

export async function recordFollowupResult(
  db: Kysely<DB>,
  id: string,
  patch: {
    result: 'employed' | 'left' | 'unreachable';
    checkedOn: string;
    note: string | null;
    recordedBy: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('placementFollowup')
    .set({ ...patch, recordedAt: new Date() })
    .where('id', '=', id)
    .where('result', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Retention at each mark over placements started in [from, to]: due (the mark's date passed by `day`), checked
 * (a result recorded), employed (still employed at the check).
 */
export async function retentionCounts(
  db: Kysely<DB>,
  day: string,
  filter: { organisationId?: string; villagePrefix?: string } = {},
) {
  let q = db
    .selectFrom('placementFollowup')
    .innerJoin('placement', 'placement.id', 'placementFollowup.placementId')
    .innerJoin('persons', 'persons.id', 'placement.personId')
    .select([
      'placementFollowup.dueMonth',
      sql<string>`count(*) filter (where placement_followup.due_date <= ${day})`.as('due'),
      sql<string>`count(*) filter (where placement_followup.result is not null)`.as('checked'),
      sql<string>`count(*) filter (where placement_followup.result = 'employed')`.as('employed'),
    ])
    .groupBy('placementFollowup.dueMonth');
  if (filter.organisationId) q = q.where('placement.organisationId', '=', filter.organisationId);
  if (filter.villagePrefix) q = q.where('persons.residenceVillageCode', 'like', `${filter.villagePrefix}%`);
  const marks = await q.execute();
  let p = db
    .selectFrom('placement')
    .innerJoin('persons', 'persons.id', 'placement.personId')
    .select(sql<string>`count(*)`.as('n'));
  if (filter.organisationId) p = p.where('placement.organisationId', '=', filter.organisationId);
  if (filter.villagePrefix) p = p.where('persons.residenceVillageCode', 'like', `${filter.villagePrefix}%`);
  const placements = await p.executeTakeFirstOrThrow();
  return { marks, placements: Number(placements.n) };
}

export async function endPlacement(db: Kysely<DB>, id: string, endDate: string): Promise<void> {
  await db
    .updateTable('placement')
    .set({ endDate, updatedAt: new Date() })
    .where('id', '=', id)
    .where('endDate', 'is', null)
    .execute();
}
