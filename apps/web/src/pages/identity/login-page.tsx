import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { accessOf } from '../../app/access.ts';
import { ApiError, api } from '../../app/api.ts';
import { homePath } from '../../app/routes.tsx';
import { useSession } from '../../app/session.tsx';

interface Credentials {
  username: string;
  password: string;
}

/** Chinese explanations for what the login endpoint can answer. */
function loginError(e: unknown): string {
  if (!(e instanceof ApiError)) return '登录失败，请稍后重试';
  switch (e.code) {
    case 'LOGIN_FAILED':
      return '用户名或密码错误，或账号已被锁定。连续输错 5 次，账号将被锁定 30 分钟；如已锁定，请稍后再试或联系系统管理员。';
    case 'TOTP_INVALID':
      return '动态口令错误或已使用，请等待验证器显示新的 6 位数字后重新输入。';
    case 'RATE_LIMITED':
      return '登录尝试过于频繁，请 1 分钟后再试。';
    case 'NETWORK':
      return e.message;
    default:
      return e.message || '登录失败，请稍后重试';
  }
}

export function LoginPage() {
  const { me, refresh, expired } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [totpForm] = Form.useForm<{ totp: string }>();

  if (me) return <Navigate to={homePath(accessOf(me))} replace />;

  const from = (location.state as { from?: string } | null)?.from;

  async function submit(c: Credentials, totp?: string) {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/login', totp ? { ...c, totp } : c, { quietUnauthenticated: true });
      const m = await refresh();
      if (m) {
        const target = from && from !== '/login' ? from : homePath(accessOf(m));
        navigate(target, { replace: true });
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') {
        setCredentials(c);
        setStep('totp');
      } else {
        if (e instanceof ApiError && e.code === 'TOTP_INVALID') totpForm.resetFields();
        setError(loginError(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="qt-login">
      <div className="qt-login-brand">
        <div style={{ fontSize: 28, fontWeight: 600, letterSpacing: 4 }}>桥梯</div>
        <div style={{ fontSize: 15, opacity: 0.9 }}>中牟县人力资源社会流动平台</div>
      </div>
      <Card className="qt-login-card" title={step === 'password' ? '账号登录' : '动态口令验证'}>
        {expired && step === 'password' ? (
          <Alert type="warning" showIcon title="登录已超时，请重新登录" style={{ marginBottom: 16 }} />
        ) : null}
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        ) : null}
        {step === 'password' ? (
          <Form<Credentials>
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => submit({ username: v.username.trim(), password: v.password })}
            disabled={busy}
          >
            <Form.Item
              name="username"
              label="用户名"
              rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder="用户名" />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              登录
            </Button>
          </Form>
        ) : (
          <Form<{ totp: string }>
            form={totpForm}
            layout="vertical"
            requiredMark={false}
            disabled={busy}
            onFinish={(v) => credentials && submit(credentials, v.totp)}
          >
            <Typography.Paragraph type="secondary">
              该账号须使用第二重验证。请打开绑定的验证器应用，输入当前显示的 6 位动态口令。
            </Typography.Paragraph>
            <Form.Item
              name="totp"
              label="动态口令"
              rules={[
                { required: true, message: '请输入 6 位动态口令' },
                { pattern: /^\d{6}$/, message: '动态口令为 6 位数字' },
              ]}
            >
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
                placeholder="6 位数字"
                data-testid="totp-input"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              验证并登录
            </Button>
            <Button
              type="link"
              block
              style={{ marginTop: 8 }}
              onClick={() => {
                setStep('password');
                setCredentials(null);
                setError(null);
              }}
            >
              返回重新输入账号
            </Button>
          </Form>
        )}
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 16, fontSize: 12, textAlign: 'center' }}>
        中牟县人力资源和社会保障局 · 仅限授权人员使用，所有操作均留痕审计
      </Typography.Text>
    </div>
  );
}
