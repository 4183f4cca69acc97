import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { employerLabel, employerQuery } from './employer-select.tsx';
import { employmentApi } from './employment.api.ts';

const realFetch = globalThis.fetch;

describe('employer search picker', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends a full 统一社会信用代码 in upper case and a name part trimmed', () => {
    assert.equal(employerQuery(' 91410122mA44xxxx0k '), '91410122MA44XXXX0K');
    assert.equal(employerQuery('  富士康 '), '富士康');
    assert.equal(employerQuery('9141'), '9141', 'a partial code is searched as text');
  });

  it('labels an employer with its code when it has one', () => {
    assert.equal(
      employerLabel({ name: '中牟物流', uscc: '91410122MA44XXXX0K' }),
      '中牟物流（91410122MA44XXXX0K）',
    );
    assert.equal(employerLabel({ name: '中牟物流', uscc: null }), '中牟物流');
  });

  it('searches the registry organisations API (employers, the query, a small limit)', async () => {
    const urls: string[] = [];
    globalThis.fetch = (async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ organisations: [], truncated: false }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    await employmentApi.searchEmployers('物流', 20);
    await employmentApi.searchEmployers('', 20);
    const first = new URL(urls[0] ?? '', 'http://x');
    assert.equal(first.pathname, '/api/organisations');
    assert.equal(first.searchParams.get('kind'), 'employer');
    assert.equal(first.searchParams.get('q'), '物流');
    assert.equal(first.searchParams.get('limit'), '20');
    assert.equal(new URL(urls[1] ?? '', 'http://x').searchParams.has('q'), false);
  });
});
