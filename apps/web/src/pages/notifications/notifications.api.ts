import type {
  TChannelStatusList,
  TMarkReadRequest,
  TMarkReadResponse,
  TNotificationList,
  TUnreadCount,
} from '@qiaoti/contracts';
import { api, query } from '../../app/api.ts';

/** The inbox endpoints (always the signed-in account's own inbox). */
export const notificationsApi = {
  list: (params: { unreadOnly?: boolean; page?: number; pageSize?: number }) =>
    api.get<TNotificationList>(
      `/api/notifications${query({
        unreadOnly: params.unreadOnly ? 'true' : undefined,
        page: params.page,
        pageSize: params.pageSize,
      })}`,
    ),
  unreadCount: () => api.get<TUnreadCount>('/api/notifications/unread-count'),
  markRead: (body: TMarkReadRequest) => api.post<TMarkReadResponse>('/api/notifications/read', body),
  channels: () => api.get<TChannelStatusList>('/api/notifications/channels'),
};

/** The bell listens here so the count drops as soon as the inbox marks something read. */
const listeners = new Set<(unread: number) => void>();
export function onUnreadChange(listener: (unread: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function publishUnread(unread: number): void {
  for (const l of listeners) l(unread);
}
