import type { DB, SubsidyKindCode, SubsidyStatus } from '@qiaoti/db';
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';

/** SQL of 就业补贴 applications and payments. */

const appColumns = [
  'subsidyApplication.id',
  'subsidyApplication.kind',
  'subsidyApplication.personId',
  'subsidyApplication.organisationId',
  'subsidyApplication.periodFrom',
  'subsidyApplication.months',
  'subsidyApplication.monthsAllowed',
  'subsidyApplication.monthlyAmountFen',
  'subsidyApplication.amountFen',
  'subsidyApplication.status',
  'subsidyApplication.eligible',
  'subsidyApplication.eligibilityDecisionId',
  'subsidyApplication.channel',
  'subsidyApplication.reviewNote',
  'subsidyApplication.createdAt',
  'subsidyApplication.version',
  'persons.name as personName',
  'persons.idNumberMasked',
  'persons.residenceVillageCode',
  'organisations.name as organisationName',
  'decisions.reasons',
  'decisions.parametersRead',
  'ad.parametersRead as amountParametersRead',
] as const;

function base(db: Kysely<DB>) {
  return db
    .selectFrom('subsidyApplication')
    .innerJoin('persons', 'persons.id', 'subsidyApplication.personId')
    .leftJoin('organisations', 'organisations.id', 'subsidyApplication.organisationId')
    .innerJoin('decisions', 'decisions.id', 'subsidyApplication.eligibilityDecisionId')
    .leftJoin('decisions as ad', 'ad.id', 'subsidyApplication.amountDecisionId')
    .select(appColumns);
}

export type ApplicationRow = Awaited<ReturnType<typeof findApplication>> & object;

export async function findApplication(db: Kysely<DB>, id: string) {
  return base(db).where('subsidyApplication.id', '=', id).executeTakeFirst();
}

export async function findApplicationIdByKey(
  db: Kysely<DB>,
  businessKey: string,
): Promise<string | undefined> {
  const r = await db
    .selectFrom('subsidyApplication')
    .select('id')
    .where('businessKey', '=', businessKey)
    .executeTakeFirst();
  return r?.id;
}

export async function lockApplication(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('subsidyApplication')
    .select([
      'id',
      'status',
      'eligible',
      'personId',
      'kind',
      'organisationId',
      'periodFrom',
      'monthsAllowed',
      'monthlyAmountFen',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function listApplications(
  db: Kysely<DB>,
  f: {
    prefix: string | null;
    organisationId: string | null;
    status?: SubsidyStatus | undefined;
    kind?: SubsidyKindCode | undefined;
  },
) {
  let q = base(db);
  if (f.prefix) q = q.where('persons.residenceVillageCode', 'like', `${f.prefix}%`);
  if (f.organisationId) q = q.where('subsidyApplication.organisationId', '=', f.organisationId);
  if (f.status) q = q.where('subsidyApplication.status', '=', f.status);
  if (f.kind) q = q.where('subsidyApplication.kind', '=', f.kind);
  return q.orderBy('subsidyApplication.createdAt', 'desc').limit(500).execute();
}

export async function insertApplication(
  trx: Transaction<DB>,
  row: Omit<Insertable<DB['subsidyApplication']>, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
): Promise<string | undefined> {
  const r = await trx
    .insertInto('subsidyApplication')
    .values(row)
    .onConflict((oc) => oc.column('businessKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

/**
 * Months that count against the person's duration limit for a kind: paid months, and months approved but not yet
 * paid, across all applications (but `exceptId`).
 */
export async function usedMonths(
  db: Kysely<DB>,
  personId: string,
  kind: SubsidyKindCode,
  exceptId: string | null,
): Promise<{ paid: number; approvedUnpaid: number }> {
  const paid = await db
    .selectFrom('subsidyPayment')
    .select(sql<string>`coalesce(sum(months), 0)`.as('n'))
    .where('personId', '=', personId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  let q = db
    .selectFrom('subsidyApplication')
    .select(
      sql<string>`coalesce(sum(months_allowed - coalesce((select sum(p.months) from subsidy_payment p where p.application_id = subsidy_application.id), 0)), 0)`.as(
        'n',
      ),
    )
    .where('personId', '=', personId)
    .where('kind', '=', kind)
    .where('status', '=', 'approved');
  if (exceptId) q = q.where('id', '!=', exceptId);
  const approved = await q.executeTakeFirstOrThrow();
  return { paid: Number(paid.n), approvedUnpaid: Number(approved.n) };
}

export async function paymentsOf(db: Kysely<DB>, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return [];
  return db
    .selectFrom('subsidyPayment')
    .select([
      'id',
      'applicationId',
      'amountFen',
      'months',
      'periodFrom',
      'periodTo',
      'voucherNo',
      sql<string>`paid_on::text`.as('paidOn'),
    ])
    .where('applicationId', 'in', [...applicationIds])
    .orderBy('paidOn')
    .orderBy('createdAt')
    .execute();
}

export async function insertPayment(
  trx: Transaction<DB>,
  row: Omit<Insertable<DB['subsidyPayment']>, 'id' | 'createdAt'>,
): Promise<void> {
  await trx.insertInto('subsidyPayment').values(row).execute();
}

export async function voucherExists(db: Kysely<DB>, voucherNo: string): Promise<boolean> {
  const r = await db
    .selectFrom('subsidyPayment')
    .select('id')
    .where('voucherNo', '=', voucherNo)
    .executeTakeFirst();
  return r !== undefined;
}

export async function setApplicationStatus(
  trx: Transaction<DB>,
  id: string,
  set: {
    status: SubsidyStatus;
    reviewNote?: string | null;
    reviewedBy?: string;
    reviewedAt?: Date;
    updatedAt: Date;
  },
): Promise<void> {
  await trx
    .updateTable('subsidyApplication')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
