import { randomBytes } from 'node:crypto';
import {
  type TQueueName,
  type TStartTransfer,
  type TTransfer,
  type TTransferState,
  type ZSendTransfer,
  ZStartTransfer,
  type ZTransferApplication,
} from '@qiaoti/contracts';
import type { ArchiveTransferDirection, ArchiveTransferKind, DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type AgencyRow, findAgencies, findAgency } from './agencies.repository.ts';
import { actorAgency, presentAgency } from './agencies.service.ts';
import { addDays, decideAndRecord, shanghaiDay } from './archives.decisions.ts';
import { createArchiveWithCustody, lockArchive, moveCustody } from './custody.repository.ts';
import { newArchiveNumber } from './intake.service.ts';
import { assertTransition } from './transfers.machine.ts';
import {
  findTransfer,
  insertEvent,
  listEvents,
  listQueue,
  listTransfersOfArchive,
  lockTransfer,
  type TransferRow,
} from './transfers.repository.ts';
import { sweepTransferTimers, syncTransferWorkItem } from './transfers.workitems.ts';

// ── Presentation ──────────────────────────────────────────────────────────────────────────────────────────────────

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export async function presentTransfers(
  db: Kysely<DB>,
  rows: readonly TransferRow[],
  today: string,
): Promise<TTransfer[]> {
  const agencies = new Map(
    (await findAgencies(db, [...new Set(rows.flatMap((r) => [r.fromAgencyId, r.toAgencyId]))])).map((a) => [
      a.id,
      a,
    ]),
  );
  const events = await listEvents(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const from = agencies.get(r.fromAgencyId);
    const to = agencies.get(r.toAgencyId);
    if (!from || !to) throw new AppError('INTERNAL', '转递记录的档案机构缺失');
    return {
      id: r.id,
      archiveId: r.archiveId,
      archiveNumber: r.archiveNumber,
      personName: r.personName,
      kind: r.kind,
      direction: r.direction,
      from: presentAgency(from),
      to: presentAgency(to),
      state: r.state,
      reason: r.reason,
      letterNumber: r.letterNumber,
      method: r.method,
      trackingNumber: r.trackingNumber,
      dueDate: r.dueDate,
      overdue: (r.state === 'approved' || r.state === 'returned') && r.dueDate !== null && r.dueDate < today,
      returnReason: r.returnReason,
      requestedAt: new Date(r.requestedAt).toISOString(),
      sentAt: iso(r.sentAt),
      receivedAt: iso(r.receivedAt),
      events: events
        .filter((e) => e.transferId === r.id)
        .map((e) => ({
          fromState: e.fromState,
          toState: e.toState,
          note: e.note,
          at: new Date(e.at).toISOString(),
        })),
    };
  });
}

// ── Who acts ──────────────────────────────────────────────────────────────────────────────────────────────────────

type Step = 'approve' | 'send' | 'receive' | 'return';

/**
 * The agency that acts on a step: the receiver approves and receives, the holder sends; when the other party is
 * outside the county (跨省通办), the in-county party records that party's step.
 */
export function actingAgencyId(step: Step, from: AgencyRow, to: AgencyRow): string {
  switch (step) {
    case 'approve':
    case 'receive':
    case 'return':
      return to.inCounty ? to.id : from.id;
    case 'send':
      return from.inCounty ? from.id : to.id;
  }
}

function directionOf(from: AgencyRow, to: AgencyRow): ArchiveTransferDirection {
  if (from.inCounty && to.inCounty) return 'internal';
  return to.inCounty ? 'inbound' : 'outbound';
}

function newLetterNumber(day: string): string {
  return `中人档调〔${day.slice(0, 4)}〕${randomBytes(4).toString('hex').toUpperCase()}号`;
}

async function agencyOrThrow(db: Kysely<DB>, id: string): Promise<AgencyRow> {
  const a = await findAgency(db, id);
  if (!a) throw new AppError('UNKNOWN_CODE', '档案机构不存在');
  return a;
}

