import type {
  TCandidateMatches,
  TCreatePostingRequest,
  TCreateReferralRequest,
  TFollowup,
  TFollowupList,
  TJobSearchResult,
  TMatchIndexStatus,
  TMatchWeights,
  TOrganisationList,
  TPosting,
  TPostingList,
  TPostingMatches,
  TPublishPostingResponse,
  TRecordFollowupRequest,
  TReferral,
  TReferralList,
  TReferralTransitionRequest,
  TRegisterSeekerRequest,
  TRetention,
  TSeeker,
  TSeekerSearchRequest,
  TSeekerSearchResponse,
  TSeekerStatusRequest,
  TUpdatePostingRequest,
  TUpdateSeekerRequest,
} from '@qiaoti/contracts';
import { api, query } from '../../app/api.ts';

const id = (s: string) => encodeURIComponent(s);

/** The employment-core endpoints. ID numbers only travel in POST bodies (seeker search). */
export const employmentApi = {
  listPostings: (q: {
    status?: string;
    q?: string;
    organisationId?: string;
    page?: number;
    pageSize?: number;
  }) => api.get<TPostingList>(`/api/employment/postings${query(q)}`),
  getPosting: (postingId: string) => api.get<TPosting>(`/api/employment/postings/${id(postingId)}`),
  /** With the submission's Idempotency-Key (`SubmissionKey`): a retried save creates one posting. */
  createPosting: (body: TCreatePostingRequest, idempotencyKey?: string) =>
    api.post<TPosting>('/api/employment/postings', body, idempotencyKey ? { idempotencyKey } : {}),
  updatePosting: (postingId: string, body: TUpdatePostingRequest) =>
    api.patch<TPosting>(`/api/employment/postings/${id(postingId)}`, body),
  publish: (postingId: string, confirmAgeLimit = false) =>
    api.post<TPublishPostingResponse>(`/api/employment/postings/${id(postingId)}/publish`, {
      confirmAgeLimit,
    }),
  close: (postingId: string) => api.post<TPosting>(`/api/employment/postings/${id(postingId)}/close`),
  candidates: (postingId: string, limit = 20) =>
    api.get<TCandidateMatches>(`/api/employment/postings/${id(postingId)}/candidates${query({ limit })}`),
  searchJobs: (q: { q?: string; placeCode?: string; occupationCode?: string; limit?: number }) =>
    api.get<TJobSearchResult>(`/api/employment/jobs/search${query(q)}`),
  recommendations: (limit = 20) =>
    api.get<TPostingMatches>(`/api/employment/recommendations${query({ limit })}`),
  matchingStatus: () => api.get<TMatchIndexStatus>('/api/employment/matching/status'),
  matchingWeights: () => api.get<TMatchWeights>('/api/employment/matching/weights'),
  rebuild: () => api.post<TMatchIndexStatus>('/api/employment/matching/rebuild'),
  searchSeekers: (body: Partial<TSeekerSearchRequest>) =>
    api.post<TSeekerSearchResponse>('/api/employment/seekers/search', body),
  registerSeeker: (body: Partial<TRegisterSeekerRequest>) =>
    api.post<TSeeker>('/api/employment/seekers', body),
  mySeeker: () => api.get<{ seeker: TSeeker | null }>('/api/employment/seekers/me'),
  getSeeker: (seekerId: string) => api.get<TSeeker>(`/api/employment/seekers/${id(seekerId)}`),
  updateSeeker: (seekerId: string, body: TUpdateSeekerRequest) =>
    api.patch<TSeeker>(`/api/employment/seekers/${id(seekerId)}`, body),
  changeStatus: (seekerId: string, body: TSeekerStatusRequest) =>
    api.post<TSeeker>(`/api/employment/seekers/${id(seekerId)}/status`, body),
  seekerMatches: (seekerId: string, limit = 20) =>
    api.get<TPostingMatches>(`/api/employment/seekers/${id(seekerId)}/matches${query({ limit })}`),
  refer: (body: TCreateReferralRequest) => api.post<TReferral>('/api/employment/referrals', body),
  /** With the tap's Idempotency-Key: a retry after a lost answer gets the same application back. */
  apply: (postingId: string, idempotencyKey?: string) =>
    api.post<TReferral>(
      '/api/employment/applications',
      { postingId },
      idempotencyKey ? { idempotencyKey } : {},
    ),
  listReferrals: (q: { state?: string; postingId?: string; seekerId?: string; pageSize?: number }) =>
    api.get<TReferralList>(`/api/employment/referrals${query(q)}`),
  transition: (referralId: string, body: TReferralTransitionRequest) =>
    api.post<TReferral>(`/api/employment/referrals/${id(referralId)}/transition`, body),
  followups: (filter: 'due' | 'all') =>
    api.get<TFollowupList>(`/api/employment/followups${query({ filter })}`),
  recordFollowup: (followupId: string, body: TRecordFollowupRequest) =>
    api.post<TFollowup>(`/api/employment/followups/${id(followupId)}`, body),
  retention: () => api.get<TRetention>('/api/employment/retention'),
  employers: () => api.get<TOrganisationList>(`/api/organisations${query({ kind: 'employer', limit: 100 })}`),
  /** Employers by part of the name or a full 统一社会信用代码 (not personal data, so a GET query is fine). */
  searchEmployers: (q: string, limit: number) =>
    api.get<TOrganisationList>(`/api/organisations${query({ kind: 'employer', q: q || undefined, limit })}`),
};

/** 4000–5500 元/月 from fen. */
export function wageText(minFen: number, maxFen: number): string {
  const y = (f: number) => Math.round(f / 100).toLocaleString('zh-CN');
  return minFen === maxFen ? `${y(minFen)} 元/月` : `${y(minFen)}–${y(maxFen)} 元/月`;
}

export const today = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
