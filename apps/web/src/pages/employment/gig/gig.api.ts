import type {
  TCreateGigSiteRequest,
  TCreateGigTaskRequest,
  TGigActivity,
  TGigClaim,
  TGigSite,
  TGigSiteList,
  TGigTask,
  TGigTaskDetail,
  TGigTaskList,
  TMyGigClaimList,
  TRecordGigPaymentRequest,
} from '@qiaoti/contracts';
import { api, query } from '../../../app/api.ts';

const enc = encodeURIComponent;

/** The gig-market endpoints (灵工市场). */
export const gigApi = {
  sites: (townshipCode?: string) => api.get<TGigSiteList>(`/api/gig/sites${query({ townshipCode })}`),
  createSite: (body: TCreateGigSiteRequest) => api.post<TGigSite>('/api/gig/sites', body),
  setSiteActive: (id: string, isActive: boolean) =>
    api.post<TGigSite>(`/api/gig/sites/${enc(id)}/active`, { isActive }),
  tasks: (params: { status?: string; townshipCode?: string; page?: number; pageSize?: number }) =>
    api.get<TGigTaskList>(`/api/gig/tasks${query(params)}`),
  nearby: () => api.get<TGigTaskList>('/api/gig/tasks/nearby?limit=50'),
  task: (id: string) => api.get<TGigTaskDetail>(`/api/gig/tasks/${enc(id)}`),
  createTask: (body: TCreateGigTaskRequest, idempotencyKey: string) =>
    api.post<TGigTask>('/api/gig/tasks', body, { idempotencyKey }),
  claim: (taskId: string, idempotencyKey: string, personId?: string) =>
    api.post<TGigClaim>(`/api/gig/tasks/${enc(taskId)}/claim`, personId ? { personId } : {}, {
      idempotencyKey,
    }),
  cancel: (taskId: string) => api.post<TGigTask>(`/api/gig/tasks/${enc(taskId)}/cancel`),
  close: (taskId: string) => api.post<TGigTask>(`/api/gig/tasks/${enc(taskId)}/close`),
  checkIn: (claimId: string) => api.post<TGigClaim>(`/api/gig/claims/${enc(claimId)}/check-in`),
  complete: (claimId: string) => api.post<TGigClaim>(`/api/gig/claims/${enc(claimId)}/complete`),
  withdraw: (claimId: string) => api.post<TGigClaim>(`/api/gig/claims/${enc(claimId)}/withdraw`),
  pay: (claimId: string, body: TRecordGigPaymentRequest, idempotencyKey: string) =>
    api.post<TGigClaim>(`/api/gig/claims/${enc(claimId)}/payment`, body, { idempotencyKey }),
  confirmPayment: (claimId: string) => api.post<TGigClaim>(`/api/gig/claims/${enc(claimId)}/confirm-payment`),
  myClaims: () => api.get<TMyGigClaimList>('/api/gig/my/claims'),
  activity: (month: string, townshipCode?: string) =>
    api.get<TGigActivity>(`/api/gig/activity${query({ month, townshipCode })}`),
};

export const fenToYuan = (fen: number) => (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2);

export const claimStatusColor: Record<string, string> = {
  claimed: 'blue',
  checked_in: 'gold',
  completed: 'green',
  withdrawn: 'default',
};
export const taskStatusColor: Record<string, string> = { open: 'green', closed: 'default', cancelled: 'red' };
