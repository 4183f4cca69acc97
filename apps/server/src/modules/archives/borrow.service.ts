import type { TBorrow, TBorrowRequest } from '@qiaoti/contracts';
import { ZBorrowRequest } from '@qiaoti/contracts';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findAgencyOfOrganisation } from './agencies.repository.ts';
import { actorAgency } from './agencies.service.ts';
import { addDays, type DigitalDeps, daysBetween, today } from './digital.access.ts';
import {
  type BorrowRow,
  findArchiveHead,
  findBorrow,
  insertBorrow,
  listBorrows,
  updateBorrowState,
} from './digital.repository.ts';

/**
 * Borrowing (借阅) and inspection (查阅) of an archive by an authorised unit (人社部发〔2021〕112号: lending and
 * inspection for eligible units is one of the free basic services): the unit asks with a purpose and a number of
 * days; the custodian agency approves (setting the due date) or refuses; the return is recorded; an approved request
 * past its due date and not returned is overdue. There is no fee.
 */

export type BorrowQueue = 'requested' | 'out' | 'overdue' | 'done';

export function borrowQueueOf(row: Pick<BorrowRow, 'state' | 'dueDate'>, day: string): BorrowQueue {
  if (row.state === 'requested') return 'requested';
  if (row.state === 'approved') return row.dueDate !== null && row.dueDate < day ? 'overdue' : 'out';
  return 'done';
}

export function presentBorrow(row: BorrowRow, day: string): TBorrow {
  const overdue = borrowQueueOf(row, day) === 'overdue';
  return {
    id: row.id,
    archiveId: row.archiveId,
    archiveNumber: row.archiveNumber,
    personName: row.personName,
    agency: { id: row.agencyId, name: row.agencyName },
    kind: row.kind,
    borrowerUnit: row.borrowerUnit,
    borrowerContact: row.borrowerContact,
    purpose: row.purpose,
    daysRequested: row.daysRequested,
    state: row.state,
    requestedAt: new Date(row.requestedAt).toISOString(),
    decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
    decisionNote: row.decisionNote,
    dueDate: row.dueDate,
    returnedAt: row.returnedAt ? new Date(row.returnedAt).toISOString() : null,
    overdue,
    daysOverdue: overdue && row.dueDate ? daysBetween(row.dueDate, day) : 0,
  };
}

