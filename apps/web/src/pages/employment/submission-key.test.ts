import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ApiError } from '../../app/api.ts';
import { SubmissionKey } from '../../app/submission-key.ts';
import { employmentApi } from './employment.api.ts';
import { subsidiesApi } from './subsidies/subsidies.api.ts';

const realFetch = globalThis.fetch;

describe('SubmissionKey: one Idempotency-Key per form submission', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('keeps the key across retries after a network error or 5xx, new after success', async () => {
    let n = 0;
    const k = new SubmissionKey(() => `k${++n}`);
    const seen: string[] = [];
    await assert.rejects(
      k.run(async (key) => {
        seen.push(key);
        throw new ApiError(0, 'NETWORK', '无法连接服务器');
      }),
    );
    await assert.rejects(
      k.run(async (key) => {
        seen.push(key);
        throw new ApiError(503, 'INTERNAL', '服务暂不可用');
      }),
    );
    await k.run(async (key) => {
      seen.push(key);
    });
    await k.run(async (key) => {
      seen.push(key);
    });
    assert.deepEqual(seen, ['k1', 'k1', 'k1', 'k2']);
  });

  it('starts a new submission after a definite refusal (4xx)', async () => {
    let n = 0;
    const k = new SubmissionKey(() => `k${++n}`);
    await assert.rejects(
      k.run(async () => {
        throw new ApiError(400, 'VALIDATION_FAILED', '请检查填写的内容');
      }),
    );
    assert.equal(k.current(), 'k2');
  });

  it('subsidy review/pay, apply and posting create send the key as the Idempotency-Key header', async () => {
    const headers: Record<string, string>[] = [];
    globalThis.fetch = (async (_url: string, init: RequestInit) => {
      headers.push(init.headers as Record<string, string>);
      return new Response(JSON.stringify({}), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    await subsidiesApi.review('a1', { decision: 'approve', note: '' }, 'key-review');
    await subsidiesApi.pay('a1', { months: 1 } as Parameters<typeof subsidiesApi.pay>[1], 'key-pay');
    assert.equal(headers[0]?.['idempotency-key'], 'key-review');
    assert.equal(headers[1]?.['idempotency-key'], 'key-pay');
    await employmentApi.apply('p1', 'key-apply');
    await employmentApi.createPosting({} as Parameters<typeof employmentApi.createPosting>[0], 'key-posting');
    assert.equal(headers[2]?.['idempotency-key'], 'key-apply');
    assert.equal(headers[3]?.['idempotency-key'], 'key-posting');
  });
});
