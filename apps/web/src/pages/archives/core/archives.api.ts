import type {
  TArchiveAgency,
  TArchiveDetail,
  TCounterpartAgency,
  TFulfilPledge,
  TIntakeMaterialList,
  TIntakeRequest,
  TIntakeResult,
  TMyArchive,
  TPledge,
  TQueueName,
  TStartTransfer,
  TTransfer,
  TUnitDirectCandidate,
} from '@qiaoti/contracts';
import { api, query } from '../../../app/api.ts';

const id = (s: string) => encodeURIComponent(s);
const k = (key: string) => ({ idempotencyKey: key });

export interface ArchiveListItem {
  id: string;
  archiveNumber: string;
  personName: string;
  idNumberMasked: string;
  items: number;
  openTransfer: TTransfer['state'] | null;
}

/** Personnel archives core endpoints: intake, archive page, transfers and queues, the citizen's own archive. */
export const archivesApi = {
  agencies: () => api.get<{ agencies: TArchiveAgency[] }>('/api/archives/agencies'),
  intakeMaterials: () => api.get<TIntakeMaterialList>('/api/archives/intake-materials'),
  intake: (body: TIntakeRequest, key: string) =>
    api.post<TIntakeResult>('/api/archives/intakes', body, k(key)),
  list: (q: { name?: string; offset?: number; limit?: number }) =>
    api.get<{ archives: ArchiveListItem[]; total: number }>(`/api/archives${query(q)}`),
  archive: (archiveId: string) => api.get<TArchiveDetail>(`/api/archives/${id(archiveId)}`),
  queueSummary: () =>
    api.get<{ agency: TArchiveAgency; counts: Record<TQueueName, number> }>('/api/archives/queues'),
  queue: (name: TQueueName) => api.get<{ transfers: TTransfer[] }>(`/api/archives/queues/${name}`),
  sweep: () => api.post<{ overdue: number; newlyAlerted: number }>('/api/archives/sweeps/overdue', {}),
  transfer: (transferId: string) => api.get<TTransfer>(`/api/archives/transfers/${id(transferId)}`),
  start: (body: TStartTransfer, key: string) => api.post<TTransfer>('/api/archives/transfers', body, k(key)),
  approve: (t: string, key: string) =>
    api.post<TTransfer>(`/api/archives/transfers/${id(t)}/approve`, {}, k(key)),
  send: (
    t: string,
    body: { method: 'confidential_post' | 'staff_courier'; trackingNumber: string },
    key: string,
  ) => api.post<TTransfer>(`/api/archives/transfers/${id(t)}/send`, body, k(key)),
  receive: (t: string, key: string) =>
    api.post<TTransfer>(`/api/archives/transfers/${id(t)}/receive`, {}, k(key)),
  returnForCompletion: (t: string, reason: string, key: string) =>
    api.post<TTransfer>(`/api/archives/transfers/${id(t)}/return`, { reason }, k(key)),
  withdraw: (t: string, key: string) =>
    api.post<TTransfer>(`/api/archives/transfers/${id(t)}/withdraw`, {}, k(key)),
  pledges: (filter: 'open' | 'overdue' | 'all') =>
    api.get<{ pledges: TPledge[] }>(`/api/archives/pledges${query({ filter })}`),
  fulfilPledge: (pledgeId: string, body: TFulfilPledge, key: string) =>
    api.post<{ pledge: TPledge; materialIds: string[]; alreadyFulfilled: boolean }>(
      `/api/archives/pledges/${id(pledgeId)}/fulfil`,
      body,
      k(key),
    ),
  createCounterpart: (body: TCounterpartAgency, key: string) =>
    api.post<TArchiveAgency>('/api/archives/agencies', body, k(key)),
  updateCounterpart: (agencyId: string, body: TCounterpartAgency, key: string) =>
    api.post<TArchiveAgency>(`/api/archives/agencies/${id(agencyId)}`, body, k(key)),
  unitDirectCandidates: () =>
    api.get<{ authorised: boolean; candidates: TUnitDirectCandidate[] }>(
      '/api/archives/unit-direct/candidates',
    ),
  myArchive: () => api.get<TMyArchive>('/api/me/archive'),
  apply: (body: { toAgencyId: string; reason: string }, key: string) =>
    api.post<TTransfer>('/api/me/archive/transfer', body, k(key)),
};

export const letterPdf = (t: string) => `/api/archives/transfers/${id(t)}/letter.pdf`;
export const noticePdf = (t: string) => `/api/archives/transfers/${id(t)}/notice.pdf`;
