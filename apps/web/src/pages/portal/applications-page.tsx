import { referralStates, type TReferral } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { employmentApi, wageText } from '../employment/employment.api.ts';
import { referralColor } from '../employment/referrals-page.tsx';
import { PortalNav } from './portal-nav.tsx';

/** 我的申请 (citizen portal): my applications and referrals, their progress, and withdrawing one. */
export function ApplicationsPage() {
  const { message, modal } = App.useApp();
  const [items, setItems] = useState<TReferral[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    employmentApi
      .listReferrals({ pageSize: 100 })
      .then((r) => setItems(r.items))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  function withdraw(r: TReferral) {
    modal.confirm({
      title: `撤回对“${r.posting.title}”的申请？`,
      okText: '撤回',
      cancelText: '取消',
      onOk: async () => {
        try {
          await employmentApi.transition(r.id, { to: 'withdrawn' });
          message.success('已撤回');
          load();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  }

  return (
    <div className="qt-portal" data-testid="applications-page">
      <PortalNav />
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {!items ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description="还没有申请或推荐记录" />
      ) : (
        items.map((r) => (
          <Card key={r.id} size="small" style={{ marginBottom: 8 }} data-testid="application-card">
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong>{r.posting.title}</Typography.Text>
                <Tag color={referralColor[r.state]}>{referralStates[r.state]}</Tag>
              </Space>
              <Typography.Text type="secondary">
                {r.posting.organisationName} · {r.posting.workplaceText}
              </Typography.Text>
              <Typography.Text>{wageText(r.posting.wageMinFen, r.posting.wageMaxFen)}</Typography.Text>
              {r.interviewAt ? (
                <Typography.Text>
                  面试时间：{new Date(r.interviewAt).toLocaleString('zh-CN', { hour12: false })}
                </Typography.Text>
              ) : null}
              {r.reasons.length ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  推荐理由：{r.reasons.join('；')}
                </Typography.Text>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.source === 'portal' ? '本人申请' : '就业服务机构推荐'} ·{' '}
                {new Date(r.createdAt).toLocaleDateString('zh-CN')}
              </Typography.Text>
              {r.state === 'requested' || r.state === 'referred' || r.state === 'interview' ? (
                <Button size="small" onClick={() => withdraw(r)}>
                  撤回
                </Button>
              ) : null}
            </Space>
          </Card>
        ))
      )}
    </div>
  );
}
