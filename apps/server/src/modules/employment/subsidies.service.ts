import {
  checkIdNumber,
  subsidyKindLabels,
  subsidyStatusLabels,
  type TSubsidyApplication,
  type TSubsidyApplyRequest,
  type TSubsidyListQuery,
  type TSubsidyPayRequest,
  type TSubsidyReviewRequest,
  ZSubsidyApplyRequest,
  ZSubsidyReviewRequest,
} from '@qiaoti/contracts';
import type { DB, PiiCrypto } from '@qiaoti/db';
import type { PinnedParameter } from '@qiaoti/policy';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { currentRulebook } from '../policy/policy.service.ts';
import { findPersonById, findPersonIdByIdNumberIndex } from '../registry/persons.repository.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { requirePermission } from '../registry/registry-scope.ts';
import {
  addMonths,
  decideIn,
  explainRule,
  isVillageInStaffScope,
  retirementDate,
  staffPlaceFilter,
  wholeMonthsBetween,
} from './assistance.common.ts';
import { latestIdentifications } from './assistance.repository.ts';
import {
  type ApplicationRow,
  findApplication,
  findApplicationIdByKey,
  insertApplication,
  insertPayment,
  listApplications,
  lockApplication,
  paymentsOf,
  setApplicationStatus,
  usedMonths,
  voucherExists,
} from './subsidies.repository.ts';

/**
 * 就业补贴 (plan 十二): 社保补贴 and 岗位补贴 for employers hiring 就业困难人员, 灵活就业社保补贴 and 公益性岗位
 * 补贴. Eligibility, monthly amount and the duration limit come from the rulebook and are stored as decisions;
 * 县人社局 reviews, approves and records payments. One application per business key (kind, person, employer, first
 * month), and every create or move is idempotent under the request's Idempotency-Key.
 */

export interface SubsidyDeps {
  readonly db: Kysely<DB>;
  readonly clock: () => Date;
  readonly pii: PiiCrypto;
}

const ELIGIBLE_RULE = 'employment.subsidy.eligible';
const AMOUNT_RULE = 'employment.subsidy.monthly_amount';
const DURATION_RULE = 'employment.subsidy.duration_months';
const employerKinds = new Set(['social_insurance', 'post']);

const isEmployer = (actor: Actor): boolean =>
  actor.organisationKind === 'employer' || actor.roles.includes('employer');

async function present(db: Kysely<DB>, row: ApplicationRow): Promise<TSubsidyApplication> {
  const payments = await paymentsOf(db, [row.id]);
  const book = await currentRulebook(db);
  const pins = [
    ...((row.parametersRead ?? []) as PinnedParameter[]),
    ...((row.amountParametersRead ?? []) as PinnedParameter[]),
  ];
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: subsidyKindLabels[row.kind],
    personId: row.personId,
    personName: row.personName,
    idNumberMasked: row.idNumberMasked,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    periodFrom: row.periodFrom,
    months: row.months,
    monthsAllowed: row.monthsAllowed,
    monthlyAmountFen: row.monthlyAmountFen,
    amountFen: row.amountFen,
    status: row.status,
    statusLabel: subsidyStatusLabels[row.status],
    eligible: row.eligible,
    reasons: (row.reasons ?? []) as string[],
    pendingParameters: [
      ...new Set(pins.filter((p) => p.pending).map((p) => book.parameters.get(p.id)?.label ?? p.id)),
    ],
    eligibilityDecisionId: row.eligibilityDecisionId,
    channel: row.channel,
    reviewNote: row.reviewNote,
    createdAt: new Date(row.createdAt).toISOString(),
    payments: payments.map((p) => ({
      id: p.id,
      amountFen: p.amountFen,
      months: p.months,
      periodFrom: p.periodFrom,
      periodTo: p.periodTo,
      voucherNo: p.voucherNo,
      paidOn: p.paidOn,
    })),
    paidMonths: payments.reduce((n, p) => n + p.months, 0),
  };
}

