import type { TCertificate } from '@qiaoti/contracts';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { archiveForStaff, type DigitalDeps, genderLabel, today } from './digital.access.ts';
import {
  type CertificateRow,
  findArchiveHead,
  findArchiveIdOfPerson,
  findCertificate,
  findCurrentCustodySince,
  insertCertificate,
  listCertificates,
  nextSequenceValue,
} from './digital.repository.ts';
import { renderCustodyCertificate } from './documents.render.ts';

/**
 * 存档证明: the custodian agency certifies that it holds a person's archive, since when, for a stated purpose.
 * Free (人社部发〔2021〕112号 第八条 bans 证明费). Numbered `ZM-CZ-<year>-<six digits>`; the PDF is rendered from the
 * stored record, so a reprint shows the same facts.
 */

function presentCertificate(row: CertificateRow): TCertificate {
  return {
    id: row.id,
    archiveId: row.archiveId,
    certificateNumber: row.certificateNumber,
    agency: row.agencyName,
    purpose: row.purpose,
    custodySince: row.custodySince,
    issuedOn: row.issuedOn,
  };
}

export async function issueCertificate(
  deps: DigitalDeps,
  actor: Actor,
  archiveId: string,
  input: { purpose: string },
  key: string | null = null,
): Promise<TCertificate> {
  const { head, agencyId } = await archiveForStaff(deps, actor, archiveId, 'manage');
  const since = await findCurrentCustodySince(deps.db, archiveId, head.custodySeq);
  if (!since) throw new AppError('CONFLICT', '找不到当前保管记录');
  const at = deps.clock();
  const { result: id } = await runIdempotent(
    deps.db,
    actor,
    key,
    { op: 'archives.certificate', archiveId, input },
    async (trx) => {
      const n = await nextSequenceValue(trx, 'archive_certificate_number_seq');
      const issuedOn = today(deps);
      const certificateNumber = `ZM-CZ-${issuedOn.slice(0, 4)}-${String(n).padStart(6, '0')}`;
      const row = await insertCertificate(trx, {
        archiveId,
        agencyId,
        certificateNumber,
        purpose: input.purpose,
        custodySince: businessDay(new Date(since)),
        issuedOn,
        issuedBy: actor.accountId,
      });
      await recordAudit(trx, actor, {
        event: 'archive.certificate',
        objectType: 'archive',
        objectId: archiveId,
        details: { certificateId: row.id, certificateNumber, purpose: input.purpose },
        at,
      });
      return row.id;
    },
  );
  const row = await findCertificate(deps.db, id);
  if (!row) throw new AppError('INTERNAL');
  return presentCertificate(row);
}

export async function listArchiveCertificates(
  deps: DigitalDeps,
  actor: Actor,
  archiveId: string,
): Promise<{ certificates: TCertificate[] }> {
  await archiveForStaff(deps, actor, archiveId, 'read');
  return { certificates: (await listCertificates(deps.db, archiveId)).map(presentCertificate) };
}

/** The citizen's own certificates. */
export async function listMyCertificates(
  deps: DigitalDeps,
  actor: Actor,
): Promise<{ certificates: TCertificate[] }> {
  if (!actor.personId) return { certificates: [] };
  const archiveId = await findArchiveIdOfPerson(deps.db, actor.personId);
  if (!archiveId) return { certificates: [] };
  return { certificates: (await listCertificates(deps.db, archiveId)).map(presentCertificate) };
}

/** The certificate as PDF: for the issuing agency's staff, or the person it is about. */
export async function certificatePdf(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; content: Buffer }> {
  const row = await findCertificate(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '存档证明不存在');
  const head = await findArchiveHead(deps.db, row.archiveId);
  if (!head) throw new AppError('NOT_FOUND', '存档证明不存在');
  const isSelf = actor.personId !== null && actor.personId === head.personId;
  if (!isSelf) {
    if (!actor.permissions.has('archives.read')) throw new AppError('NOT_FOUND', '存档证明不存在');
    await archiveForStaff(deps, actor, row.archiveId, 'read');
  }
  const content = await renderCustodyCertificate({
    certificateNumber: row.certificateNumber,
    personName: head.personName,
    gender: genderLabel(head.gender),
    birthDate: head.birthDate,
    idNumberMasked: head.idNumberMasked,
    archiveNumber: head.archiveNumber,
    agency: row.agencyName,
    agencyAddress: row.agencyAddress,
    agencyContact: row.agencyContact,
    custodySince: row.custodySince,
    purpose: row.purpose,
    issuedOn: row.issuedOn,
  });
  await recordAudit(deps.db, actor, {
    event: 'archive.view',
    objectType: 'archive',
    objectId: row.archiveId,
    details: { action: 'certificate_pdf', certificateId: id, self: isSelf },
    at: deps.clock(),
  });
  return { fileName: `存档证明-${row.certificateNumber}.pdf`, content };
}
