import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestAccount, loginAs } from '../../test/accounts.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { commonPasswords } from './identity-common-passwords.ts';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './identity-password.ts';

describe('password policy (SECURITY 1)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t.app.close();
  });

  const username = 'zhangsan_pw';
  // 50 weak candidates: too short, one or two classes, common (even "complex-looking"), containing the username.
  const weak = [
    // shorter than 8
    'Aa1!',
    'Ab3$efg',
    'Qw!2',
    'X9#a',
    'Pa$1',
    'aB3@x',
    'Zz9_',
    '1aA!',
    'Hi5%Go',
    'Mn7*Kp',
    // one class
    'abcdefghij',
    'ABCDEFGHIJ',
    '1234567890',
    '!@#$%^&*()_+',
    'zhongmouxian',
    'qiaotipingtai',
    '98765432101',
    'WOAINIZHONGGUO',
    // two classes
    'abcdefgh12',
    'ABCDEFGH12',
    'abcdEFGHij',
    'abc!@#def$',
    'ABC!@#DEF$',
    '1234!@#$56',
    'zhangwei1990',
    'nonghang88888',
    'lovechina2024',
    'Beijingshanghai',
    // common passwords, including ones with 3 or 4 classes
    'P@ssw0rd',
    'Passw0rd!',
    'Admin@123',
    'Admin123!',
    'Abc@123456',
    'Qwer@1234',
    '1qaz@WSX',
    'Woaini@1314',
    'Aa123456',
    'Password1',
    'Password@123',
    'Welcome@123',
    'Qiaoti@123',
    'Zhongmou@123',
    'Root@1234',
    'Test@1234',
    // containing the username
    'Zhangsan_pw1!',
    'ZHANGSAN_PW#99a',
    'x!Zhangsan_pw7',
    'My#zhangsan_pw2',
    'Aa1!zhangsan_pw',
    '9Zhangsan_PW@x',
  ];
  const strong = [
    'Qiaoti@2026',
    'Hn-Zm#2026-jobs',
    'Correct horse 7 Battery!',
    '县人社局Tq7-就业',
    'x9#Lm2$Pq',
    'Rv8!nR4k',
    'Blue-Kite-73',
    `${'Aa1!'.repeat(16)}`, // 64 characters are allowed (ASVS 6.2.9)
    'tRAIN.station.88',
    'MOUNTAIN_lake_4',
  ];

  it('SECURITY-1: 50/50 weak passwords rejected and 10/10 valid ones accepted by the policy', () => {
    assert.equal(weak.length, 50);
    assert.equal(strong.length, 10);
    const acceptedWeak = weak.filter((p) => passwordProblem(p, username) === null);
    assert.deepEqual(acceptedWeak, []);
    const rejectedStrong = strong.map((p) => [p, passwordProblem(p, username)]).filter(([, r]) => r !== null);
    assert.deepEqual(rejectedStrong, []);
    assert.ok(commonPasswords.size >= 300, 'ships a list of a few hundred common passwords');
    assert.match(passwordProblem('Aa1!', username) ?? '', /至少 8 位/);
    assert.match(passwordProblem('P@ssw0rd', username) ?? '', /常见/);
    assert.match(passwordProblem('Zhangsan_pw1!', username) ?? '', /用户名/);
    assert.match(passwordProblem('abcdefgh12', username) ?? '', /三类/);
    for (let i = 0; i < 20; i++) assert.equal(passwordProblem(generatePassword(), username), null);
  });

  it('SECURITY-1: through POST /api/me/password every weak one gets 400 and every valid one 200', async () => {
    const account = await createTestAccount(t.ctx, {
      roles: [],
      username: `${username}_${Date.now().toString(36)}`,
    });
    const session = await loginAs(t, account);
    let current = account.password;
    let rejected = 0;
    for (const candidate of weak) {
      // Make "contains the username" candidates about this account's actual username.
      const p = candidate.replace(/zhangsan_pw/i, account.username);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/me/password',
        headers: session.headers,
        payload: { currentPassword: current, newPassword: p },
      });
      if (res.statusCode === 400) rejected++;
      const body = res.json() as { error?: { details?: { issues?: { path: string }[] } } };
      assert.equal(body.error?.details?.issues?.[0]?.path, 'newPassword', p);
    }
    assert.equal(rejected, 50);
    let accepted = 0;
    for (const p of strong) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/me/password',
        headers: session.headers,
        payload: { currentPassword: current, newPassword: p },
      });
      if (res.statusCode === 200) {
        accepted++;
        current = p;
      }
    }
    assert.equal(accepted, 10);
    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: session.headers,
      payload: { currentPassword: 'Not-the-current-1', newPassword: 'Fresh#Pass2027' },
    });
    assert.equal(wrongCurrent.statusCode, 400);
  });

  it('hashes with argon2id (never the password itself) and verifies', async () => {
    const h = await hashPassword('Qiaoti@2026');
    assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(h, 'Qiaoti@2026'), true);
    assert.equal(await verifyPassword(h, 'Qiaoti@2027'), false);
    assert.equal(await verifyPassword(null, 'dummy-password-never-matches-Aa1!'), false);
  });
});
