import { z } from 'zod';

/**
 * Notifications (DESIGN §4b): an in-app inbox per account, plus outbound channels (SMS, mini-program) whose
 * adapters say honestly what they do. Texts never carry an ID number or a phone number.
 */

/** Kinds a domain may send; add one line when a domain needs a new kind (the inbox shows the label). */
export const notificationKinds = {
  'referral.created': '就业推荐',
  'referral.updated': '推荐进展',
  'placement.followup_due': '就业回访提醒',
  'assistance.step_due': '援助计划事项到期',
  'subsidy.decided': '补贴审核结果',
  'gig.claimed': '零工任务有人接单',
  'gig.completed': '零工任务已完工',
  'gig.payment': '零工报酬已登记',
  'gig.cancelled': '零工任务已取消',
  'archive.transfer': '档案转递',
  'archive.certificate': '存档证明',
  'system.notice': '系统通知',
} as const;
export type NotificationKind = keyof typeof notificationKinds;
export const ZNotificationKind = z.enum(
  Object.keys(notificationKinds) as [NotificationKind, ...NotificationKind[]],
);

export const notificationChannels = {
  sms: '短信',
  miniprogram: '小程序消息',
} as const;
export type NotificationChannel = keyof typeof notificationChannels;

export const ZNotification = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  body: z.string(),
  /** An in-app path (`/employment/gig/tasks/…`), never an external URL. */
  link: z.string().nullable(),
  isRead: z.boolean(),
  /** UTC, ISO 8601. */
  createdAt: z.string(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = z.object({
  unreadOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

export const ZNotificationList = z.object({
  items: z.array(ZNotification),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TNotificationList = z.infer<typeof ZNotificationList>;

export const ZUnreadCount = z.object({ unread: z.number().int() });
export type TUnreadCount = z.infer<typeof ZUnreadCount>;

export const ZMarkReadRequest = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(200) }),
  z.object({ all: z.literal(true) }),
]);
export type TMarkReadRequest = z.infer<typeof ZMarkReadRequest>;

export const ZMarkReadResponse = z.object({ marked: z.number().int(), unread: z.number().int() });
export type TMarkReadResponse = z.infer<typeof ZMarkReadResponse>;

/** What each outbound channel is connected to: shown in the inbox so nobody assumes an SMS went out. */
export const ZChannelStatus = z.object({
  channel: z.enum(['sms', 'miniprogram']),
  channelLabel: z.string(),
  adapter: z.string(),
  /** False for a log-only adapter: nothing leaves the platform. */
  isConnected: z.boolean(),
  description: z.string(),
});
export const ZChannelStatusList = z.object({ channels: z.array(ZChannelStatus) });
export type TChannelStatus = z.infer<typeof ZChannelStatus>;
export type TChannelStatusList = z.infer<typeof ZChannelStatusList>;
