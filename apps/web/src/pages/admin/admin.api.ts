import type {
  Permission,
  Role,
  TAccount,
  TCreateAccountRequest,
  TSetRolesRequest,
  TUpdateAccountRequest,
} from '@qiaoti/contracts';
import { api, query } from '../../app/api.ts';

export interface AccountPage {
  items: TAccount[];
  total: number;
  page: number;
  pageSize: number;
}
export interface OrganisationOption {
  id: string;
  code: string | null;
  name: string;
  kind: 'department' | 'township_government' | 'employer' | 'other';
}
export interface RoleInfo {
  role: Role;
  label: string;
  permissions: Permission[];
  requiresTotp: boolean;
  isAdminRole: boolean;
}

/** Lists come back as an array or wrapped in an object; take whichever array is there. */
function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const k of [...keys, 'items']) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}

export const adminApi = {
  accounts: (q: { q?: string; page?: number; pageSize?: number }) =>
    api.get<AccountPage>(`/api/admin/accounts${query(q)}`),
  createAccount: (body: TCreateAccountRequest) =>
    api.post<{ account: TAccount; initialPassword: string; totpSecret: string; totpUri: string }>(
      '/api/admin/accounts',
      body,
    ),
  updateAccount: (id: string, body: TUpdateAccountRequest) =>
    api.patch<{ account: TAccount; newPassword?: string }>(
      `/api/admin/accounts/${encodeURIComponent(id)}`,
      body,
    ),
  setRoles: (id: string, body: TSetRolesRequest) =>
    api.put<unknown>(`/api/admin/accounts/${encodeURIComponent(id)}/roles`, body),
  roles: async () => listOf<RoleInfo>(await api.get<unknown>('/api/admin/roles'), 'roles'),
  organisations: async (q?: string) =>
    listOf<OrganisationOption>(
      await api.get<unknown>(`/api/admin/organisations${query({ q })}`),
      'organisations',
    ),
};
