import type {
  TAssistanceCase,
  TAssistanceCaseSummary,
  TCandidateList,
  TFollowupRequest,
  THouseholdRecheck,
  TIdentification,
  TIdentifyRequest,
  TJob,
  TNewStep,
  TOpenCaseRequest,
  TZeroDashboard,
  TZeroHousehold,
} from '@qiaoti/contracts';
import { api, query } from '../../../app/api.ts';

const id = (s: string) => encodeURIComponent(s);
const base = '/api/employment/assistance';

/** 就业困难人员认定, 援助个案 and 零就业家庭 endpoints. */
export const assistanceApi = {
  candidates: (townshipCode: string, onlyIdentified = true) =>
    api.get<TCandidateList>(
      `${base}/candidates${query({ townshipCode, onlyIdentified: onlyIdentified ? 'true' : '' })}`,
    ),
  identify: (body: TIdentifyRequest) => api.post<TIdentification>(`${base}/identifications`, body),
  cases: (q: { status?: string; townshipCode?: string; overdueOnly?: boolean }) =>
    api.get<{ cases: TAssistanceCaseSummary[] }>(
      `${base}/cases${query({ status: q.status, townshipCode: q.townshipCode, overdueOnly: q.overdueOnly ? 'true' : '' })}`,
    ),
  openCase: (body: TOpenCaseRequest) => api.post<TAssistanceCase>(`${base}/cases`, body),
  getCase: (caseId: string) => api.get<TAssistanceCase>(`${base}/cases/${id(caseId)}`),
  addStep: (caseId: string, step: TNewStep) =>
    api.post<TAssistanceCase>(`${base}/cases/${id(caseId)}/steps`, step),
  setStep: (caseId: string, stepId: string, state: 'done' | 'cancelled') =>
    api.post<TAssistanceCase>(`${base}/cases/${id(caseId)}/steps/${id(stepId)}`, { state }),
  followup: (caseId: string, body: TFollowupRequest) =>
    api.post<TAssistanceCase>(`${base}/cases/${id(caseId)}/followups`, body),
  close: (caseId: string, note?: string) =>
    api.post<TAssistanceCase>(`${base}/cases/${id(caseId)}/close`, note ? { note } : {}),
  zeroHouseholds: (status: 'current' | 'cleared', townshipCode?: string) =>
    api.get<{ households: TZeroHousehold[] }>(
      `/api/employment/zero-employment/households${query({ status, townshipCode })}`,
    ),
  zeroDashboard: () => api.get<TZeroDashboard>('/api/employment/zero-employment/dashboard'),
  recompute: (townshipCode?: string) =>
    api.post<{ jobId: string }>(
      '/api/employment/zero-employment/recompute',
      townshipCode ? { townshipCode } : {},
    ),
  recheck: (householdId: string) =>
    api.post<THouseholdRecheck>(`/api/employment/zero-employment/households/${id(householdId)}/recheck`),
  job: (jobId: string) => api.get<TJob>(`/api/jobs/${id(jobId)}`),
};

export const categoryColors: Record<string, string> = {
  ZERO_EMPLOYMENT_HOUSEHOLD: 'red',
  NEAR_RETIREMENT: 'orange',
  LONG_TERM_UNEMPLOYED: 'gold',
  HARDSHIP_GRADUATE: 'blue',
  LAND_LOST_FARMER: 'green',
  SPECIAL_GROUP: 'purple',
};
