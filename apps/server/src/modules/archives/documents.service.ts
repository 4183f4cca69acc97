import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { findAgencyOfOrganisation } from './agencies.repository.ts';
import { type DigitalDeps, genderLabel } from './digital.access.ts';
import {
  countVolumesAndItems,
  findArchiveHead,
  findTransferActor,
  findTransferForDocuments,
} from './digital.repository.ts';
import { renderTransferLetter, renderTransferNotice } from './documents.render.ts';

/**
 * The transfer's documents, rendered from the core transfer record: 调档函 (from the receiving agency to the holding
 * one, once the letter has a number) and 档案转递通知单 with its tear-off 回执 (once the archive is sent, with the
 * method and tracking number). Staff of either agency may print them; each print is audited.
 */

export type TransferDocument = 'letter' | 'notice';

/** 转递通知单编号: derived from the transfer (stable across reprints). */
export function noticeNumberOf(transferId: string, sentAt: Date): string {
  return `ZMZD-${sentAt.getUTCFullYear()}-${transferId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

export async function transferDocumentPdf(
  deps: DigitalDeps,
  actor: Actor,
  transferId: string,
  kind: TransferDocument,
): Promise<{ fileName: string; content: Buffer }> {
  const t = await findTransferForDocuments(deps.db, transferId);
  const agency = actor.organisationId
    ? await findAgencyOfOrganisation(deps.db, actor.organisationId)
    : undefined;
  if (!t || !agency || (agency.id !== t.fromAgencyId && agency.id !== t.toAgencyId))
    throw new AppError('NOT_FOUND', '转递记录不存在或与本机构无关');
  const head = await findArchiveHead(deps.db, t.archiveId);
  if (!head) throw new AppError('NOT_FOUND', '档案不存在');
  let content: Buffer;
  let fileName: string;
  if (kind === 'letter') {
    if (!t.letterNumber) throw new AppError('CONFLICT', '调档函尚未开具（转递尚未同意）');
    content = await renderTransferLetter({
      letterNumber: t.letterNumber,
      personName: head.personName,
      gender: genderLabel(head.gender),
      idNumberMasked: head.idNumberMasked,
      archiveNumber: head.archiveNumber,
      holdingAgency: t.fromName,
      receivingAgency: t.toName,
      receivingAddress: t.toAddress,
      receivingContact: t.toContact,
      reason: t.reason ?? '工作调动',
      issuedOn: businessDay(new Date(t.approvedAt ?? t.requestedAt)),
      sendBy: t.dueDate,
    });
    fileName = `调档函-${t.letterNumber}.pdf`;
  } else {
    if (!t.sentAt || !t.method || !t.trackingNumber)
      throw new AppError('CONFLICT', '档案尚未转出，转递通知单在转出时生成');
    const counts = await countVolumesAndItems(deps.db, t.archiveId);
    const sentAt = new Date(t.sentAt);
    const noticeNumber = noticeNumberOf(t.id, sentAt);
    content = await renderTransferNotice({
      noticeNumber,
      letterNumber: t.letterNumber,
      personName: head.personName,
      archiveNumber: head.archiveNumber,
      fromAgency: t.fromName,
      fromContact: t.fromContact,
      toAgency: t.toName,
      toAddress: t.toAddress,
      reason: t.reason ?? '工作调动',
      method: t.method === 'confidential_post' ? '机要通信' : '专人送取',
      trackingNumber: t.trackingNumber,
      ...counts,
      handler: (await findTransferActor(deps.db, t.id, 'sent')) ?? '—',
      sentOn: businessDay(sentAt),
    });
    fileName = `档案转递通知单-${noticeNumber}.pdf`;
  }
  await recordAudit(deps.db, actor, {
    event: 'archive.view',
    objectType: 'archive',
    objectId: t.archiveId,
    details: { action: kind === 'letter' ? 'print_letter' : 'print_notice', transferId },
    at: deps.clock(),
  });
  return { fileName, content };
}