/** The sending deadline from the dated parameter `archives.transfer.send_days`, stored as a decision record. */
async function sendingDue(
  trx: Kysely<DB>,
  actor: Actor,
  kind: ArchiveTransferKind,
  transferId: string,
  today: string,
): Promise<{ dueDate: string; decisionId: string }> {
  const d = await decideAndRecord(trx, actor, {
    ruleId: 'archives.transfer.send_days',
    input: { kind },
    asOf: today,
    subjectType: 'case',
    subjectId: transferId,
  });
  if (typeof d.outcome !== 'number') throw new AppError('INTERNAL', '转出期限参数不是数值');
  return { dueDate: addDays(today, d.outcome), decisionId: d.id };
}

async function insertTransfer(
  trx: Kysely<DB>,
  actor: Actor,
  t: {
    archiveId: string;
    kind: ArchiveTransferKind;
    from: AgencyRow;
    to: AgencyRow;
    reason: string | null;
    approved: boolean;
    letterNumber?: string | null;
    now: Date;
  },
): Promise<string> {
  if (t.from.id === t.to.id) throw new AppError('VALIDATION_FAILED', '转入机构与现存档机构相同，无需转递');
  const today = shanghaiDay(t.now);
  const open = await trx
    .selectFrom('archiveTransfer')
    .select('id')
    .where('archiveId', '=', t.archiveId)
    .where('state', 'in', ['requested', 'approved', 'sent', 'returned'])
    .executeTakeFirst();
  if (open) throw new AppError('CONFLICT', '该档案已有正在办理的转递');
  const row = await trx
    .insertInto('archiveTransfer')
    .values({
      archiveId: t.archiveId,
      kind: t.kind,
      direction: directionOf(t.from, t.to),
      fromAgencyId: t.from.id,
      toAgencyId: t.to.id,
      state: 'requested',
      reason: t.reason,
      requestedBy: actor.accountId,
      requestedAt: t.now,
      updatedAt: t.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertEvent(trx, {
    transferId: row.id,
    fromState: null,
    toState: 'requested',
    actorId: actor.accountId,
    at: t.now,
  });
  if (t.approved) {
    const due = await sendingDue(trx, actor, t.kind, row.id, today);
    const at = new Date(t.now.getTime() + 1);
    await trx
      .updateTable('archiveTransfer')
      .set({
        state: 'approved',
        letterNumber: t.letterNumber ?? newLetterNumber(today),
        dueDate: due.dueDate,
        decisionId: due.decisionId,
        approvedAt: at,
        updatedAt: at,
      })
      .where('id', '=', row.id)
      .execute();
    await insertEvent(trx, {
      transferId: row.id,
      fromState: 'requested',
      toState: 'approved',
      note: '开具调档函',
      actorId: actor.accountId,
      at,
    });
  }
  await recordAudit(trx, actor, {
    event: 'archive.transfer',
    objectType: 'archive_transfer',
    objectId: row.id,
    details: { step: 'request', kind: t.kind, archiveId: t.archiveId },
    at: t.now,
  });
  await syncTransferWorkItem(trx, actor, row.id, t.now, t.approved ? '开具调档函' : null);
  return row.id;
}

async function loadTransfer(db: Kysely<DB>, id: string, today: string): Promise<TTransfer> {
  const row = await findTransfer(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const [t] = await presentTransfers(db, [row], today);
  if (!t) throw new AppError('NOT_FOUND');
  return t;
}

// ── Starting a transfer ───────────────────────────────────────────────────────────────────────────────────────────

/** The person applies online to move their own archive to an agency in the county (请求；接收机构开具调档函). */
export async function applyOnline(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  input: z.infer<typeof ZTransferApplication>,
  now: Date,
): Promise<TTransfer> {
  if (!actor.personId) throw new AppError('FORBIDDEN', '仅本人可在线申请转档');
  const personId = actor.personId;
  const { result } = await runIdempotent(db, actor, key, { op: 'archives.apply', input }, async (trx) => {
    const archive = await trx
      .selectFrom('archive')
      .select(['id', 'custodianAgencyId'])
      .where('personId', '=', personId)
      .executeTakeFirst();
    if (!archive) throw new AppError('NOT_FOUND', '未查到您的档案存放记录');
    const to = await agencyOrThrow(trx, input.toAgencyId);
    if (!to.inCounty)
      throw new AppError('VALIDATION_FAILED', '请选择本县的档案管理机构；转往外省请由接收地机构开具调档函');
    const from = await agencyOrThrow(trx, archive.custodianAgencyId);
    const id = await insertTransfer(trx, actor, {
      archiveId: archive.id,
      kind: 'online_application',
      from,
      to,
      reason: input.reason,
      approved: false,
      now,
    });
    return loadTransfer(trx, id, shanghaiDay(now));
  });
  return result;
}

/**
 * Transfers started by an agency: a unit with archive authority after the person's 入职 (it issues its own 调档函),
 * and 跨省通办 inbound (the county agency issues the 调档函 to the agency outside) or outbound (the agency outside
 * sent its 调档函; its number is recorded).
 */
export async function startTransfer(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  raw: TStartTransfer,
  now: Date,
): Promise<TTransfer> {
  const input = ZStartTransfer.parse(raw);
  const { result } = await runIdempotent(db, actor, key, { op: 'archives.start', input }, async (trx) => {
    const mine = await actorAgency(trx, actor);
    let id: string;
    if (input.kind === 'unit_direct') {
      if (mine.kind !== 'authorised_unit')
        throw new AppError('FORBIDDEN', '只有经授权管理档案的单位可直接转递');
      const archive = await trx
        .selectFrom('archive')
        .select(['id', 'personId', 'custodianAgencyId'])
        .where('id', '=', input.archiveId)
        .executeTakeFirst();
      if (!archive) throw new AppError('NOT_FOUND');
      const hired = mine.organisationId
        ? await trx
            .selectFrom('placement')
            .select('id')
            .where('personId', '=', archive.personId)
            .where('organisationId', '=', mine.organisationId)
            .where('endDate', 'is', null)
            .executeTakeFirst()
        : undefined;
      if (!hired) throw new AppError('VALIDATION_FAILED', '未查到该人员在本单位的入职记录，不能直接转递');
      id = await insertTransfer(trx, actor, {
        archiveId: archive.id,
        kind: 'unit_direct',
        from: await agencyOrThrow(trx, archive.custodianAgencyId),
        to: mine,
        reason: input.reason,
        approved: true,
        now,
      });
    } else if (input.direction === 'inbound') {
      const counterpart = await agencyOrThrow(trx, input.counterpartAgencyId);
      if (counterpart.inCounty) throw new AppError('VALIDATION_FAILED', '跨省通办的对方须为县外档案机构');
      const person = await trx
        .selectFrom('persons')
        .select('id')
        .where('id', '=', input.personId)
        .executeTakeFirst();
      if (!person) throw new AppError('NOT_FOUND', '人员不存在');
      let archive = await trx
        .selectFrom('archive')
        .select(['id', 'custodianAgencyId'])
        .where('personId', '=', input.personId)
        .executeTakeFirst();
      if (!archive) {
        // First known while held outside the county: a record of where it is, so custody can move at receipt.
        const created = await createArchiveWithCustody(trx, {
          personId: input.personId,
          archiveNumber: newArchiveNumber(shanghaiDay(now)),
          custodianAgencyId: counterpart.id,
          reason: 'record',
          note: '跨省通办：档案存放于县外机构',
          at: now,
          recordedBy: actor.accountId,
        });
        archive = { id: created.id, custodianAgencyId: counterpart.id };
      }
      if (archive.custodianAgencyId !== counterpart.id) {
        throw new AppError('VALIDATION_FAILED', '该档案现不在所选的县外机构，请核对存档机构');
      }
      id = await insertTransfer(trx, actor, {
        archiveId: archive.id,
        kind: 'cross_region',
        from: counterpart,
        to: mine,
        reason: input.reason,
        approved: true,
        now,
      });
    } else {
      const counterpart = await agencyOrThrow(trx, input.counterpartAgencyId);
      if (counterpart.inCounty) throw new AppError('VALIDATION_FAILED', '跨省通办的对方须为县外档案机构');
      const archive = await trx
        .selectFrom('archive')
        .select(['id', 'custodianAgencyId'])
        .where('id', '=', input.archiveId)
        .executeTakeFirst();
      if (!archive || archive.custodianAgencyId !== mine.id) throw new AppError('NOT_FOUND');
      id = await insertTransfer(trx, actor, {
        archiveId: archive.id,
        kind: 'cross_region',
        from: mine,
        to: counterpart,
        reason: input.reason,
        approved: true,
        letterNumber: input.letterNumber,
        now,
      });
    }
    return loadTransfer(trx, id, shanghaiDay(now));
  });
  return result;
}

// ── Steps ─────────────────────────────────────────────────────────────────────────────────────────────────────────

interface StepContext {
  trx: Kysely<DB>;
  transfer: NonNullable<Awaited<ReturnType<typeof lockTransfer>>>;
  from: AgencyRow;
  to: AgencyRow;
  today: string;
}

async function runStep(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  id: string,
  step: Step | 'withdraw',
  target: TTransferState,
  body: unknown,
  now: Date,
  apply: (c: StepContext) => Promise<{ set: Record<string, unknown>; note: string | null }>,
): Promise<TTransfer> {
  const { result } = await runIdempotent(
    db,
    actor,
    key,
    { op: `archives.${step}`, id, body },
    async (trx) => {
      const transfer = await lockTransfer(trx, id);
      if (!transfer) throw new AppError('NOT_FOUND');
      const [from, to] = await Promise.all([
        agencyOrThrow(trx, transfer.fromAgencyId),
        agencyOrThrow(trx, transfer.toAgencyId),
      ]);
      if (step === 'withdraw') {
        const own = actor.personId !== null && (await findTransfer(trx, id))?.requestedBy === actor.accountId;
        if (!own) {
          const mine = await actorAgency(trx, actor);
          if (mine.id !== from.id && mine.id !== to.id) throw new AppError('NOT_FOUND');
        }
      } else {
        const mine = await actorAgency(trx, actor);
        if (mine.id !== actingAgencyId(step, from, to)) {
          if (mine.id === from.id || mine.id === to.id) {
            throw new AppError('FORBIDDEN', step === 'send' ? '应由存档机构转出' : '应由接收机构办理');
          }
          throw new AppError('NOT_FOUND');
        }
      }
      assertTransition(transfer.state, target);
      const today = shanghaiDay(now);
      const { set, note } = await apply({ trx, transfer, from, to, today });
      await trx
        .updateTable('archiveTransfer')
        .set((eb) => ({ ...set, state: target, updatedAt: now, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
      await insertEvent(trx, {
        transferId: id,
        fromState: transfer.state,
        toState: target,
        note,
        actorId: actor.accountId,
        at: now,
      });
      await syncTransferWorkItem(trx, actor, id, now, note);
      await recordAudit(trx, actor, {
        event: target === 'received' ? 'archive.receipt' : 'archive.transfer',
        objectType: 'archive_transfer',
        objectId: id,
        details: { step, from: transfer.state, to: target, archiveId: transfer.archiveId },
        at: now,
      });
      return loadTransfer(trx, id, today);
    },
  );
  return result;
}

/** The receiving agency approves the application and issues the 调档函; the sending deadline starts. */
export function approveTransfer(db: Kysely<DB>, actor: Actor, key: string | null, id: string, now: Date) {
  return runStep(db, actor, key, id, 'approve', 'approved', {}, now, async ({ trx, transfer, today }) => {
    const kind = await trx
      .selectFrom('archiveTransfer')
      .select('kind')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const due = await sendingDue(trx, actor, kind.kind, transfer.id, today);
    // 调档函 PDF: rendered by the documents module (documents.*) from this transfer when it exists.
    return {
      set: {
        letterNumber: newLetterNumber(today),
        dueDate: due.dueDate,
        decisionId: due.decisionId,
        approvedAt: now,
      },
      note: '开具调档函',
    };
  });
}

/** The holder sends the whole archive by 机要通信 or 专人送取 with a tracking number (never self-carried). */
export function sendTransfer(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  id: string,
  input: z.infer<typeof ZSendTransfer>,
  now: Date,
) {
  return runStep(db, actor, key, id, 'send', 'sent', input, now, async () => ({
    // 档案转递通知单 with its 回执: rendered by the documents module from this transfer when it exists.
    set: { method: input.method, trackingNumber: input.trackingNumber, sentAt: now },
    note: `${input.method === 'confidential_post' ? '机要通信' : '专人送取'}，编号 ${input.trackingNumber}`,
  }));
}

/** The receiver checks the archive and returns the 回执: custody moves now, with its history row, atomically. */
export function receiveTransfer(db: Kysely<DB>, actor: Actor, key: string | null, id: string, now: Date) {
  return runStep(db, actor, key, id, 'receive', 'received', {}, now, async ({ trx, transfer, from, to }) => {
    const archive = await lockArchive(trx, transfer.archiveId);
    if (!archive) throw new AppError('NOT_FOUND');
    if (archive.custodianAgencyId !== from.id) throw new AppError('CONFLICT', '档案现存机构与转出机构不一致');
    await moveCustody(trx, archive, {
      toAgencyId: to.id,
      reason: 'transfer',
      transferId: transfer.id,
      at: now,
      recordedBy: actor.accountId,
    });
    return { set: { receivedAt: now }, note: '回执已签收' };
  });
}

/** The receiver returns the transfer for completion (补充材料); the holder completes and sends again. */
export function returnTransfer(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  id: string,
  input: { reason: string },
  now: Date,
) {
  return runStep(db, actor, key, id, 'return', 'returned', input, now, async () => ({
    set: { returnReason: input.reason },
    note: input.reason,
  }));
}

/** Withdrawal before sending, by the applicant or either agency. */
export function withdrawTransfer(db: Kysely<DB>, actor: Actor, key: string | null, id: string, now: Date) {
  return runStep(db, actor, key, id, 'withdraw', 'withdrawn', {}, now, async () => ({
    set: {},
    note: '撤回申请',
  }));
}

// ── Reading ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** A transfer, for either party's staff or the person whose archive it is. */
export async function getTransfer(db: Kysely<DB>, actor: Actor, id: string, now: Date): Promise<TTransfer> {
  const row = await findTransfer(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (actor.permissions.has('archives.read')) {
    const mine = await actorAgency(db, actor);
    if (mine.id !== row.fromAgencyId && mine.id !== row.toAgencyId) throw new AppError('NOT_FOUND');
  } else if (actor.personId === null || actor.personId !== row.personId) {
    throw new AppError('NOT_FOUND');
  }
  return loadTransfer(db, id, shanghaiDay(now));
}

export async function getQueue(
  db: Kysely<DB>,
  actor: Actor,
  queue: TQueueName,
  now: Date,
): Promise<{ transfers: TTransfer[] }> {
  const mine = await actorAgency(db, actor);
  const today = shanghaiDay(now);
  const rows = await listQueue(
    db,
    queue === 'overdue' ? { queue, agencyId: mine.id, today } : { queue, agencyId: mine.id },
  );
  return { transfers: await presentTransfers(db, rows, today) };
}

export async function getQueueSummary(db: Kysely<DB>, actor: Actor, now: Date) {
  const mine = await actorAgency(db, actor);
  const today = shanghaiDay(now);
  const names: TQueueName[] = ['to_approve', 'to_send', 'to_receive', 'overdue', 'returned'];
  const counts = {} as Record<TQueueName, number>;
  for (const q of names) {
    counts[q] = (
      await listQueue(
        db,
        q === 'overdue' ? { queue: q, agencyId: mine.id, today } : { queue: q, agencyId: mine.id },
        1000,
      )
    ).length;
  }
  return { agency: presentAgency(mine), counts };
}

export async function transfersOfArchive(
  db: Kysely<DB>,
  archiveId: string,
  today: string,
): Promise<TTransfer[]> {
  return presentTransfers(db, await listTransfersOfArchive(db, archiveId), today);
}

/**
 * Overdue sweep: transfers not sent by their due date are escalated once through their work items and the owning
 * agency's staff are notified (see `sweepTransferTimers`); the overdue queue lists them all.
 */
export function sweepOverdue(
  db: Kysely<DB>,
  actor: Actor,
  now: Date,
): Promise<{ overdue: number; newlyAlerted: number }> {
  return sweepTransferTimers(db, actor, now);
}
