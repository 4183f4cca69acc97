import type {
  TCreateHouseholdRequest,
  TCreatePersonRequest,
  THouseholdDetail,
  THouseholdSearchRequest,
  THouseholdSearchResponse,
  TPersonDetail,
  TPersonFact,
  TPersonSearchRequest,
  TPersonSearchResponse,
  TPlaceList,
  TRevealRequest,
  TRevealResponse,
  TUpdatePersonRequest,
} from '@qiaoti/contracts';
import { api } from '../../app/api.ts';

/** The registry endpoints the console calls. ID numbers only ever travel in POST bodies, never in URLs. */
export const registryApi = {
  searchPersons: (q: TPersonSearchRequest) => api.post<TPersonSearchResponse>('/api/persons/search', q),
  getPerson: (id: string) => api.get<TPersonDetail>(`/api/persons/${encodeURIComponent(id)}`),
  createPerson: (body: TCreatePersonRequest) => api.post<TPersonDetail>('/api/persons', body),
  updatePerson: (id: string, body: TUpdatePersonRequest) =>
    api.patch<TPersonDetail>(`/api/persons/${encodeURIComponent(id)}`, body),
  reveal: (id: string, body: TRevealRequest) =>
    api.post<TRevealResponse>(`/api/persons/${encodeURIComponent(id)}/reveal`, body),
  places: (parent: string) => api.get<TPlaceList>(`/api/places?parent=${encodeURIComponent(parent)}`),
  searchHouseholds: (q: THouseholdSearchRequest) =>
    api.post<THouseholdSearchResponse>('/api/households/search', q),
  getHousehold: (id: string) => api.get<THouseholdDetail>(`/api/households/${encodeURIComponent(id)}`),
  createHousehold: (body: TCreateHouseholdRequest) => api.post<THouseholdDetail>('/api/households', body),
  addMember: (id: string, body: { personId: string; relation: string; fromDate?: string }) =>
    api.post<THouseholdDetail>(`/api/households/${encodeURIComponent(id)}/members`, body),
};

/** The county: townships hang under it. */
export const countyCode = '410122';

/** What each kind of dated fact is called on screen. */
export const factLabels: Record<TPersonFact['fact'], string> = {
  employment_status: '就业状态',
  employer: '就业单位',
  occupation_code: '职业',
  monthly_income_fen: '月收入',
  education: '学历',
};
