import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createPiiCrypto, PiiIntegrityError, sm3Hex } from '@qiaoti/db';
import smCrypto from 'sm-crypto';

const { sm2, sm3, sm4 } = smCrypto;

describe('国密 known-answer tests (SECURITY 17)', () => {
  it('SECURITY-17: SM3("abc") matches GB/T 32905 in Node and in sm-crypto', () => {
    const expected = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
    assert.equal(sm3Hex('abc'), expected);
    assert.equal(sm3('abc'), expected);
    // The 64-byte example of the standard.
    assert.equal(
      sm3Hex('abcd'.repeat(16)),
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
    // HMAC-SM3 agrees across both implementations (the blind index and the PII MAC use it).
    const key = randomBytes(32);
    const data = '中牟县桥梯';
    assert.equal(
      createHmac('sm3', key).update(data).digest('hex'),
      sm3(data, { key: key.toString('hex'), mode: 'hmac' }),
    );
  });

  it('SECURITY-17: SM4 GB/T 32907 vector with sm4-ecb (Node and sm-crypto), and SM4-CBC interoperates', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const plain = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]).toString('hex');
    assert.equal(ct, '681edf34d206965e86b3e94f536e4246');
    assert.equal(sm4.encrypt([...plain], key.toString('hex'), { padding: 'none' }), ct);
    const decipher = createDecipheriv('sm4-ecb', key, null).setAutoPadding(false);
    assert.equal(
      Buffer.concat([decipher.update(Buffer.from(ct, 'hex')), decipher.final()]).toString('hex'),
      plain.toString('hex'),
    );

    const iv = randomBytes(16);
    const text = '410122199001011234';
    const node = createCipheriv('sm4-cbc', key, iv);
    const nodeCt = Buffer.concat([node.update(text, 'utf8'), node.final()]).toString('hex');
    assert.equal(sm4.encrypt(text, key.toString('hex'), { mode: 'cbc', iv: iv.toString('hex') }), nodeCt);
    assert.equal(sm4.decrypt(nodeCt, key.toString('hex'), { mode: 'cbc', iv: iv.toString('hex') }), text);
  });

  it('SECURITY-17: SM2 sign and verify with the default user id (1234567812345678) via sm-crypto, both ways', () => {
    const a = sm2.generateKeyPairHex();
    const b = sm2.generateKeyPairHex();
    const msg = '审计检查点 #1024 9f86d081884c7d65';
    for (const der of [false, true]) {
      const sigA = sm2.doSignature(msg, a.privateKey, { hash: true, der });
      const sigB = sm2.doSignature(msg, b.privateKey, { hash: true, der });
      assert.equal(sm2.doVerifySignature(msg, sigA, a.publicKey, { hash: true, der }), true);
      assert.equal(sm2.doVerifySignature(msg, sigB, b.publicKey, { hash: true, der }), true);
      // Explicit default id verifies what the implicit default signed, and the other way round.
      assert.equal(
        sm2.doVerifySignature(msg, sigA, a.publicKey, { hash: true, der, userId: '1234567812345678' }),
        true,
      );
      const sigExplicit = sm2.doSignature(msg, a.privateKey, { hash: true, der, userId: '1234567812345678' });
      assert.equal(sm2.doVerifySignature(msg, sigExplicit, a.publicKey, { hash: true, der }), true);
      // Wrong key, changed message or another user id: refused.
      assert.equal(sm2.doVerifySignature(msg, sigA, b.publicKey, { hash: true, der }), false);
      assert.equal(sm2.doVerifySignature(`${msg}!`, sigA, a.publicKey, { hash: true, der }), false);
      assert.equal(sm2.doVerifySignature(msg, sigA, a.publicKey, { hash: true, der, userId: '' }), false);
    }
    // SM2 encryption round trip (C1C3C2).
    const ct = sm2.doEncrypt(msg, a.publicKey, 1);
    assert.equal(sm2.doDecrypt(ct, a.privateKey, 1), msg);
  });

  it('SECURITY-17: the platform PII sealing is SM4-CBC + HMAC-SM3 and detects a flipped byte', () => {
    const pii = createPiiCrypto(randomBytes(32).toString('hex'));
    const sealed = pii.encrypt('13812345678');
    assert.equal(pii.decrypt(sealed), '13812345678');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[20] = (raw[20] ?? 0) ^ 1;
    assert.throws(() => pii.decrypt(`v1:${raw.toString('base64')}`), PiiIntegrityError);
  });
});
