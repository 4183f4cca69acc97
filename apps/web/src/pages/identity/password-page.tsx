import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../app/api.ts';
import { applyServerIssues } from '../../app/forms.ts';
import { Page } from '../../app/layout.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The server's password rule, said before submitting: 8+ characters from 3 of 4 classes. */
export function passwordProblem(p: string): string | null {
  if (p.length < 8) return '密码至少 8 位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(p)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少 3 类';
  return null;
}

export function PasswordPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/me/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success('密码已修改');
      navigate(-1);
    } catch (e) {
      if (
        e instanceof ApiError &&
        (e.code === 'LOGIN_FAILED' || e.code === 'FORBIDDEN') &&
        e.issues.length === 0
      ) {
        form.setFields([{ name: 'currentPassword', errors: ['当前密码不正确'] }]);
      } else setError(applyServerIssues(form, e, ['currentPassword', 'newPassword']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="修改密码">
      <Card size="small" style={{ maxWidth: 520 }}>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={busy}>
          <Form.Item
            name="currentPassword"
            label="当前密码"
            rules={[{ required: true, message: '请输入当前密码' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            extra="至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类"
            rules={[
              { required: true, message: '请输入新密码' },
              {
                validator: (_, v: string | undefined) => {
                  const p = v ? passwordProblem(v) : null;
                  return p ? Promise.reject(new Error(p)) : Promise.resolve();
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  !v || v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            确认修改
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
