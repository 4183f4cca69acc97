import { Alert, Button, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { fetchFile } from './digital.api.ts';

/**
 * Inline viewer for PDFs and images. The API forbids framing (CSP frame-ancestors 'none', X-Frame-Options DENY) and
 * the console's CSP allows no blob: frames, so a PDF is drawn page by page onto canvases with pdf.js (worker from the
 * console's own origin, no eval); an image is shown from a data: URL. TIFF, which browsers do not draw, is offered
 * for download.
 */
export function FileViewer({
  url,
  title,
  open,
  onClose,
}: {
  url: string | null;
  title: string;
  open: boolean;
  onClose: () => void;
}) {
  const pagesRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<
    | { kind: 'loading' }
    | { kind: 'pdf'; pages: number }
    | { kind: 'image'; src: string }
    | { kind: 'other'; type: string }
    | { kind: 'error'; message: string }
  >({ kind: 'loading' });

  useEffect(() => {
    if (!open || !url) return;
    let cancelled = false;
    setState({ kind: 'loading' });
    (async () => {
      const file = await fetchFile(url);
      if (cancelled) return;
      if (file.type.startsWith('application/pdf')) {
        const pdfjs = await import('pdfjs-dist');
        pdfjs.GlobalWorkerOptions.workerSrc = new URL(
          'pdfjs-dist/build/pdf.worker.min.mjs',
          import.meta.url,
        ).toString();
        const doc = await pdfjs.getDocument({ data: file.bytes, isEvalSupported: false }).promise;
        if (cancelled) return;
        setState({ kind: 'pdf', pages: doc.numPages });
        const holder = pagesRef.current;
        if (!holder) return;
        holder.replaceChildren();
        for (let i = 1; i <= doc.numPages; i++) {
          const page = await doc.getPage(i);
          const viewport = page.getViewport({ scale: 1.4 });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.style.width = '100%';
          canvas.style.boxShadow = '0 1px 4px rgba(0,0,0,.25)';
          canvas.style.marginBottom = '12px';
          canvas.dataset.page = String(i);
          holder.append(canvas);
          await page.render({ canvas, viewport }).promise;
          if (cancelled) return;
        }
        holder.dataset.rendered = 'true';
      } else if (file.type.startsWith('image/') && file.type !== 'image/tiff') {
        const src = await new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.onerror = () => reject(new Error('图片读取失败'));
          reader.readAsDataURL(new Blob([file.bytes.slice().buffer], { type: file.type }));
        });
        if (!cancelled) setState({ kind: 'image', src });
      } else {
        setState({ kind: 'other', type: file.type });
      }
    })().catch((e) => {
      if (!cancelled) setState({ kind: 'error', message: errorMessage(e) });
    });
    return () => {
      cancelled = true;
    };
  }, [open, url]);

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      width={860}
      footer={
        <Space>
          {url ? (
            <Button href={url.replace('inline=1', 'inline=0')} target="_blank" rel="noreferrer">
              下载
            </Button>
          ) : null}
          <Button type="primary" onClick={onClose}>
            关闭
          </Button>
        </Space>
      }
      destroyOnHidden
    >
      {state.kind === 'loading' ? <Spin style={{ display: 'block', margin: 48 }} /> : null}
      {state.kind === 'error' ? <Alert type="error" showIcon title={state.message} /> : null}
      {state.kind === 'other' ? (
        <Alert type="info" showIcon title={`该格式（${state.type}）不能在浏览器中预览，请下载查看。`} />
      ) : null}
      {state.kind === 'image' ? <img src={state.src} alt={title} style={{ maxWidth: '100%' }} /> : null}
      {state.kind === 'pdf' ? <Typography.Text type="secondary">共 {state.pages} 页</Typography.Text> : null}
      <div
        ref={pagesRef}
        data-testid="pdf-pages"
        style={{
          maxHeight: '70vh',
          overflow: 'auto',
          background: '#f0f0f0',
          padding: state.kind === 'pdf' ? 12 : 0,
        }}
      />
    </Modal>
  );
}
