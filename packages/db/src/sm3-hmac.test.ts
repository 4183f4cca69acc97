import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createSm3Hmac, sm3 } from './sm3-hmac.ts';

describe('HMAC-SM3 in JavaScript', () => {
  it('hashes the GB/T 32905 example "abc"', () => {
    assert.equal(
      sm3(Buffer.from('abc')).toString('hex'),
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });

  it('matches node:crypto on random keys and messages of every length class', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 200 }), (key, msg) => {
        assert.equal(sm3(msg).toString('hex'), createHash('sm3').update(msg).digest('hex'));
        assert.equal(
          createSm3Hmac(key)(msg).toString('hex'),
          createHmac('sm3', key).update(msg).digest('hex'),
        );
      }),
      { numRuns: 300 },
    );
    const mac = createSm3Hmac(Buffer.from('k'));
    assert.deepEqual(
      mac('id_number:', Buffer.from('x')),
      createHmac('sm3', 'k').update('id_number:x').digest(),
    );
  });
});
