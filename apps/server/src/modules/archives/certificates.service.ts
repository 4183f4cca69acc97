import {
  certificateRequestStateLabels,
  type TCertificate,
  type TCertificateRequest,
  type TCertificateRequestInput,
  type TCertificateRequestList,
  type TCertificateRequestState,
  ZCertificateRequestInput,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { businessDay } from '../registry/registry-deps.ts';
import { actorAgency } from './agencies.service.ts';
import {
  type CertificateRequestRow,
  countRequestsOfAgency,
  decideCertificateRequest,
  findCertificateRequest,
  findOpenRequest,
  findPersonArchiveForRequest,
  insertCertificateRequest,
  listRequestsOfAgency,
  listRequestsOfPerson,
} from './certificates.repository.ts';
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

/** Numbers, stores and audits one certificate inside the caller's transaction. */
async function insertIssuedCertificate(
  trx: Kysely<DB>,
  deps: DigitalDeps,
  actor: Actor,
  archive: { archiveId: string; agencyId: string; custodySince: Date },
  purpose: string,
  at: Date,
  details: Record<string, unknown> = {},
): Promise<{ id: string; certificateNumber: string }> {
  const n = await nextSequenceValue(trx, 'archive_certificate_number_seq');
  const issuedOn = today(deps);
  const certificateNumber = `ZM-CZ-${issuedOn.slice(0, 4)}-${String(n).padStart(6, '0')}`;
  const row = await insertCertificate(trx, {
    archiveId: archive.archiveId,
    agencyId: archive.agencyId,
    certificateNumber,
    purpose,
    custodySince: businessDay(new Date(archive.custodySince)),
    issuedOn,
    issuedBy: actor.accountId,
  });
  await recordAudit(trx, actor, {
    event: 'archive.certificate',
    objectType: 'archive',
    objectId: archive.archiveId,
    details: { certificateId: row.id, certificateNumber, purpose, ...details },
    at,
  });
  return { id: row.id, certificateNumber };
}

async function custodySinceOf(deps: DigitalDeps, archiveId: string, custodySeq: number): Promise<Date> {
  const since = await findCurrentCustodySince(deps.db, archiveId, custodySeq);
  if (!since) throw new AppError('CONFLICT', '找不到当前保管记录');
  return new Date(since);
}

export async function issueCertificate(
  deps: DigitalDeps,
  actor: Actor,
  archiveId: string,
  input: { purpose: string },
  key: string | null = null,
): Promise<TCertificate> {
  const { head, agencyId } = await archiveForStaff(deps, actor, archiveId, 'manage');
  const custodySince = await custodySinceOf(deps, archiveId, head.custodySeq);
  const at = deps.clock();
  const { result: id } = await runIdempotent(
    deps.db,
    actor,
    key,
    { op: 'archives.certificate', archiveId, input },
    async (trx) =>
      (
        await insertIssuedCertificate(
          trx,
          deps,
          actor,
          { archiveId, agencyId, custodySince },
          input.purpose,
          at,
        )
      ).id,
  );
  const row = await findCertificate(deps.db, id);
  if (!row) throw new AppError('INTERNAL');
  return presentCertificate(row);
}

// ── 存档证明 requested online ────────────────────────────────────────────────────────────────────────────────

async function presentRequest(deps: DigitalDeps, row: CertificateRequestRow): Promise<TCertificateRequest> {
  const certificate = row.certificateId ? await findCertificate(deps.db, row.certificateId) : undefined;
  return {
    id: row.id,
    archiveId: row.archiveId,
    archiveNumber: row.archiveNumber,
    personName: row.personName,
    idNumberMasked: row.idNumberMasked,
    agency: row.agencyName,
    purpose: row.purpose,
    copies: row.copies,
    delivery: row.delivery,
    state: row.state,
    stateLabel: certificateRequestStateLabels[row.state],
    requestedAt: new Date(row.requestedAt).toISOString(),
    decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
    rejectReason: row.rejectReason,
    certificate: certificate ? presentCertificate(certificate) : null,
  };
}

async function requestById(deps: DigitalDeps, id: string): Promise<TCertificateRequest> {
  const row = await findCertificateRequest(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '存档证明申请不存在');
  return presentRequest(deps, row);
}

/**
 * The citizen asks the agency holding their archive for a 存档证明 (purpose, copies, delivered as a download from the
 * portal). Free. One open request per archive; a retried request (same idempotency key) has one effect.
 */
export async function requestCertificate(
  deps: DigitalDeps,
  actor: Actor,
  raw: TCertificateRequestInput,
  key: string | null,
): Promise<TCertificateRequest> {
  const input = ZCertificateRequestInput.parse(raw);
  if (!actor.personId) throw new AppError('NOT_FOUND', '本账号未关联人员信息');
  const personId = actor.personId;
  const archive = await findPersonArchiveForRequest(deps.db, personId);
  if (!archive) throw new AppError('NOT_FOUND', '没有查到您的人事档案保管记录，无法申请存档证明');
  if (!archive.inCounty)
    throw new AppError('CONFLICT', `您的档案由${archive.agencyName}保管，请向该机构申请存档证明`);
  const at = deps.clock();
  const { result: id } = await runIdempotent(
    deps.db,
    actor,
    key,
    { op: 'archives.certificate.request', input },
    async (trx) => {
      if (await findOpenRequest(trx, archive.id))
        throw new AppError('CONFLICT', '您已有一份待办理的存档证明申请，请等待办理结果');
      const row = await insertCertificateRequest(trx, {
        archiveId: archive.id,
        personId,
        agencyId: archive.custodianAgencyId,
        purpose: input.purpose,
        copies: input.copies,
        delivery: input.delivery,
        requestedBy: actor.accountId,
        requestedAt: at,
      });
      await recordAudit(trx, actor, {
        event: 'archive.certificate',
        objectType: 'archive',
        objectId: archive.id,
        details: { action: 'request', requestId: row.id, copies: input.copies, delivery: input.delivery },
        at,
      });
      return row.id;
    },
  );
  return requestById(deps, id);
}

export async function listMyCertificateRequests(
  deps: DigitalDeps,
  actor: Actor,
): Promise<{ requests: TCertificateRequest[] }> {
  if (!actor.personId) return { requests: [] };
  const rows = await listRequestsOfPerson(deps.db, actor.personId);
  return { requests: await Promise.all(rows.map((r) => presentRequest(deps, r))) };
}

/** The agency's queue of online requests. */
export async function listCertificateRequestQueue(
  deps: DigitalDeps,
  actor: Actor,
  state: TCertificateRequestState,
): Promise<TCertificateRequestList> {
  const agency = await actorAgency(deps.db, actor);
  const rows = await listRequestsOfAgency(deps.db, agency.id, state);
  const counts = { requested: 0, issued: 0, rejected: 0 };
  for (const c of await countRequestsOfAgency(deps.db, agency.id)) counts[c.state] = Number(c.n);
  return { requests: await Promise.all(rows.map((r) => presentRequest(deps, r))), counts };
}

/** An open request of this agency, or NOT_FOUND (other agencies' requests are not disclosed). */
async function openRequestOfAgency(deps: DigitalDeps, actor: Actor, id: string) {
  const agency = await actorAgency(deps.db, actor);
  const row = await findCertificateRequest(deps.db, id);
  if (!row || row.agencyId !== agency.id) throw new AppError('NOT_FOUND', '存档证明申请不存在');
  return { row, agencyId: agency.id };
}

/** Issues the requested certificate (the same numbering and record as a desk issue) and notifies the citizen. */
export async function issueRequestedCertificate(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
  key: string | null,
): Promise<TCertificateRequest> {
  const { row, agencyId } = await openRequestOfAgency(deps, actor, id);
  const at = deps.clock();
  await runIdempotent(deps.db, actor, key, { op: 'archives.certificate.request.issue', id }, async (trx) => {
    const current = await findCertificateRequest(trx, id);
    if (current?.state !== 'requested') throw new AppError('CONFLICT', '该申请已办理');
    const head = await findArchiveHead(trx, row.archiveId);
    if (head?.custodianAgencyId !== agencyId)
      throw new AppError('CONFLICT', '该档案已不由本机构保管，请告知申请人向现保管机构申请');
    const since = await findCurrentCustodySince(trx, row.archiveId, head.custodySeq);
    if (!since) throw new AppError('CONFLICT', '找不到当前保管记录');
    const cert = await insertIssuedCertificate(
      trx,
      deps,
      actor,
      { archiveId: row.archiveId, agencyId, custodySince: new Date(since) },
      row.purpose,
      at,
      { requestId: id, copies: row.copies },
    );
    const done = await decideCertificateRequest(trx, id, {
      state: 'issued',
      certificateId: cert.id,
      decidedBy: actor.accountId,
      decidedAt: at,
    });
    if (!done) throw new AppError('CONFLICT', '该申请已办理');
    // The purpose is the citizen's own text: left out of the message (it may hold a number).
    await notify(trx, {
      personId: row.personId,
      kind: 'archive.certificate',
      title: '您申请的存档证明已出具',
      body: `${row.agencyName}已出具存档证明（编号 ${cert.certificateNumber}），请在“我的民生档案”页下载。`,
      link: '/me/livelihood',
      at,
    });
    return cert.id;
  });
  return requestById(deps, id);
}

/** Declines a request with a reason the citizen reads (e.g. the archive has been transferred out). */
export async function rejectCertificateRequest(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
  input: { reason: string },
  key: string | null,
): Promise<TCertificateRequest> {
  const { row } = await openRequestOfAgency(deps, actor, id);
  const at = deps.clock();
  await runIdempotent(
    deps.db,
    actor,
    key,
    { op: 'archives.certificate.request.reject', id, input },
    async (trx) => {
      const done = await decideCertificateRequest(trx, id, {
        state: 'rejected',
        rejectReason: input.reason,
        decidedBy: actor.accountId,
        decidedAt: at,
      });
      if (!done) throw new AppError('CONFLICT', '该申请已办理');
      await recordAudit(trx, actor, {
        event: 'archive.certificate',
        objectType: 'archive',
        objectId: row.archiveId,
        details: { action: 'reject', requestId: id },
        at,
      });
      await notify(trx, {
        personId: row.personId,
        kind: 'archive.certificate',
        title: '您的存档证明申请未予出具',
        body: `${row.agencyName}未出具存档证明，原因请在“我的民生档案”页查看。`,
        link: '/me/livelihood',
        at,
      });
      return id;
    },
  );
  return requestById(deps, id);
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
