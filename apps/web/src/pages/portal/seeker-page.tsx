import type { TSeeker } from '@qiaoti/contracts';
import { Alert, App, Button, Card, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { employmentApi } from '../employment/employment.api.ts';
import { SeekerDetails, SeekerForm } from '../employment/seeker-form.tsx';
import { PortalNav } from './portal-nav.tsx';

/** 求职登记 (citizen portal): register once, then see and edit one's registration. */
export function MySeekerPage() {
  const { message } = App.useApp();
  const [seeker, setSeeker] = useState<TSeeker | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    employmentApi
      .mySeeker()
      .then((r) => setSeeker(r.seeker))
      .catch((e) => setError(errorMessage(e)));
  }, []);

  return (
    <div className="qt-portal" data-testid="my-seeker-page">
      <PortalNav />
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {seeker === undefined ? (
        <Skeleton active />
      ) : seeker === null || editing ? (
        <Card size="small" title={seeker ? '修改求职登记' : '求职登记'}>
          <SeekerForm
            seeker={seeker}
            staff={false}
            onSaved={(s) => {
              setSeeker(s);
              setEditing(false);
              message.success(seeker ? '已保存' : '求职登记已完成，去“找工作”看看为您推荐的岗位');
            }}
          />
        </Card>
      ) : (
        <Card
          size="small"
          title="我的求职登记"
          extra={<Button onClick={() => setEditing(true)}>修改</Button>}
        >
          <SeekerDetails s={seeker} />
        </Card>
      )}
    </div>
  );
}