/** Employers see their own applications; staff those of persons in their area; anyone else nothing. */
function canSee(actor: Actor, row: ApplicationRow): boolean {
  if (isEmployer(actor)) return actor.organisationId !== null && row.organisationId === actor.organisationId;
  return actor.permissions.has('employment.read') && isVillageInStaffScope(actor, row.residenceVillageCode);
}

async function loadVisible(db: Kysely<DB>, actor: Actor, id: string): Promise<ApplicationRow> {
  const row = await findApplication(db, id);
  if (!row || !canSee(actor, row)) throw new AppError('NOT_FOUND');
  return row;
}

function fieldError(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });
}

/** Submits an application (employer for its hires, staff on anyone's behalf); a second submit returns the first. */
export async function applyForSubsidy(
  deps: SubsidyDeps,
  actor: Actor,
  body: TSubsidyApplyRequest,
  idempotencyKey: string | null,
): Promise<TSubsidyApplication> {
  const req = ZSubsidyApplyRequest.parse(body);
  const employer = isEmployer(actor);
  if (employer) requirePermission(actor, 'employment.employer');
  else requirePermission(actor, 'employment.manage');

  // Who: an employer names its hire by ID number (it cannot browse the registry); staff by person id.
  let personId = employer ? undefined : req.personId;
  if (req.idNumber) {
    const r = checkIdNumber(req.idNumber);
    if (!r.ok) throw fieldError('idNumber', r.reason);
    personId = await findPersonIdByIdNumberIndex(deps.db, deps.pii.blindIndex('id_number', r.idNumber));
    if (!personId) throw fieldError('idNumber', '未找到该身份证号对应的人员，请先到窗口登记');
  }
  if (!personId) throw fieldError(employer ? 'idNumber' : 'personId', '请指明申请补贴的人员');
  const person = await findPersonById(deps.db, personId);
  if (!person) throw new AppError('NOT_FOUND');
  if (!employer && !isVillageInStaffScope(actor, person.residenceVillageCode))
    throw new AppError('NOT_FOUND');

  // The employer: the employer itself, or the one staff name (required for employer subsidies).
  let organisationId: string | null = employer ? actor.organisationId : (req.organisationId ?? null);
  if (employer) {
    if (!organisationId) throw new AppError('FORBIDDEN');
    if (req.kind === 'flexible_social_insurance')
      throw fieldError('kind', '灵活就业社会保险补贴由个人向乡镇（街道）申请，用人单位不能代为申请');
  } else if (employerKinds.has(req.kind) && !organisationId) {
    throw fieldError('organisationId', '社会保险补贴和岗位补贴须指明招用单位');
  }
  if (req.kind === 'flexible_social_insurance') organisationId = null;
  if (organisationId) {
    const org = await deps.db
      .selectFrom('organisations')
      .select('kind')
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!org) throw fieldError('organisationId', `单位 ${organisationId} 不存在`);
  }

  const at = deps.clock();
  const day = businessDay(at);
  const businessKey = `${req.kind}:${person.id}:${organisationId ?? '-'}:${req.periodFrom}`;
  const book = await currentRulebook(deps.db);

  const { result: id } = await runIdempotent(
    deps.db,
    actor,
    idempotencyKey,
    { action: 'subsidy.apply', body: req },
    async (trx) => {
      const existing = await findApplicationIdByKey(trx, businessKey);
      if (existing) return existing;
      const ident = (await latestIdentifications(trx, [person.id])).get(person.id);
      const monthsToRetirement = wholeMonthsBetween(day, retirementDate(person.birthDate, person.gender));
      const duration = explainRule(book, DURATION_RULE, { monthsToRetirement }, day);
      const limit = typeof duration.outcome === 'number' ? duration.outcome : 0;
      const used = await usedMonths(trx, person.id, req.kind, null);
      const remainingMonths = Math.max(0, limit - used.paid - used.approvedUnpaid);
      const eligibility = await decideIn(
        trx,
        actor,
        book,
        {
          ruleId: ELIGIBLE_RULE,
          subjectType: 'person',
          subjectId: person.id,
          asOf: day,
          input: {
            kind: req.kind,
            difficultyIdentified: Boolean(ident?.category),
            recentGraduate: req.recentGraduate,
            contractSigned: req.contractSigned,
            insurancePaid: req.insurancePaid,
            flexibleRegistered: req.flexibleRegistered,
            remainingMonths,
          },
        },
        at,
      );
      const eligible = eligibility.outcome === true;
      let monthly = 0;
      let amountDecisionId: string | null = null;
      if (eligible) {
        const amount = await decideIn(
          trx,
          actor,
          book,
          {
            ruleId: AMOUNT_RULE,
            subjectType: 'person',
            subjectId: person.id,
            asOf: day,
            input: { kind: req.kind, monthlyContributionFen: req.monthlyContributionFen },
          },
          at,
        );
        monthly = typeof amount.outcome === 'number' ? amount.outcome : 0;
        amountDecisionId = amount.id;
      }
      const monthsAllowed = eligible ? Math.min(req.months, remainingMonths) : 0;
      const inserted = await insertApplication(trx, {
        kind: req.kind,
        personId: person.id,
        organisationId,
        periodFrom: req.periodFrom,
        months: req.months,
        businessKey,
        monthlyContributionFen: req.monthlyContributionFen,
        contractSigned: req.contractSigned,
        insurancePaid: req.insurancePaid,
        flexibleRegistered: req.flexibleRegistered,
        recentGraduate: req.recentGraduate,
        status: 'submitted',
        eligible,
        eligibilityDecisionId: eligibility.id,
        amountDecisionId,
        monthlyAmountFen: monthly,
        monthsAllowed,
        amountFen: monthly * monthsAllowed,
        channel: employer ? 'employer' : 'staff',
        appliedBy: actor.accountId,
      });
      const appId = inserted ?? (await findApplicationIdByKey(trx, businessKey));
      if (!appId) throw new AppError('INTERNAL');
      if (inserted) {
        await recordAudit(trx, actor, {
          event: 'subsidy.apply',
          objectType: 'subsidy_application',
          objectId: appId,
          details: { kind: req.kind, eligible, monthsAllowed, limit, used: used.paid + used.approvedUnpaid },
          at,
        });
      }
      return appId;
    },
  );
  return present(deps.db, await loadVisible(deps.db, actor, id));
}

