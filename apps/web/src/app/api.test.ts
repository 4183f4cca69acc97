import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ApiError, api, onSessionLost, query, setCsrfToken } from './api.ts';

const realFetch = globalThis.fetch;
let calls: { url: string; init: RequestInit }[] = [];

function answer(status: number, body: unknown) {
  calls = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}

describe('api client', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
    setCsrfToken(null);
  });

  it('sends the CSRF token on mutating requests only, and JSON bodies', async () => {
    setCsrfToken('tok');
    answer(200, { ok: true });
    await api.get('/api/me');
    await api.post('/api/persons/search', { idNumber: 'x' });
    const [get, post] = calls;
    assert.equal(new Headers(get?.init.headers).get('x-csrf-token'), null);
    assert.equal(new Headers(post?.init.headers).get('x-csrf-token'), 'tok');
    assert.equal(post?.init.body, JSON.stringify({ idNumber: 'x' }));
  });

  it('turns the error body into an ApiError with its field issues', async () => {
    answer(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '提交的内容有误，请按提示修改',
        details: { issues: [{ path: ['idNumber'], message: '身份证号校验位不正确，请核对' }] },
        requestId: 'r1',
      },
    });
    await assert.rejects(api.post('/api/persons', {}), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 'VALIDATION_FAILED');
      assert.equal(e.requestId, 'r1');
      assert.deepEqual(e.issues, [{ path: 'idNumber', message: '身份证号校验位不正确，请核对' }]);
      return true;
    });
  });

  it('reports a lost session on 401, except where the caller handles it', async () => {
    let lost = 0;
    const off = onSessionLost(() => {
      lost++;
    });
    answer(401, { error: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录', requestId: 'r' } });
    await assert.rejects(api.get('/api/persons/1'));
    await assert.rejects(api.post('/api/auth/login', {}, { quietUnauthenticated: true }));
    off();
    assert.equal(lost, 1);
  });

  it('gives a Chinese message when the body is not the error shape', async () => {
    answer(502, undefined);
    await assert.rejects(api.get('/api/health'), /服务暂不可用/);
  });

  it('builds query strings from defined values only', () => {
    assert.equal(query({ a: 1, b: undefined, c: '', d: 'x y' }), '?a=1&d=x+y');
    assert.equal(query({}), '');
  });
});