async function organisationName(deps: DigitalDeps, organisationId: string): Promise<string | null> {
  const row = await deps.db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/**
 * A unit asks to borrow or inspect. The unit is the acting account's organisation; custodian staff recording a
 * request that came on paper name the unit (`borrowerUnit`).
 */
export async function requestBorrow(
  deps: DigitalDeps,
  actor: Actor,
  input: TBorrowRequest,
  key: string | null = null,
): Promise<TBorrow> {
  const parsed = ZBorrowRequest.parse(input);
  if (!actor.organisationId) throw new AppError('FORBIDDEN', '只有单位账号可以申请借阅、查阅档案');
  const head = await findArchiveHead(deps.db, parsed.archiveId);
  if (!head) throw new AppError('NOT_FOUND', '档案不存在');
  const own = await findAgencyOfOrganisation(deps.db, actor.organisationId);
  const onBehalf = own?.id === head.custodianAgencyId;
  if (onBehalf && !parsed.borrowerUnit)
    throw new AppError('VALIDATION_FAILED', '代为登记时请填写借阅单位名称');
  const unit = onBehalf ? (parsed.borrowerUnit ?? '') : await organisationName(deps, actor.organisationId);
  if (!unit) throw new AppError('FORBIDDEN', '本账号不属于任何单位');
  const at = deps.clock();
  const { result: id } = await runIdempotent(
    deps.db,
    actor,
    key,
    { op: 'archives.borrow.request', input: parsed },
    async (trx) => {
      const row = await insertBorrow(trx, {
        archiveId: head.id,
        agencyId: head.custodianAgencyId,
        kind: parsed.kind,
        borrowerOrganisationId: onBehalf ? null : actor.organisationId,
        borrowerUnit: unit,
        borrowerContact: parsed.borrowerContact ?? null,
        purpose: parsed.purpose,
        daysRequested: parsed.days,
        requestedBy: actor.accountId,
        requestedAt: at,
      });
      await recordAudit(trx, actor, {
        event: 'archive.borrow',
        objectType: 'archive',
        objectId: head.id,
        details: {
          action: 'request',
          borrowId: row.id,
          kind: parsed.kind,
          purpose: parsed.purpose,
          days: parsed.days,
        },
        at,
      });
      return row.id;
    },
  );
  return getBorrow(deps, actor, id);
}

async function borrowOfMyAgency(deps: DigitalDeps, actor: Actor, id: string): Promise<BorrowRow> {
  const agency = await actorAgency(deps.db, actor);
  const row = await findBorrow(deps.db, id);
  if (!row || row.agencyId !== agency.id) throw new AppError('NOT_FOUND', '借阅申请不存在或不由本机构办理');
  return row;
}

export async function getBorrow(deps: DigitalDeps, actor: Actor, id: string): Promise<TBorrow> {
  const row = await findBorrow(deps.db, id);
  if (!row || !actor.organisationId) throw new AppError('NOT_FOUND', '借阅申请不存在');
  const asked = row.borrowerOrganisationId === actor.organisationId;
  const handles =
    !asked && (await findAgencyOfOrganisation(deps.db, actor.organisationId))?.id === row.agencyId;
  if (!asked && !handles) throw new AppError('NOT_FOUND', '借阅申请不存在');
  return presentBorrow(row, today(deps));
}

export async function decideBorrow(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
  input: { approve: boolean; days?: number | undefined; note?: string | undefined },
  key: string | null = null,
): Promise<TBorrow> {
  const row = await borrowOfMyAgency(deps, actor, id);
  if (!input.approve && !input.note) throw new AppError('VALIDATION_FAILED', '不予批准时请写明理由');
  const at = deps.clock();
  const days = input.days ?? row.daysRequested;
  const dueDate = input.approve ? addDays(today(deps), days) : null;
  await runIdempotent(deps.db, actor, key, { op: 'archives.borrow.decide', id, input }, async (trx) => {
    const done = await updateBorrowState(trx, id, 'requested', {
      state: input.approve ? 'approved' : 'rejected',
      decidedBy: actor.accountId,
      decidedAt: at,
      decisionNote: input.note ?? null,
      dueDate,
    });
    if (!done) throw new AppError('CONFLICT', '该申请已审批');
    await recordAudit(trx, actor, {
      event: 'archive.borrow',
      objectType: 'archive',
      objectId: row.archiveId,
      details: { action: input.approve ? 'approve' : 'reject', borrowId: id, dueDate },
      at,
    });
  });
  return getBorrow(deps, actor, id);
}

export async function returnBorrow(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
  input: { note?: string | undefined },
  key: string | null = null,
): Promise<TBorrow> {
  const row = await borrowOfMyAgency(deps, actor, id);
  const at = deps.clock();
  const lateDays = row.dueDate && row.dueDate < today(deps) ? daysBetween(row.dueDate, today(deps)) : 0;
  await runIdempotent(deps.db, actor, key, { op: 'archives.borrow.return', id, input }, async (trx) => {
    const done = await updateBorrowState(trx, id, 'approved', {
      state: 'returned',
      returnedAt: at,
      returnedBy: actor.accountId,
      returnNote: input.note ?? null,
    });
    if (!done) throw new AppError('CONFLICT', '只有已批准且未归还的借阅可以登记归还');
    await recordAudit(trx, actor, {
      event: 'archive.borrow',
      objectType: 'archive',
      objectId: row.archiveId,
      details: { action: 'return', borrowId: id, lateDays },
      at,
    });
  });
  return getBorrow(deps, actor, id);
}

/** The agency's borrow queue (and the requests its own organisation made), with counts per queue. */
export async function listBorrowQueue(
  deps: DigitalDeps,
  actor: Actor,
  queue: BorrowQueue,
): Promise<{ borrows: TBorrow[]; counts: Record<BorrowQueue, number> }> {
  const agency = actor.organisationId
    ? await findAgencyOfOrganisation(deps.db, actor.organisationId)
    : undefined;
  const rows = await listBorrows(deps.db, {
    agencyId: agency?.inCounty ? agency.id : null,
    organisationId: actor.organisationId,
  });
  const day = today(deps);
  const counts: Record<BorrowQueue, number> = { requested: 0, out: 0, overdue: 0, done: 0 };
  const borrows: TBorrow[] = [];
  for (const r of rows) {
    const q = borrowQueueOf(r, day);
    counts[q] += 1;
    if (q === queue) borrows.push(presentBorrow(r, day));
  }
  return { borrows, counts };
}