export async function getApplication(
  deps: SubsidyDeps,
  actor: Actor,
  id: string,
): Promise<TSubsidyApplication> {
  return present(deps.db, await loadVisible(deps.db, actor, id));
}

export async function listSubsidyApplications(
  deps: SubsidyDeps,
  actor: Actor,
  query: TSubsidyListQuery,
): Promise<TSubsidyApplication[]> {
  let prefix: string | null = null;
  let organisationId: string | null = null;
  if (isEmployer(actor)) {
    requirePermission(actor, 'employment.employer');
    if (!actor.organisationId) return [];
    organisationId = actor.organisationId;
  } else {
    requirePermission(actor, 'employment.read');
    const f = staffPlaceFilter(actor);
    if (!f) throw new AppError('FORBIDDEN');
    prefix = f.kind === 'county' ? null : f.prefix;
  }
  const rows = await listApplications(deps.db, {
    prefix,
    organisationId,
    status: query.status,
    kind: query.kind,
  });
  const out: TSubsidyApplication[] = [];
  for (const r of rows) out.push(await present(deps.db, r));
  return out;
}

async function lockVisible(trx: Transaction<DB>, actor: Actor, id: string) {
  const row = await findApplication(trx, id);
  if (!row || !canSee(actor, row)) throw new AppError('NOT_FOUND');
  const locked = await lockApplication(trx, id);
  if (!locked) throw new AppError('NOT_FOUND');
  return locked;
}

