import { Button, Result, Spin } from 'antd';
import { Component, type ErrorInfo, type ReactNode, Suspense } from 'react';

interface State {
  error: Error | null;
}

/** A page that throws shows a calm message instead of a blank console; the rest of the layout keeps working. */
class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('页面出错', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      const chunkFailed = /dynamically imported module|Importing a module script failed/i.test(
        this.state.error.message,
      );
      return (
        <Result
          status="error"
          title={chunkFailed ? '系统已更新，请刷新页面' : '页面出错了'}
          subTitle={
            chunkFailed
              ? '页面文件已更新，刷新后即可继续使用。'
              : '请刷新页面重试；如仍出错，请联系系统管理员。'
          }
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              刷新页面
            </Button>
          }
        />
      );
    }
    return this.props.children;
  }
}

function Loading() {
  return (
    <div style={{ minHeight: 240, display: 'grid', placeItems: 'center' }}>
      <Spin />
    </div>
  );
}

/** Around every routed page: loading state for its chunk, and an error boundary. Keyed by path by the caller. */
export function PageBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </ErrorBoundary>
  );
}
