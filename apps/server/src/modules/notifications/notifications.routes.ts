import {
  ZChannelStatusList,
  ZMarkReadRequest,
  ZMarkReadResponse,
  ZNotificationList,
  ZNotificationListQuery,
  ZUnreadCount,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../plugins/access.ts';
import {
  channelStatus,
  getUnreadCount,
  listInbox,
  markRead,
  notificationDeps,
} from './notifications.service.ts';

/**
 * The inbox of the signed-in account (any role): list, unread count, mark read, and the outbound channels' state.
 * Every call is about the caller's own inbox; there is no account parameter to tamper with.
 */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = notificationDeps(app.ctx);
  const tags = ['notifications'];

  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: '我的消息（最新在前）',
        querystring: ZNotificationListQuery,
        response: { 200: ZNotificationList },
      },
    },
    async (request) => listInbox(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/notifications/unread-count',
    { schema: { tags, summary: '未读消息数', response: { 200: ZUnreadCount } } },
    async (request) => getUnreadCount(deps, requireActor(request)),
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: '标为已读（指定消息或全部）',
        body: ZMarkReadRequest,
        response: { 200: ZMarkReadResponse },
      },
    },
    async (request) => markRead(deps, requireActor(request), request.body),
  );

  app.get(
    '/api/notifications/channels',
    { schema: { tags, summary: '短信、小程序通道的接入状态', response: { 200: ZChannelStatusList } } },
    async (request) => {
      requireActor(request);
      return channelStatus();
    },
  );
};
