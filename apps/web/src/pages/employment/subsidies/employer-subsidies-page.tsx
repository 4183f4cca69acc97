import { PlusOutlined } from '@ant-design/icons';
import type { TSubsidyApplication } from '@qiaoti/contracts';
import { Alert, Button, Card, List, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { Page } from '../../../app/layout.tsx';
import { ApplyModal } from './apply-form.tsx';
import { ApplicationDrawer } from './review-drawer.tsx';
import { statusColors, subsidiesApi, yuan } from './subsidies.api.ts';

/** 企业端：我的补贴申请 (phone-width friendly list; the employer sees only its own applications). */
export function EmployerSubsidiesPage() {
  const [apps, setApps] = useState<TSubsidyApplication[]>([]);
  const [viewing, setViewing] = useState<TSubsidyApplication | null>(null);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setApps((await subsidiesApi.list('employer', {})).applications);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page
      title="我的补贴申请"
      subTitle="招用就业困难人员的社会保险补贴、岗位补贴"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)}>
          申请补贴
        </Button>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <List
        loading={loading}
        dataSource={apps}
        locale={{ emptyText: '暂无申请' }}
        renderItem={(a) => (
          <Card
            size="small"
            style={{ marginBottom: 12 }}
            hoverable
            onClick={() => setViewing(a)}
            data-testid="application"
          >
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong>
                {a.personName} · {a.kindLabel}
              </Typography.Text>
              <Tag color={statusColors[a.status]}>{a.statusLabel}</Tag>
            </div>
            <Typography.Text type="secondary">
              {a.periodFrom} 起 {a.monthsAllowed} 个月 · {a.eligible ? yuan(a.amountFen) : '不符合补贴条件'}
            </Typography.Text>
          </Card>
        )}
      />
      <ApplicationDrawer
        application={viewing}
        canReview={false}
        onClose={() => setViewing(null)}
        onChanged={setViewing}
      />
      <ApplyModal
        who="employer"
        open={applying}
        onClose={() => setApplying(false)}
        onDone={(a) => {
          setApplying(false);
          setViewing(a);
          void load();
        }}
      />
    </Page>
  );
}
