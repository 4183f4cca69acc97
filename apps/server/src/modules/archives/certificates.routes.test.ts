import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TCertificateRequest, TCertificateRequestList, TNotificationList } from '@qiaoti/contracts';
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
import { createAgency, intakeBody, newKey, type TestAgency } from './archives.test-kit.ts';
import { intakeArchive } from './intake.service.ts';
import { pdfText } from './pdf-text.test-kit.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

describe('存档证明 requested online: citizen requests, custodian issues, citizen is notified and downloads', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  let root: string;
  let holder: TestAgency;
  let holderStaff: TestSession;
  let otherStaff: TestSession;
  let citizen: TestSession;
  let personId: string;
  let personName: string;
  let archiveId: string;

  async function post(s: TestSession, url: string, payload: object, key: string | null = newKey()) {
    return t.app.inject({
      method: 'POST',
      url,
      headers: { ...s.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload,
    });
  }
  async function get(s: TestSession, url: string) {
    return t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  }
  async function staffOf(agency: TestAgency) {
    return loginAs(
      t,
      await createTestAccount(t.ctx, {
        roles: ['archive_officer'],
        organisationId: agency.organisationId ?? '',
      }),
    );
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'qiaoti-cert-req-'));
    const database = await getTestDatabase();
    const clock = fakeClock(new Date('2026-11-28T02:00:00Z'));
    const config = loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: root });
    const ctx: AppContext = { config, database, pii: testPii, clock };
    const app = await buildApp(ctx);
    await app.ready();
    t = { app, ctx, clock };
    db = database.db;
    holder = await createAgency(db, 'public_service', '中牟县人才交流中心（证明测试）');
    const other = await createAgency(db, 'public_service', '中牟县公共就业服务中心（证明测试）');
    holderStaff = await staffOf(holder);
    otherStaff = await staffOf(other);
    const person = await createPerson(t.ctx);
    personId = person.id;
    personName = person.input.name;
    const r = await intakeArchive(db, holder.staff, newKey(), intakeBody(person.id), clock());
    assert.ok(r.archiveId);
    archiveId = r.archiveId;
    citizen = await loginAs(t, await createTestAccount(t.ctx, { roles: ['citizen'], personId }));
  });
  after(async () => {
    await t.app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('request → queue → issue → notification → PDF download; idempotent, one open request, free', async () => {
    const url = '/api/me/archive/certificate-requests';
    const body = { purpose: '办理职称申报', copies: 2, delivery: 'download' };
    const noKey = await post(citizen, url, body, null);
    assert.equal(noKey.statusCode, 400, 'an idempotency key is required');
    assert.equal((await post(citizen, url, { ...body, copies: 11 })).statusCode, 400);
    assert.equal((await post(citizen, url, { ...body, delivery: 'post' })).statusCode, 400);

    const key = newKey();
    const first = await post(citizen, url, body, key);
    assert.equal(first.statusCode, 201, first.body);
    const req = first.json() as TCertificateRequest;
    assert.equal(req.state, 'requested');
    assert.equal(req.stateLabel, '待办理');
    assert.equal(req.copies, 2);
    assert.equal(req.archiveId, archiveId);
    assert.equal(req.agency, '中牟县人才交流中心（证明测试）');
    assert.equal(req.certificate, null);
    assert.equal('fee' in req, false);
    const retry = await post(citizen, url, body, key);
    assert.equal(retry.statusCode, 201);
    assert.equal((retry.json() as TCertificateRequest).id, req.id, 'a retried request has one effect');
    const second = await post(citizen, url, { ...body, purpose: '另一个用途' });
    assert.equal(second.statusCode, 409, 'one open request per archive');
    const rows = await db
      .selectFrom('archiveCertificateRequest')
      .select('id')
      .where('archiveId', '=', archiveId)
      .execute();
    assert.equal(rows.length, 1);

    // the custodian's queue has it; another agency neither sees nor issues it
    const queue = (
      await get(holderStaff, '/api/archives/certificate-requests')
    ).json() as TCertificateRequestList;
    const inQueue = queue.requests.find((r) => r.id === req.id);
    assert.ok(inQueue);
    assert.equal(inQueue.personName, personName);
    assert.match(inQueue.idNumberMasked, /\*/);
    assert.equal(queue.counts.requested, 1);
    const otherQueue = (
      await get(otherStaff, '/api/archives/certificate-requests')
    ).json() as TCertificateRequestList;
    assert.equal(otherQueue.requests.length, 0);
    assert.equal(
      (await post(otherStaff, `/api/archives/certificate-requests/${req.id}/issue`, {})).statusCode,
      404,
    );
    assert.equal(
      (await post(citizen, `/api/archives/certificate-requests/${req.id}/issue`, {})).statusCode,
      403,
      'the citizen cannot issue',
    );

    // issue (retried with the same key: one certificate)
    const issueKey = newKey();
    const issued = await post(
      holderStaff,
      `/api/archives/certificate-requests/${req.id}/issue`,
      {},
      issueKey,
    );
    assert.equal(issued.statusCode, 200, issued.body);
    const done = issued.json() as TCertificateRequest;
    assert.equal(done.state, 'issued');
    assert.match(done.certificate?.certificateNumber ?? '', /^ZM-CZ-2026-\d{6}$/);
    assert.equal(done.certificate?.purpose, '办理职称申报');
    const again = await post(holderStaff, `/api/archives/certificate-requests/${req.id}/issue`, {}, issueKey);
    assert.equal(again.statusCode, 200);
    assert.equal((again.json() as TCertificateRequest).certificate?.id, done.certificate?.id);
    assert.equal(
      (await post(holderStaff, `/api/archives/certificate-requests/${req.id}/issue`, {})).statusCode,
      409,
      'a new key cannot issue twice',
    );
    const certs = await db
      .selectFrom('archiveCertificate')
      .select('id')
      .where('archiveId', '=', archiveId)
      .execute();
    assert.equal(certs.length, 1);

    // the citizen is notified, sees the issued request and downloads the PDF
    const inbox = (await get(citizen, '/api/notifications')).json() as TNotificationList;
    const note = inbox.items.find((n) => n.kind === 'archive.certificate');
    assert.ok(note, 'notified');
    assert.equal(note.title, '您申请的存档证明已出具');
    assert.ok(note.body.includes(done.certificate?.certificateNumber ?? '?'));
    assert.equal(note.link, '/me/livelihood');
    const mine = (await get(citizen, url)).json() as { requests: TCertificateRequest[] };
    assert.equal(mine.requests[0]?.state, 'issued');
    const pdf = await get(citizen, `/api/archives/certificates/${done.certificate?.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const { text } = await pdfText(pdf.rawPayload);
    for (const want of [done.certificate?.certificateNumber ?? '?', personName, '办理职称申报'])
      assert.ok(squash(text).includes(squash(want)), `PDF contains ${want}`);

    // audited: the request and the issue
    const audit = await db
      .selectFrom('auditLog')
      .select('details')
      .where('event', '=', 'archive.certificate')
      .where('objectId', '=', archiveId)
      .execute();
    const actions = audit.map(
      (a) => (a.details as { action?: string; requestId?: string }).action ?? 'issue',
    );
    assert.deepEqual(actions.sort(), ['issue', 'request']);
  });

  it('the custodian may decline with a reason; the citizen is told and may ask again', async () => {
    const url = '/api/me/archive/certificate-requests';
    const req = (await post(citizen, url, { purpose: '入职审核' })).json() as TCertificateRequest;
    assert.equal(req.copies, 1, 'one copy by default');
    assert.equal(
      (await post(holderStaff, `/api/archives/certificate-requests/${req.id}/reject`, { reason: '' }))
        .statusCode,
      400,
    );
    const res = await post(holderStaff, `/api/archives/certificate-requests/${req.id}/reject`, {
      reason: '档案材料正在补充中，请一周后再申请',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as TCertificateRequest).state, 'rejected');
    const mine = (await get(citizen, url)).json() as { requests: TCertificateRequest[] };
    assert.equal(
      mine.requests.find((r) => r.id === req.id)?.rejectReason,
      '档案材料正在补充中，请一周后再申请',
    );
    const inbox = (await get(citizen, '/api/notifications')).json() as TNotificationList;
    assert.ok(inbox.items.some((n) => n.title === '您的存档证明申请未予出具'));
    const queue = (
      await get(holderStaff, '/api/archives/certificate-requests?state=rejected')
    ).json() as TCertificateRequestList;
    assert.ok(queue.requests.some((r) => r.id === req.id));
    assert.equal((await post(citizen, url, { purpose: '入职审核' })).statusCode, 201, 'may ask again');
  });

  it('a person without an archive held here gets a clear answer', async () => {
    const stranger = await createPerson(t.ctx);
    const s = await loginAs(t, await createTestAccount(t.ctx, { roles: ['citizen'], personId: stranger.id }));
    const res = await post(s, '/api/me/archive/certificate-requests', { purpose: '入职审核' });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().error.message, /没有查到您的人事档案/);
  });
});
