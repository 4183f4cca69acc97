import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  TBorrow,
  TCertificate,
  TDigitalCatalogue,
  TDigitalTransfer,
  TLivelihoodResult,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import { testPii } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import type { Kysely } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { AppContext } from '../../context.ts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { fakeClock, type TestApp } from '../../test/harness.ts';
import { samples } from '../attachments/attachments.test-kit.ts';
import { AttachmentStore } from '../attachments/attachments-store.ts';
import { citizenActor, createAgency, intakeBody, newKey, type TestAgency } from './archives.test-kit.ts';
import { intakeArchive } from './intake.service.ts';
import { pdfText } from './pdf-text.test-kit.ts';
import { applyOnline, approveTransfer, sendTransfer } from './transfers.service.ts';

function multipart(fileName: string, content: Buffer, type = 'application/octet-stream') {
  const boundary = `----qiaoti${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const payload = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('archives digitisation, documents, borrowing, 存档证明 and 民生档案 (routes)', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  let root: string;
  let holder: TestAgency;
  let receiver: TestAgency;
  let holderStaff: TestSession;
  let receiverStaff: TestSession;
  let archiveId: string;
  let personName: string;
  let materialIds: string[];

  async function post(s: TestSession, url: string, payload?: object) {
    return t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) });
  }
  async function get(s: TestSession, url: string) {
    return t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  }
  async function upload(s: TestSession, url: string, fileName: string, content: Buffer) {
    const { payload, contentType } = multipart(fileName, content);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { ...s.headers, 'content-type': contentType },
      payload,
    });
  }
  async function staffOf(agency: TestAgency) {
    const account = await createTestAccount(t.ctx, {
      roles: ['archive_officer'],
      organisationId: agency.organisationId ?? '',
    });
    return loginAs(t, account);
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'qiaoti-digital-'));
    const database = await getTestDatabase();
    const clock = fakeClock(new Date('2026-11-28T02:00:00Z'));
    const config = loadConfig({
      NODE_ENV: 'test',
      QIAOTI_DEMO: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: root,
      QIAOTI_ATTACHMENT_MAX_MB: '1',
    });
    const ctx: AppContext = { config, database, pii: testPii, clock };
    const app = await buildApp(ctx);
    await app.ready();
    t = { app, ctx, clock };
    db = database.db;
    holder = await createAgency(db, 'public_service', '中牟县人才交流中心（测试）');
    receiver = await createAgency(db, 'public_service', '中牟县公共就业服务中心（测试）');
    holderStaff = await staffOf(holder);
    receiverStaff = await staffOf(receiver);
    const person = await createPerson(t.ctx);
    personName = person.input.name;
    const r = await intakeArchive(db, holder.staff, newKey(), intakeBody(person.id), clock());
    assert.ok(r.archiveId);
    archiveId = r.archiveId;
    const rows = await db
      .selectFrom('archiveMaterial')
      .select(['id', 'class'])
      .where('archiveId', '=', archiveId)
      .orderBy('class')
      .orderBy('title')
      .execute();
    materialIds = rows.map((m) => m.id);
  });
  after(async () => {
    await t.app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('uploads: a renamed executable (415), an oversized file (413) and a ../ filename (400) are rejected', async () => {
    const url = `/api/archives/materials/${materialIds[0]}/scans`;
    const exe = await upload(holderStaff, url, '履历表.pdf', samples.exe);
    assert.equal(exe.statusCode, 415, exe.body);
    assert.equal(exe.json().error.code, 'UNSUPPORTED_FILE');
    const big = await upload(
      holderStaff,
      url,
      'big.pdf',
      Buffer.concat([samples.pdf, Buffer.alloc(1024 * 1024 + 10)]),
    );
    assert.equal(big.statusCode, 413, big.body);
    const sneaky = await upload(holderStaff, url, '../../etc/passwd.pdf', samples.pdf);
    assert.equal(sneaky.statusCode, 400, sneaky.body);
    const count = await db
      .selectFrom('attachment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('ownerId', 'in', materialIds)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing attached');
  });

  it('scans: the same content uploaded twice is stored once; the catalogue shows classes, pages, digitised items', async () => {
    const pdf = Buffer.from(`%PDF-1.4\n% ${randomBytes(8).toString('hex')}\n%%EOF\n`, 'latin1');
    const a = await upload(
      holderStaff,
      `/api/archives/materials/${materialIds[0]}/scans`,
      '干部履历表.pdf',
      pdf,
    );
    assert.equal(a.statusCode, 201, a.body);
    const b = await upload(holderStaff, `/api/archives/materials/${materialIds[1]}/scans`, '登记表.pdf', pdf);
    assert.equal(b.statusCode, 201, b.body);
    assert.equal(a.json().digest, b.json().digest);
    const files = await db
      .selectFrom('files')
      .select('digest')
      .where('digest', '=', a.json().digest)
      .execute();
    assert.equal(files.length, 1, 'one stored file');
    const png = await upload(
      holderStaff,
      `/api/archives/materials/${materialIds[2]}/scans`,
      '学位证.png',
      samples.png,
    );
    assert.equal(png.statusCode, 201, png.body);
    assert.equal(png.json().mediaType, 'image/png');

    // born-digital document: a new item in class 7
    const born = await upload(
      holderStaff,
      `/api/archives/${archiveId}/born-digital?class=7&title=${encodeURIComponent('优秀员工表彰决定（电子）')}&pages=2`,
      '表彰决定.pdf',
      Buffer.from(`%PDF-1.7\n% born ${randomBytes(4).toString('hex')}\n%%EOF\n`, 'latin1'),
    );
    assert.equal(born.statusCode, 201, born.body);

    const res = await get(holderStaff, `/api/archives/${archiveId}/digital`);
    assert.equal(res.statusCode, 200, res.body);
    const cat = res.json() as TDigitalCatalogue;
    assert.equal(cat.canManage, true);
    assert.equal(cat.classes.length, 10);
    const c4 = cat.classes.find((c) => c.class === 4);
    assert.deepEqual(
      { items: c4?.items, pages: c4?.pages, digitisedItems: c4?.digitisedItems },
      { items: 2, pages: 3, digitisedItems: 2 },
    );
    const c7 = cat.classes.find((c) => c.class === 7);
    assert.equal(c7?.digitisedItems, 1);
    assert.equal(cat.items.find((i) => i.class === 7)?.bornDigital, true);
    assert.deepEqual(cat.totals, { items: 4, pages: 9, digitisedItems: 4, digitisedPages: 9 });

    // download: right type and an RFC 5987 name; audited
    const fileId = a.json().id as string;
    const dl = await get(holderStaff, `/api/archives/files/${fileId}`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.match(String(dl.headers['content-disposition']), /filename\*=UTF-8''%E5%B9%B2%E9%83%A8/);
    assert.deepEqual(dl.rawPayload, pdf);
    const audit = await db
      .selectFrom('auditLog')
      .select(['event', 'details'])
      .where('objectId', '=', archiveId)
      .where('event', 'in', ['archive.scan', 'archive.view'])
      .execute();
    assert.ok(audit.some((r) => r.event === 'archive.scan'));
    assert.ok(
      audit.some(
        (r) => r.event === 'archive.view' && (r.details as { action?: string }).action === 'open_file',
      ),
    );

    // another agency sees nothing (404), and the attempt is audited
    const other = await get(receiverStaff, `/api/archives/files/${fileId}`);
    assert.equal(other.statusCode, 404);
  });

  it('online transfer of the digitised archive: sent with digests, verified on receipt, receipt number', async () => {
    const key = { 'idempotency-key': `digital-send-${randomBytes(6).toString('hex')}` };
    const sendWith = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/archives/${archiveId}/digital-transfers`,
        headers: { ...holderStaff.headers, ...headers },
        payload: { toAgencyId: receiver.id },
      });
    const sent = await sendWith(key);
    assert.equal(sent.statusCode, 201, sent.body);
    const pkg = sent.json() as TDigitalTransfer;
    assert.equal(pkg.state, 'sent');
    assert.equal(pkg.itemCount, 4);
    assert.equal(pkg.fileCount, 4);
    assert.match(pkg.manifestDigest, /^[0-9a-f]{64}$/);
    // a retry with the same key has one effect: the same package
    const retried = await sendWith(key);
    assert.equal(retried.statusCode, 201, retried.body);
    assert.equal(retried.json().id, pkg.id);
    const packages = await db
      .selectFrom('archiveDigitalTransfer')
      .select('id')
      .where('archiveId', '=', archiveId)
      .execute();
    assert.equal(packages.length, 1);
    // a new request while one is pending is refused
    assert.equal((await sendWith({})).statusCode, 409);

    // the receiver sees it in its list and may open the catalogue before custody moves (read only)
    const list = (await get(receiverStaff, '/api/archives/digital-transfers')).json() as {
      transfers: TDigitalTransfer[];
    };
    assert.ok(list.transfers.some((x) => x.id === pkg.id));
    const cat = (await get(receiverStaff, `/api/archives/${archiveId}/digital`)).json() as TDigitalCatalogue;
    assert.equal(cat.canManage, false);
    // the sender cannot receive its own package
    assert.equal(
      (await post(holderStaff, `/api/archives/digital-transfers/${pkg.id}/receive`)).statusCode,
      404,
    );

    const got = await post(receiverStaff, `/api/archives/digital-transfers/${pkg.id}/receive`);
    assert.equal(got.statusCode, 200, got.body);
    const done = got.json() as TDigitalTransfer;
    assert.equal(done.state, 'received');
    assert.match(done.receiptNumber ?? '', /^ZM-SZ-\d{4}-\d{6}$/);
    assert.equal(done.verification?.ok, true);
    assert.equal(done.verification?.files.length, 4);
    const receipt = await get(holderStaff, `/api/archives/digital-transfers/${pkg.id}/receipt.pdf`);
    assert.equal(receipt.statusCode, 200, receipt.body);
    const rt = squash((await pdfText(receipt.rawPayload)).text);
    for (const want of [
      '数字档案接收回执',
      done.receiptNumber ?? '',
      personName,
      '中牟县公共就业服务中心（测试）（盖章）',
      pkg.manifestDigest,
    ])
      assert.ok(rt.includes(squash(want)), `receipt contains ${want}`);
    assert.equal(
      (await post(receiverStaff, `/api/archives/digital-transfers/${pkg.id}/receive`)).statusCode,
      409,
    );
  });

  it('a package whose file was damaged in storage is rejected on receipt, naming the file', async () => {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(db, holder.staff, newKey(), intakeBody(person.id), t.clock());
    assert.ok(r.archiveId);
    const m = await db
      .selectFrom('archiveMaterial')
      .select('id')
      .where('archiveId', '=', r.archiveId)
      .executeTakeFirstOrThrow();
    const content = Buffer.from(`%PDF-1.4\n% ${randomBytes(8).toString('hex')}\n%%EOF\n`, 'latin1');
    const up = await upload(holderStaff, `/api/archives/materials/${m.id}/scans`, '损坏测试.pdf', content);
    assert.equal(up.statusCode, 201, up.body);
    const sent = await post(holderStaff, `/api/archives/${r.archiveId}/digital-transfers`, {
      toAgencyId: receiver.id,
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const store = new AttachmentStore(t.ctx.config.attachments.root);
    await writeFile(store.pathOf(up.json().digest), Buffer.from('%PDF-1.4 tampered'));
    const got = await post(receiverStaff, `/api/archives/digital-transfers/${sent.json().id}/receive`);
    assert.equal(got.statusCode, 200, got.body);
    const body = got.json() as TDigitalTransfer;
    assert.equal(body.state, 'rejected');
    assert.equal(body.receiptNumber, null);
    assert.deepEqual(
      body.verification?.files.map((f) => [f.fileName, f.ok, f.reason]),
      [['损坏测试.pdf', false, '内容与摘要不符']],
    );
  });

  it('调档函 and 档案转递通知单 PDFs carry the names, agencies and numbers of the transfer', async () => {
    const person = await createPerson(t.ctx);
    const r = await intakeArchive(db, holder.staff, newKey(), intakeBody(person.id), t.clock());
    assert.ok(r.archiveId);
    const started = await applyOnline(
      db,
      citizenActor(person.id),
      newKey(),
      { toAgencyId: receiver.id, reason: '在中牟县公共就业服务中心存档' },
      t.clock(),
    );
    const early = await get(holderStaff, `/api/archives/transfers/${started.id}/notice.pdf`);
    assert.equal(early.statusCode, 409, 'no notice before sending');
    const approved = await approveTransfer(db, receiver.staff, newKey(), started.id, t.clock());
    assert.ok(approved.letterNumber);
    const letter = await get(holderStaff, `/api/archives/transfers/${started.id}/letter.pdf?inline=1`);
    assert.equal(letter.statusCode, 200, letter.body);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    assert.match(String(letter.headers['content-disposition']), /^inline; /);
    const lt = squash((await pdfText(letter.rawPayload)).text);
    for (const want of [
      '调档函',
      approved.letterNumber ?? '',
      person.input.name,
      approved.from.name,
      approved.to.name,
    ])
      assert.ok(lt.includes(squash(want)), `letter contains ${want}`);

    await sendTransfer(
      db,
      holder.staff,
      newKey(),
      approved.id,
      { method: 'confidential_post', trackingNumber: 'JY4101220099' },
      t.clock(),
    );
    const notice = await get(receiverStaff, `/api/archives/transfers/${started.id}/notice.pdf`);
    assert.equal(notice.statusCode, 200, notice.body);
    const nt = squash((await pdfText(notice.rawPayload)).text);
    for (const want of [
      '档案转递通知单',
      '回执',
      'JY4101220099',
      person.input.name,
      approved.letterNumber ?? '',
      '机要通信',
    ])
      assert.ok(nt.includes(squash(want)), `notice contains ${want}`);
    assert.match(nt, /ZMZD-\d{4}-[0-9A-F]{8}/);
    assert.match(nt, /正本1卷\d+件/);
  });

  it('存档证明: issued by the custodian, numbered, free; its PDF names the person, agency and numbers', async () => {
    assert.equal(
      (await post(receiverStaff, `/api/archives/${archiveId}/certificates`, { purpose: '办理职称申报' }))
        .statusCode,
      404,
      'only the custodian issues',
    );
    const res = await post(holderStaff, `/api/archives/${archiveId}/certificates`, {
      purpose: '办理职称申报',
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json() as TCertificate;
    assert.match(c.certificateNumber, /^ZM-CZ-2026-\d{6}$/);
    const pdf = await get(holderStaff, `/api/archives/certificates/${c.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    const text = squash((await pdfText(pdf.rawPayload)).text);
    for (const want of [
      '存档证明',
      c.certificateNumber,
      personName,
      '中牟县人才交流中心（测试）',
      '办理职称申报',
      '免费',
    ])
      assert.ok(text.includes(squash(want)), `certificate contains ${want}`);
    assert.ok(!/\d{17}[\dX]/.test(text), 'no full ID number in the PDF');

    // the person it is about sees and opens it; another citizen does not
    const owner = await db
      .selectFrom('archive')
      .select('personId')
      .where('id', '=', archiveId)
      .executeTakeFirstOrThrow();
    const me = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['citizen'], personId: owner.personId }),
    );
    const mine = (await get(me, '/api/me/archive/certificates')).json() as { certificates: TCertificate[] };
    assert.deepEqual(
      mine.certificates.map((x) => x.certificateNumber),
      [c.certificateNumber],
    );
    assert.equal((await get(me, `/api/archives/certificates/${c.id}/pdf`)).statusCode, 200);
    const stranger = await createPerson(t.ctx);
    const other = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['citizen'], personId: stranger.id }),
    );
    assert.equal((await get(other, `/api/archives/certificates/${c.id}/pdf`)).statusCode, 404);
  });

  it('民生档案: staff search with a purpose is audited and scoped; the citizen sees all of their own', async () => {
    const civil = await db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'civil')
      .executeTakeFirstOrThrow();
    const agri = await db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'agri')
      .executeTakeFirstOrThrow();
    const person = await createPerson(t.ctx);
    await db
      .insertInto('livelihoodRecord')
      .values([
        {
          personId: person.id,
          kind: 'marriage',
          holdingOrganisationId: civil.id,
          referenceNumber: `J410122-${randomBytes(3).toString('hex')}`,
          recordDate: '2015-10-01',
          summary: '结婚登记',
        },
        {
          personId: person.id,
          kind: 'land_contract',
          holdingOrganisationId: agri.id,
          referenceNumber: `410122-TD-${randomBytes(3).toString('hex')}`,
          recordDate: '2018-03-01',
          summary: '农村土地承包经营权证',
        },
      ])
      .execute();

    // the one-stop desk (archives duty) sees every department's entries
    const desk = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['archive_officer'], organisationCode: 'hrss' }),
    );
    const noPurpose = await post(desk, '/api/livelihood/search', { idNumber: person.idNumber, purpose: '' });
    assert.equal(noPurpose.statusCode, 400);
    const res = await post(desk, '/api/livelihood/search', {
      idNumber: person.idNumber,
      purpose: '办理社会救助审核',
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as TLivelihoodResult;
    assert.equal(body.scope, 'all');
    assert.deepEqual(body.records.map((r) => r.kind).sort(), ['land_contract', 'marriage']);
    assert.ok(body.records.some((r) => r.holdingDepartment.name === '中牟县民政局'));
    assert.ok(!JSON.stringify(body).includes(person.idNumber), 'ID masked in the answer');
    const audit = await db
      .selectFrom('auditLog')
      .select(['details', 'objectId'])
      .where('event', '=', 'livelihood.query')
      .where('objectId', '=', person.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal((audit[0]?.details as { purpose?: string } | undefined)?.purpose, '办理社会救助审核');
    assert.ok(
      !JSON.stringify(audit).includes(person.idNumber),
      'the ID number searched for is not in the audit log',
    );

    // a department without the one-stop duty sees only what it holds itself
    const civilStaff = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['archive_officer'], organisationCode: 'civil' }),
    );
    const scoped = (
      await post(civilStaff, '/api/livelihood/search', { personId: person.id, purpose: '婚姻登记核查' })
    ).json() as TLivelihoodResult;
    assert.deepEqual(
      scoped.records.map((r) => r.kind),
      ['marriage'],
    );

    // without the permission: 403
    const employment = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' }),
    );
    const denied = await post(employment, '/api/livelihood/search', {
      personId: person.id,
      purpose: '随便看看看',
    });
    assert.equal(denied.statusCode, 403);

    // the citizen, in one place
    const me = await loginAs(t, await createTestAccount(t.ctx, { roles: ['citizen'], personId: person.id }));
    const mine = await get(me, '/api/me/livelihood');
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal((mine.json() as TLivelihoodResult).records.length, 2);
  });
  it('borrowing: a unit asks with a purpose, the custodian approves with a time limit, overdue shows, return recorded', async () => {
    const res = await post(receiverStaff, '/api/archives/borrows', {
      archiveId,
      kind: 'borrow',
      purpose: '政审：拟录用人员档案审核',
      days: 5,
    });
    assert.equal(res.statusCode, 201, res.body);
    const b = res.json() as TBorrow;
    assert.equal(b.state, 'requested');
    assert.equal(b.agency.id, holder.id);
    assert.equal('fee' in b, false);
    // only the custodian approves
    assert.equal(
      (await post(receiverStaff, `/api/archives/borrows/${b.id}/decision`, { approve: true })).statusCode,
      404,
    );
    const queue = (await get(holderStaff, '/api/archives/borrows?queue=requested')).json() as {
      borrows: TBorrow[];
    };
    assert.ok(queue.borrows.some((x) => x.id === b.id));
    const ok = await post(holderStaff, `/api/archives/borrows/${b.id}/decision`, { approve: true, days: 3 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().dueDate, '2026-12-01');
    // five days later (sessions expire meanwhile: log in again)
    t.clock.advance(5 * 86_400_000);
    holderStaff = await staffOf(holder);
    const overdue = (await get(holderStaff, '/api/archives/borrows?queue=overdue')).json() as {
      borrows: TBorrow[];
      counts: Record<string, number>;
    };
    const late = overdue.borrows.find((x) => x.id === b.id);
    assert.equal(late?.overdue, true);
    assert.equal(late?.daysOverdue, 2);
    const back = await post(holderStaff, `/api/archives/borrows/${b.id}/return`, { note: '完整归还' });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json().state, 'returned');
    assert.equal(back.json().overdue, false);
  });
});
