import { type NotificationChannel, notificationChannels } from '@qiaoti/contracts';

/**
 * Outbound channels (SMS, mini-program). An adapter is named for what it really does: the only one built so far
 * is `log-only`, which records that a message would have gone out and sends nothing — the inbox says so
 * ("短信通道未接入，仅记录"). A real gateway adapter (e.g. a 运营商 SMS platform) implements the same interface;
 * it should send after the transaction commits (outbox: read `notification_delivery` rows with status 'logged').
 */
export interface ChannelMessage {
  notificationId: string;
  accountId: string;
  kind: string;
  title: string;
  body: string;
}

export interface ChannelResult {
  status: 'logged' | 'sent' | 'failed';
  detail: string;
}

export interface NotificationChannelAdapter {
  readonly channel: NotificationChannel;
  /** Stored with each delivery and shown to staff: 'log-only', 'sms-gateway-…'. */
  readonly name: string;
  /** False when nothing leaves the platform. */
  readonly isConnected: boolean;
  /** What the adapter does, in Chinese, for the inbox page. */
  readonly description: string;
  deliver(message: ChannelMessage): Promise<ChannelResult>;
}

/** Records the delivery and sends nothing. It never sees or stores a phone number. */
export function logOnlyAdapter(channel: NotificationChannel): NotificationChannelAdapter {
  const label = notificationChannels[channel];
  const description = `${label}通道未接入，仅记录`;
  return {
    channel,
    name: 'log-only',
    isConnected: false,
    description,
    deliver: async () => ({ status: 'logged', detail: description }),
  };
}

/** The adapters in use, by channel. Replace an entry when a real gateway is connected. */
export const channelAdapters: Record<NotificationChannel, NotificationChannelAdapter> = {
  sms: logOnlyAdapter('sms'),
  miniprogram: logOnlyAdapter('miniprogram'),
};
