import type {
  TSubsidyApplication,
  TSubsidyApplyRequest,
  TSubsidyPayRequest,
  TSubsidyReviewRequest,
} from '@qiaoti/contracts';
import { api, query } from '../../../app/api.ts';

const id = (s: string) => encodeURIComponent(s);

/**
 * 就业补贴 endpoints: staff under /api/employment/subsidies, employers under /api/employer/subsidies. A second
 * submit of the same application (kind, person, employer, first month) returns the first one.
 */
export const subsidiesApi = {
  list: (who: 'staff' | 'employer', q: { status?: string; kind?: string }) =>
    api.get<{ applications: TSubsidyApplication[] }>(
      `${who === 'staff' ? '/api/employment/subsidies' : '/api/employer/subsidies'}${query(q)}`,
    ),
  /** Writes take the submission's Idempotency-Key (see `SubmissionKey`): a retry has one effect. */
  apply: (who: 'staff' | 'employer', body: TSubsidyApplyRequest, idempotencyKey?: string) =>
    api.post<TSubsidyApplication>(
      who === 'staff' ? '/api/employment/subsidies' : '/api/employer/subsidies',
      body,
      idempotencyKey ? { idempotencyKey } : {},
    ),
  review: (appId: string, body: TSubsidyReviewRequest, idempotencyKey?: string) =>
    api.post<TSubsidyApplication>(
      `/api/employment/subsidies/${id(appId)}/review`,
      body,
      idempotencyKey ? { idempotencyKey } : {},
    ),
  pay: (appId: string, body: TSubsidyPayRequest, idempotencyKey?: string) =>
    api.post<TSubsidyApplication>(
      `/api/employment/subsidies/${id(appId)}/payments`,
      body,
      idempotencyKey ? { idempotencyKey } : {},
    ),
};

export const yuan = (fen: number): string => `${(fen / 100).toFixed(2)} 元`;

export const statusColors: Record<string, string> = {
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
  paid: 'default',
};
