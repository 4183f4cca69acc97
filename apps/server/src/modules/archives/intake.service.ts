import { randomBytes } from 'node:crypto';
import {
  type TIntakeMaterialList,
  type TIntakeRequest,
  type TIntakeResult,
  ZIntakeOutcome,
  ZIntakeRequest,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import { traceCites } from '@qiaoti/policy';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { currentRulebook } from '../policy/policy.service.ts';
import { findAgency } from './agencies.repository.ts';
import { actorAgency } from './agencies.service.ts';
import { decideAndRecord, explainRule, shanghaiDay } from './archives.decisions.ts';
import { createArchiveWithCustody } from './custody.repository.ts';

/** Materials the intake form asks about; those the rulebook marks as never required are shown as such. */
const LISTED_MATERIALS = ['身份证', '调档函', '行政（工资）介绍信', '转正定级表', '调整改派手续'] as const;

export function newArchiveNumber(day: string): string {
  return `ZMDA${day.replaceAll('-', '')}${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** What may be asked for at intake, straight from `archives.material.required` with its clauses. */
export async function intakeMaterials(
  db: Kysely<DB>,
  _actor: Actor,
  today: string,
): Promise<TIntakeMaterialList> {
  const book = await currentRulebook(db);
  const out: TIntakeMaterialList = { required: [], neverRequired: [] };
  for (const material of LISTED_MATERIALS) {
    const e = explainRule(book, 'archives.material.required', { material }, today);
    const cites = [...traceCites(e.trace)];
    if (e.outcome === true) out.required.push({ material, cites });
    else out.neverRequired.push({ material, text: e.trace.outcomeText ?? '不得作为必备材料', cites });
  }
  return out;
}

/**
 * Intake of an archive by the acting agency, decided by `archives.intake.decision` and stored with its decision
 * record. A conforming archive is always accepted; missing materials give a 告知承诺 with a due date; materials the
 * rulebook says may never be required are dropped from the missing list; a self-carried archive is refused with the
 * reason and clause (recorded, audited as archive.refuse).
 */
export async function intakeArchive(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  raw: TIntakeRequest,
  now: Date,
): Promise<TIntakeResult> {
  const input = ZIntakeRequest.parse(raw);
  const { result } = await runIdempotent(db, actor, key, { op: 'archives.intake', input }, async (trx) => {
    const agency = await actorAgency(trx, actor);
    const person = await trx
      .selectFrom('persons')
      .select('id')
      .where('id', '=', input.personId)
      .executeTakeFirst();
    if (!person) throw new AppError('NOT_FOUND', '人员不存在');
    if (input.sourceAgencyId && !(await findAgency(trx, input.sourceAgencyId))) {
      throw new AppError('UNKNOWN_CODE', '来源档案机构不存在');
    }
    const today = shanghaiDay(now);
    const book = await currentRulebook(trx);
    const missing = input.missing.filter(
      (m) => explainRule(book, 'archives.material.required', { material: m }, today).outcome !== false,
    );
    const decision = await decideAndRecord(trx, actor, {
      ruleId: 'archives.intake.decision',
      input: {
        scope: input.scope,
        locatedHere: input.locatedHere,
        channel: input.channel,
        materialsComplete: missing.length === 0,
      },
      asOf: today,
      subjectType: 'person',
      subjectId: input.personId,
    });
    const outcome = ZIntakeOutcome.parse(decision.outcome);
    const accepted = outcome === 'accept' || outcome === 'accept_with_pledge';
    if (accepted) {
      const existing = await trx
        .selectFrom('archive')
        .select('id')
        .where('personId', '=', input.personId)
        .executeTakeFirst();
      if (existing) throw new AppError('CONFLICT', '该人员已有档案记录，请通过转递办理');
    }
    const intake = await trx
      .insertInto('archiveIntake')
      .values({
        personId: input.personId,
        agencyId: agency.id,
        sourceAgencyId: input.sourceAgencyId ?? null,
        channel: input.channel,
        scope: input.scope,
        locatedHere: input.locatedHere,
        materialsComplete: missing.length === 0,
        outcome,
        decisionId: decision.id,
        createdBy: actor.accountId,
        createdAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    let archiveId: string | null = null;
    let archiveNumber: string | null = null;
    let pledge: TIntakeResult['pledge'] = null;
    if (accepted) {
      archiveNumber = newArchiveNumber(today);
      const archive = await createArchiveWithCustody(trx, {
        personId: input.personId,
        archiveNumber,
        custodianAgencyId: agency.id,
        reason: 'intake',
        intakeId: intake.id,
        at: now,
        recordedBy: actor.accountId,
      });
      archiveId = archive.id;
      await trx.updateTable('archiveIntake').set({ archiveId }).where('id', '=', intake.id).execute();
      const volumes: { archiveId: string; kind: 'original' | 'copy'; volumeNumber: number }[] = [];
      for (let i = 1; i <= input.volumes.original; i++)
        volumes.push({ archiveId, kind: 'original', volumeNumber: i });
      for (let i = 1; i <= input.volumes.copy; i++)
        volumes.push({ archiveId, kind: 'copy', volumeNumber: i });
      const volumeRows = await trx
        .insertInto('archiveVolume')
        .values(volumes)
        .returning(['id', 'kind'])
        .execute();
      const firstOf = (k: 'original' | 'copy') => volumeRows.find((v) => v.kind === k)?.id ?? null;
      if (input.materials.length > 0) {
        await trx
          .insertInto('archiveMaterial')
          .values(
            input.materials.map((m) => ({
              archiveId: archiveId as string,
              volumeId: firstOf(m.volume ?? 'original'),
              class: m.class,
              title: m.title,
              pages: m.pages,
              materialDate: m.materialDate ?? null,
              bornDigital: m.bornDigital ?? false,
              createdBy: actor.accountId,
            })),
          )
          .execute();
      }
      if (outcome === 'accept_with_pledge') {
        if (!input.pledgeDueDate)
          throw new AppError('VALIDATION_FAILED', '材料不全时须约定告知承诺的补齐日期');
        if (input.pledgeDueDate < today)
          throw new AppError('VALIDATION_FAILED', '告知承诺的补齐日期不能早于今天');
        const p = await trx
          .insertInto('archivePledge')
          .values({ archiveId, intakeId: intake.id, missing, dueDate: input.pledgeDueDate, status: 'open' })
          .returning('id')
          .executeTakeFirstOrThrow();
        pledge = { id: p.id, missing, dueDate: input.pledgeDueDate };
      }
    }
    await recordAudit(trx, actor, {
      event: accepted ? 'archive.intake' : 'archive.refuse',
      objectType: accepted ? 'archive' : 'archive_intake',
      objectId: archiveId ?? intake.id,
      details: { intakeId: intake.id, outcome, decisionId: decision.id, channel: input.channel },
      at: now,
    });
    return {
      intakeId: intake.id,
      outcome,
      outcomeText: decision.explanation.outcomeText ?? '',
      decisionId: decision.id,
      reasons: decision.explanation.sentences,
      cites: decision.explanation.cites,
      archiveId,
      archiveNumber,
      pledge,
    } satisfies TIntakeResult;
  });
  return result;
}
