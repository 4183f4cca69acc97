import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createPiiCrypto, PiiIntegrityError, startPiiPreparer } from './pii-crypto.ts';

// The format written down in pii-crypto.ts, implemented plainly with node:crypto: the fast path must agree with it.
const key = randomBytes(32).toString('hex');
const derive = (label: string) =>
  createHmac('sm3', Buffer.from(key, 'hex')).update(`qiaoti/${label}`).digest();
const encKey = derive('sm4').subarray(0, 16);
const reference = {
  encrypt(plaintext: string) {
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-cbc', encKey, iv);
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    const mac = createHmac('sm3', derive('mac')).update('v1').update(iv).update(ct).digest();
    return `v1:${Buffer.concat([iv, ct, mac]).toString('base64')}`;
  },
  decrypt(sealed: string) {
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const iv = raw.subarray(0, 16);
    const ct = raw.subarray(16, raw.length - 32);
    const mac = createHmac('sm3', derive('mac')).update('v1').update(iv).update(ct).digest();
    assert.deepEqual(raw.subarray(raw.length - 32), mac);
    const d = createDecipheriv('sm4-cbc', encKey, iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  },
  blindIndex: (field: string, value: string) =>
    createHmac('sm3', derive('index')).update(`${field}:${value}`).digest('hex'),
};

describe('PII crypto (SM4-CBC + HMAC-SM3)', () => {
  const pii = createPiiCrypto(key);

  it('writes exactly the documented format, one value or many', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 60 }), { maxLength: 20 }), (values) => {
        const many = pii.encryptMany(values);
        values.forEach((v, i) => {
          assert.equal(reference.decrypt(many[i] ?? ''), v);
          assert.equal(reference.decrypt(pii.encrypt(v)), v);
          assert.equal(pii.decrypt(reference.encrypt(v)), v);
          assert.equal(pii.blindIndex('id_number', v), reference.blindIndex('id_number', v));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('uses a fresh IV per value and refuses a flipped byte', () => {
    const [a, b] = pii.encryptMany(['41012219900501123X', '41012219900501123X']);
    assert.notEqual(a, b);
    const raw = Buffer.from((a ?? '').slice(3), 'base64');
    raw[20] = (raw[20] ?? 0) ^ 1;
    assert.throws(() => pii.decrypt(`v1:${raw.toString('base64')}`), PiiIntegrityError);
  });
});

describe('PII preparation on a worker thread', () => {
  it('gives the blind indexes and sealed values the main thread gives, row by row', async () => {
    const pii = createPiiCrypto(key);
    const preparer = startPiiPreparer(pii);
    assert.ok(preparer, 'a worker entry exists next to pii-crypto.ts');
    try {
      const ids = ['41012219880315001X', '410122199001010014', '410122200512310026'];
      const phones = ['13900000000', null, '13700001111'];
      const p = await preparer.prepare(ids, phones);
      assert.deepEqual(
        p.idIndexes,
        ids.map((id) => pii.blindIndex('id_number', id)),
      );
      assert.deepEqual(
        p.phoneIndexes,
        phones.map((x) => (x ? pii.blindIndex('phone', x) : null)),
      );
      assert.deepEqual(
        p.idCiphers.map((c) => pii.decrypt(c)),
        ids,
      );
      assert.deepEqual(
        p.phoneCiphers.map((c) => (c ? pii.decrypt(c) : null)),
        phones,
      );
      // Fresh IVs: the same number sealed twice differs.
      const again = await preparer.prepare([ids[0] ?? ''], [null]);
      assert.notEqual(again.idCiphers[0], p.idCiphers[0]);
    } finally {
      await preparer.close();
    }
  });

  it('is not offered for a crypto object it did not create, and refuses work once closed', async () => {
    const pii = createPiiCrypto(key);
    assert.equal(startPiiPreparer({ ...pii }), null);
    const preparer = startPiiPreparer(pii);
    assert.ok(preparer);
    await preparer.close();
    await assert.rejects(preparer.prepare(['x'], [null]), /加密工作线程已退出/);
  });
});
