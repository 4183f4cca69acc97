import type { TChannelStatus, TNotification, TNotificationList } from '@qiaoti/contracts';
import { Alert, App, Badge, Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../app/api.ts';
import { Page } from '../../app/layout.tsx';
import { notificationsApi, publishUnread } from './notifications.api.ts';

const PAGE_SIZE = 20;

/**
 * 我的消息: the account's own inbox, newest first. Opening a message marks it read and follows its link. The
 * outbound channels' state is said plainly: a log-only SMS adapter sends nothing.
 */
export function NotificationsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<TNotificationList | null>(null);
  const [channels, setChannels] = useState<TChannelStatus[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const r = await notificationsApi.list({ unreadOnly: filter === 'unread', page, pageSize: PAGE_SIZE });
      setData(r);
      publishUnread(r.unread);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [filter, page]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    notificationsApi
      .channels()
      .then((r) => setChannels(r.channels))
      .catch(() => setChannels([]));
  }, []);

  const open = async (n: TNotification) => {
    try {
      if (!n.isRead) {
        const r = await notificationsApi.markRead({ ids: [n.id] });
        publishUnread(r.unread);
      }
      if (n.link) navigate(n.link);
      else await load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const markAll = async () => {
    try {
      const r = await notificationsApi.markRead({ all: true });
      publishUnread(r.unread);
      message.success(r.marked ? `已将 ${r.marked} 条消息标为已读` : '没有未读消息');
      await load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const offline = channels.filter((c) => !c.isConnected);

  return (
    <Page
      title="我的消息"
      subTitle={data ? `共 ${data.total} 条，未读 ${data.unread} 条` : undefined}
      extra={
        <>
          <Segmented
            value={filter}
            onChange={(v) => {
              setFilter(v === 'unread' ? 'unread' : 'all');
              setPage(1);
            }}
            options={[
              { label: '全部', value: 'all' },
              { label: '未读', value: 'unread' },
            ]}
          />
          <Button onClick={markAll} disabled={!data?.unread} data-testid="mark-all-read">
            全部标为已读
          </Button>
        </>
      }
    >
      {offline.length ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="channel-status"
          title={offline.map((c) => c.description).join('；')}
          description="消息只在本平台“我的消息”中送达；短信、小程序消息尚未对接运营商或平台，不会发出。"
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={filter === 'unread' ? '没有未读消息' : '暂无消息'} /> }}
          pagination={
            data && data.total > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, size: 'small' }
              : false
          }
          renderItem={(n) => (
            <List.Item
              key={n.id}
              data-testid="notification-item"
              style={{ cursor: 'pointer', background: n.isRead ? undefined : '#f5f8fd', paddingInline: 12 }}
              onClick={() => void open(n)}
              extra={
                <Typography.Text type="secondary">{dayjs(n.createdAt).format('MM-DD HH:mm')}</Typography.Text>
              }
            >
              <List.Item.Meta
                title={
                  <Space size={8}>
                    {n.isRead ? null : <Badge status="processing" />}
                    <span style={{ fontWeight: n.isRead ? 400 : 600 }}>{n.title}</span>
                    {n.kindLabel === n.title ? null : <Tag>{n.kindLabel}</Tag>}
                  </Space>
                }
                description={n.body}
              />
            </List.Item>
          )}
        />
      </Card>
    </Page>
  );
}
