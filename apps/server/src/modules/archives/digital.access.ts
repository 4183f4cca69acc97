import type { DB, PiiCrypto } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { type AttachmentDeps, attachmentDeps } from '../attachments/attachments.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { actorAgency } from './agencies.service.ts';
import { type ArchiveHead, findArchiveHead, isIncomingTo } from './digital.repository.ts';

/** What the digitisation, borrowing, certificate, document and livelihood services need besides the actor. */
export interface DigitalDeps {
  readonly db: Kysely<DB>;
  readonly pii: PiiCrypto;
  readonly clock: () => Date;
  readonly attachments: AttachmentDeps;
}

export const digitalDeps = (ctx: AppContext): DigitalDeps => ({
  db: ctx.database.db,
  pii: ctx.pii,
  clock: ctx.clock,
  attachments: attachmentDeps(ctx),
});

export const today = (deps: DigitalDeps): string => businessDay(deps.clock());

/** ISO day + n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Data scope for an archive: the custodian agency's staff manage it; an agency receiving it (an open transfer or a
 * digital package addressed to it) may read it. Anyone else gets NOT_FOUND (existence is not disclosed), and the
 * attempt is audited as a denial.
 */
export async function archiveForStaff(
  deps: DigitalDeps,
  actor: Actor,
  archiveId: string,
  need: 'manage' | 'read',
): Promise<{ head: ArchiveHead; agencyId: string; isCustodian: boolean }> {
  const agency = await actorAgency(deps.db, actor);
  const head = await findArchiveHead(deps.db, archiveId);
  if (head) {
    const isCustodian = head.custodianAgencyId === agency.id;
    if (isCustodian) return { head, agencyId: agency.id, isCustodian };
    if (need === 'read' && (await isIncomingTo(deps.db, archiveId, agency.id)))
      return { head, agencyId: agency.id, isCustodian };
    await recordAudit(deps.db, actor, {
      event: 'access.denied',
      outcome: 'denied',
      objectType: 'archive',
      objectId: archiveId,
      details: { need, reason: 'not_custodian' },
      at: deps.clock(),
    });
  }
  throw new AppError('NOT_FOUND', '档案不存在或不由本机构保管');
}

export const genderLabel = (g: 'M' | 'F'): '男' | '女' => (g === 'M' ? '男' : '女');
