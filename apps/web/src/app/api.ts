import type { ErrorCode, FieldIssue } from '@qiaoti/contracts';

/**
 * The one way the console talks to the API: JSON in and out, the CSRF token on every mutating request, the
 * server's error body turned into an ApiError with a Chinese message, and a lost session sent to the login page.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK';
  readonly requestId: string | undefined;
  readonly issues: FieldIssue[];

  constructor(
    status: number,
    code: ErrorCode | 'NETWORK',
    message: string,
    issues: FieldIssue[] = [],
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.requestId = requestId;
  }
}

let csrfToken: string | null = null;

/** Set from /api/me after login; cleared at logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type SessionLostListener = () => void;
const sessionLostListeners = new Set<SessionLostListener>();

/** The session provider listens here: a 401 on any call but login means the session is gone. */
export function onSessionLost(listener: SessionLostListener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function issuesOf(details: unknown): FieldIssue[] {
  if (!isRecord(details) || !Array.isArray(details.issues)) return [];
  const out: FieldIssue[] = [];
  for (const i of details.issues) {
    if (isRecord(i) && typeof i.message === 'string') {
      const path = Array.isArray(i.path) ? i.path.join('.') : String(i.path ?? '');
      out.push({ path, message: i.message });
    }
  }
  return out;
}

const fallbackMessages: Record<number, string> = {
  400: '提交的内容有误，请按提示修改',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '记录不存在或无权查看',
  409: '记录已存在或已被他人修改',
  413: '文件过大',
  429: '操作过于频繁，请稍后再试',
  500: '系统内部错误，请联系管理员',
  502: '服务暂不可用，请稍后再试',
  503: '服务暂不可用，请稍后再试',
};

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    return new ApiError(
      res.status,
      (typeof e.code === 'string' ? e.code : 'INTERNAL') as ErrorCode,
      typeof e.message === 'string' ? e.message : (fallbackMessages[res.status] ?? '请求失败'),
      issuesOf(e.details),
      typeof e.requestId === 'string' ? e.requestId : undefined,
    );
  }
  return new ApiError(res.status, 'INTERNAL', fallbackMessages[res.status] ?? `请求失败（${res.status}）`);
}

export interface RequestOptions {
  /** Login and /api/me handle 401 themselves instead of being sent to the login page. */
  quietUnauthenticated?: boolean;
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key`: a retried action has one effect (keep the key for the retry of one action). */
  idempotencyKey?: string;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      signal: options.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !options.quietUnauthenticated) {
      for (const l of sessionLostListeners) l();
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A fresh Idempotency-Key for one user action. getRandomValues, not randomUUID: the console may be served over
 * plain HTTP inside the government network, where randomUUID (secure contexts only) does not exist.
 */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
  upload: <T>(path: string, form: FormData, options?: RequestOptions) =>
    request<T>('POST', path, form, options),
};

/** Query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Downloads a file from the API with the session cookie (a plain link would do too, but this keeps errors in
 * the page): the browser saves the blob under the server's file name.
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) throw await toApiError(res);
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The message to show for any error thrown by a call. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return '操作失败';
}
