import type {
  TCertificateRequest,
  TCertificateRequestInput,
  TLivelihoodImportResult,
  TLivelihoodResult,
  TLivelihoodSearch,
} from '@qiaoti/contracts';
import { api, newIdempotencyKey } from '../../../app/api.ts';

export const livelihoodApi = {
  /** POST: the ID number never goes in a URL. */
  search: (body: TLivelihoodSearch) => api.post<TLivelihoodResult>('/api/livelihood/search', body),
  mine: () => api.get<TLivelihoodResult>('/api/me/livelihood'),
  importIndex: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<TLivelihoodImportResult>('/api/livelihood/imports', form);
  },
  importErrorsUrl: (importId: string) =>
    `/api/livelihood/imports/${encodeURIComponent(importId)}/errors.xlsx`,
  templateUrl: '/api/livelihood/imports/template.xlsx',
  /** The citizen's own 存档证明 requests (portal). */
  myCertificateRequests: () =>
    api.get<{ requests: TCertificateRequest[] }>('/api/me/archive/certificate-requests'),
  requestCertificate: (body: TCertificateRequestInput, idempotencyKey: string = newIdempotencyKey()) =>
    api.post<TCertificateRequest>('/api/me/archive/certificate-requests', body, { idempotencyKey }),
};
