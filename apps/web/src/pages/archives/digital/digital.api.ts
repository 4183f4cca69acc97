import type {
  TArchiveAgency,
  TAttachment,
  TBorrow,
  TBorrowRequest,
  TCertificate,
  TCertificateRequest,
  TCertificateRequestList,
  TCertificateRequestState,
  TDigitalCatalogue,
  TDigitalTransfer,
} from '@qiaoti/contracts';
import { ApiError, api, newIdempotencyKey, query } from '../../../app/api.ts';

const id = encodeURIComponent;
/** One key per action: a retried request (network) has one effect on the server. */
const once = () => ({ idempotencyKey: newIdempotencyKey() });

export type BorrowQueue = 'requested' | 'out' | 'overdue' | 'done';

export const digitalApi = {
  archives: (name?: string) =>
    api.get<{
      archives: {
        id: string;
        archiveNumber: string;
        personName: string;
        idNumberMasked: string;
        items: number;
      }[];
      total: number;
    }>(`/api/archives${query({ name, limit: 50 })}`),
  agencies: () => api.get<{ agencies: TArchiveAgency[] }>('/api/archives/agencies'),
  catalogue: (archiveId: string) => api.get<TDigitalCatalogue>(`/api/archives/${id(archiveId)}/digital`),
  uploadScan: (materialId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<TAttachment>(`/api/archives/materials/${id(materialId)}/scans`, form);
  },
  addBornDigital: (
    archiveId: string,
    meta: { class: number; title: string; pages: number; materialDate?: string | undefined },
    file: File,
  ) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<{ materialId: string; attachment: TAttachment }>(
      `/api/archives/${id(archiveId)}/born-digital${query({ ...meta })}`,
      form,
    );
  },
  fileUrl: (attachmentId: string) => `/api/archives/files/${id(attachmentId)}?inline=1`,
  sendDigital: (archiveId: string, toAgencyId: string) =>
    api.post<TDigitalTransfer>(`/api/archives/${id(archiveId)}/digital-transfers`, { toAgencyId }, once()),
  digitalTransfers: () => api.get<{ transfers: TDigitalTransfer[] }>('/api/archives/digital-transfers'),
  receiveDigital: (transferId: string) =>
    api.post<TDigitalTransfer>(`/api/archives/digital-transfers/${id(transferId)}/receive`, {}, once()),
  certificates: (archiveId: string) =>
    api.get<{ certificates: TCertificate[] }>(`/api/archives/${id(archiveId)}/certificates`),
  issueCertificate: (archiveId: string, purpose: string) =>
    api.post<TCertificate>(`/api/archives/${id(archiveId)}/certificates`, { purpose }, once()),
  certificateRequests: (state: TCertificateRequestState) =>
    api.get<TCertificateRequestList>(`/api/archives/certificate-requests${query({ state })}`),
  issueRequested: (requestId: string) =>
    api.post<TCertificateRequest>(`/api/archives/certificate-requests/${id(requestId)}/issue`, {}, once()),
  rejectRequested: (requestId: string, reason: string) =>
    api.post<TCertificateRequest>(
      `/api/archives/certificate-requests/${id(requestId)}/reject`,
      { reason },
      once(),
    ),
  certificatePdfUrl: (certificateId: string) =>
    `/api/archives/certificates/${id(certificateId)}/pdf?inline=1`,
  borrows: (queue: BorrowQueue) =>
    api.get<{ borrows: TBorrow[]; counts: Record<BorrowQueue, number> }>(
      `/api/archives/borrows${query({ queue })}`,
    ),
  requestBorrow: (body: TBorrowRequest) => api.post<TBorrow>('/api/archives/borrows', body, once()),
  decideBorrow: (borrowId: string, body: { approve: boolean; days?: number; note?: string }) =>
    api.post<TBorrow>(`/api/archives/borrows/${id(borrowId)}/decision`, body, once()),
  returnBorrow: (borrowId: string, note?: string) =>
    api.post<TBorrow>(`/api/archives/borrows/${id(borrowId)}/return`, note ? { note } : {}, once()),
};

/** Fetches a file with the session cookie, as bytes, with its type (for the inline viewer). */
export async function fetchFile(url: string): Promise<{ bytes: Uint8Array; type: string }> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    let message = `文件打开失败（${res.status}）`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, 'INTERNAL', message);
  }
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type') ?? '' };
}

export const bytesText = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;
