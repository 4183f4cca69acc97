import { BellOutlined } from '@ant-design/icons';
import { Badge, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { notificationsApi, onUnreadChange } from './notifications.api.ts';

const POLL_MS = 60_000;

/** The header bell: unread count (polled each minute and updated by the inbox), a click opens the inbox. */
export function NotificationBell() {
  const [unread, setUnread] = useState(0);
  const navigate = useNavigate();

  useEffect(() => {
    let live = true;
    const load = () =>
      notificationsApi
        .unreadCount()
        .then((r) => {
          if (live) setUnread(r.unread);
        })
        .catch(() => undefined); // the bell never interrupts work; the inbox page shows errors
    load();
    const timer = setInterval(load, POLL_MS);
    const off = onUnreadChange(setUnread);
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, []);

  return (
    <Tooltip title={unread ? `${unread} 条未读消息` : '消息'}>
      <button
        type="button"
        className="qt-user"
        data-testid="notification-bell"
        aria-label={unread ? `消息，${unread} 条未读` : '消息'}
        onClick={() => navigate('/notifications')}
      >
        <Badge count={unread} size="small" offset={[4, -2]}>
          <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
        </Badge>
      </button>
    </Tooltip>
  );
}
