import type { TMyWorkItemList } from '@qiaoti/contracts';
import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../app/api.ts';

/**
 * 我的待办 on the 工作台: open work items of every domain that are mine or my unit's (assistance cases and their
 * plan steps, archive transfers …), overdue first, each linking to the page where it is handled.
 */
export function MyWorkItems() {
  const [list, setList] = useState<TMyWorkItemList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<TMyWorkItemList>('/api/workitems/mine')
      .then(setList)
      .catch((e) => setError(errorMessage(e)));
  }, []);

  if (error)
    return <Alert type="error" showIcon title={`待办事项加载失败：${error}`} style={{ marginTop: 12 }} />;
  if (!list || list.items.length === 0) return null;
  return (
    <Card
      size="small"
      data-testid="my-work-items"
      title={
        <Space>
          <span>我的待办</span>
          <Tag>{list.truncated ? `${list.items.length}+` : list.items.length} 项</Tag>
          {list.overdue > 0 ? <Tag color="red">逾期 {list.overdue} 项</Tag> : null}
        </Space>
      }
      style={{ marginTop: 12 }}
    >
      <List
        size="small"
        dataSource={list.items}
        renderItem={(item) => {
          const title = item.link ? <Link to={item.link}>{item.title}</Link> : item.title;
          return (
            <List.Item
              extra={
                item.dueOn ? (
                  <Typography.Text
                    type={item.overdue ? 'danger' : 'secondary'}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {item.overdue ? '已逾期 · ' : ''}期限 {item.dueOn}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">无期限</Typography.Text>
                )
              }
            >
              <Space size={[8, 4]} wrap>
                <Tag color="blue">{item.typeLabel}</Tag>
                {title}
                <Tag>{item.stateLabel}</Tag>
                {item.assignedTo === 'organisation' ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    本单位{item.ownerName ? ` · ${item.ownerName}` : ''}
                  </Typography.Text>
                ) : null}
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