/** 县人社局 review: approve (only an eligible application) or reject, with a note. */
export async function reviewApplication(
  deps: SubsidyDeps,
  actor: Actor,
  id: string,
  body: TSubsidyReviewRequest,
  idempotencyKey: string | null,
): Promise<TSubsidyApplication> {
  requirePermission(actor, 'employment.subsidy.review');
  if (isEmployer(actor)) throw new AppError('FORBIDDEN');
  const req = ZSubsidyReviewRequest.parse(body);
  const at = deps.clock();
  await runIdempotent(
    deps.db,
    actor,
    idempotencyKey,
    { action: 'subsidy.review', id, body: req },
    async (trx) => {
      const app = await lockVisible(trx, actor, id);
      if (app.status !== 'submitted') throw new AppError('CONFLICT', '该申请已审核，不能重复审核');
      if (req.decision === 'approve') {
        if (!app.eligible) throw new AppError('CONFLICT', '该申请不符合补贴条件，不能批准');
        // Months approved elsewhere since it was submitted also count against the limit.
        const used = await usedMonths(trx, app.personId, app.kind, app.id);
        const book = await currentRulebook(trx);
        const person = await findPersonById(trx, app.personId);
        if (!person) throw new AppError('NOT_FOUND');
        const day = businessDay(at);
        const limitOut = explainRule(
          book,
          DURATION_RULE,
          { monthsToRetirement: wholeMonthsBetween(day, retirementDate(person.birthDate, person.gender)) },
          day,
        ).outcome;
        const limit = typeof limitOut === 'number' ? limitOut : 0;
        if (used.paid + used.approvedUnpaid + app.monthsAllowed > limit) {
          throw new AppError(
            'CONFLICT',
            `超出补贴期限：最长 ${limit} 个月，已发放或已批准 ${used.paid + used.approvedUnpaid} 个月，本次 ${app.monthsAllowed} 个月`,
          );
        }
      } else if (req.note.trim() === '') {
        throw fieldError('note', '不予批准须说明理由');
      }
      await setApplicationStatus(trx, id, {
        status: req.decision === 'approve' ? 'approved' : 'rejected',
        reviewNote: req.note || null,
        reviewedBy: actor.accountId,
        reviewedAt: at,
        updatedAt: at,
      });
      await recordAudit(trx, actor, {
        event: 'subsidy.review',
        objectType: 'subsidy_application',
        objectId: id,
        details: { decision: req.decision },
        at,
      });
      return id;
    },
  );
  return getApplication(deps, actor, id);
}

/** Records a payment (amount fen = monthly × months, the period, 支付凭证号); fully paid moves it to 已发放. */
export async function payApplication(
  deps: SubsidyDeps,
  actor: Actor,
  id: string,
  req: TSubsidyPayRequest,
  idempotencyKey: string | null,
): Promise<TSubsidyApplication> {
  requirePermission(actor, 'employment.subsidy.review');
  if (isEmployer(actor)) throw new AppError('FORBIDDEN');
  const at = deps.clock();
  if (req.paidOn > businessDay(at)) throw fieldError('paidOn', '支付日期不能晚于今天');
  await runIdempotent(
    deps.db,
    actor,
    idempotencyKey,
    { action: 'subsidy.pay', id, body: req },
    async (trx) => {
      const app = await lockVisible(trx, actor, id);
      if (app.status !== 'approved')
        throw new AppError('CONFLICT', '只有已批准且未发放完毕的申请才能登记发放');
      const paid = (await paymentsOf(trx, [id])).reduce((n, p) => n + p.months, 0);
      const left = app.monthsAllowed - paid;
      if (req.months > left) throw fieldError('months', `本申请尚可发放 ${left} 个月`);
      if (await voucherExists(trx, req.voucherNo)) throw fieldError('voucherNo', '该支付凭证号已登记');
      const periodFrom = addMonths(app.periodFrom, paid);
      await insertPayment(trx, {
        applicationId: id,
        personId: app.personId,
        kind: app.kind,
        amountFen: app.monthlyAmountFen * req.months,
        months: req.months,
        periodFrom,
        periodTo: addMonths(periodFrom, req.months - 1),
        voucherNo: req.voucherNo,
        paidOn: req.paidOn,
        paidBy: actor.accountId,
      });
      if (req.months === left) await setApplicationStatus(trx, id, { status: 'paid', updatedAt: at });
      await recordAudit(trx, actor, {
        event: 'subsidy.pay',
        objectType: 'subsidy_application',
        objectId: id,
        details: { months: req.months, amountFen: app.monthlyAmountFen * req.months },
        at,
      });
      return id;
    },
  );
  return getApplication(deps, actor, id);
}
