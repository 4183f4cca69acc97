import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { buildIdNumber } from './imports-fixtures.ts';

function multipart(fileName: string, content: Buffer, type = 'application/octet-stream') {
  const boundary = `----qiaoti${Date.now().toString(16)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('import routes', () => {
  let t: TestApp;
  let officer: TestSession;
  before(async () => {
    t = await buildTestApp();
    officer = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['employment_officer'], organisationCode: 'hrss' }),
    );
  });
  after(async () => {
    await t.app.close();
  });

  async function upload(session: TestSession, fileName: string, content: Buffer) {
    const { payload, contentType } = multipart(fileName, content);
    return t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { ...session.headers, 'content-type': contentType },
      payload,
    });
  }

  async function waitDone(session: TestSession, jobId: string) {
    for (let i = 0; i < 400; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/jobs/${jobId}`,
        headers: { cookie: session.cookie },
      });
      assert.equal(res.statusCode, 200, res.body);
      const job = res.json() as { status: string; progressDone: number; progressTotal: number | null };
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import did not finish');
  }

  it('uploads a CSV, follows the job, and downloads the failed rows as .xlsx', async () => {
    const good = buildIdNumber();
    const csv = Buffer.from(`姓名,身份证号,联系电话\n好人,${good},13800001111\n坏人,12345,\n`, 'utf8');
    const res = await upload(officer, 'persons.csv', csv);
    assert.equal(res.statusCode, 202, res.body);
    const { jobId } = res.json() as { jobId: string };

    const job = await waitDone(officer, jobId);
    assert.deepEqual(
      { status: job.status, done: job.progressDone, total: job.progressTotal },
      { status: 'succeeded', done: 2, total: 2 },
    );
    const mine = await t.app.inject({ method: 'GET', url: '/api/jobs', headers: { cookie: officer.cookie } });
    assert.ok((mine.json() as { items: { id: string }[] }).items.some((j) => j.id === jobId));

    const report = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${jobId}/errors.xlsx`,
      headers: { cookie: officer.cookie },
    });
    assert.equal(report.statusCode, 200);
    assert.match(String(report.headers['content-type']), /spreadsheetml/);
    assert.match(String(report.headers['content-disposition']), /attachment/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    assert.ok(sheet);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [
      '原行号',
      '姓名',
      '身份证号',
      '联系电话',
      '错误原因',
    ]);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    assert.equal(row[0], 3);
    assert.equal(row[2], '12345');
    assert.match(String(row[4]), /身份证号须为 18 位/);
    assert.equal(sheet.rowCount, 2);

    const audit = await t.ctx.database.db
      .selectFrom('auditLog')
      .select('event')
      .where('objectId', '=', jobId)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.event),
      ['import', 'export'],
    );
  });

  it('refuses a file that is not what it claims, and callers without the import permission', async () => {
    const fake = await upload(officer, 'people.xlsx', Buffer.from('姓名,身份证号\n'));
    assert.equal(fake.statusCode, 415);
    const worker = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['village_worker'], villageCode: '410122001002' }),
    );
    const denied = await upload(worker, 'persons.csv', Buffer.from('姓名,身份证号\n'));
    assert.equal(denied.statusCode, 403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/imports/template.xlsx' });
    assert.equal(anonymous.statusCode, 401);
  });

  it("hides a job from another organisation's staff", async () => {
    const res = await upload(officer, 'one.csv', Buffer.from(`姓名,身份证号\n某人,${buildIdNumber()}\n`));
    const { jobId } = res.json() as { jobId: string };
    const other = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['civil_affairs_officer'], organisationCode: 'civil' }),
    );
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/jobs/${jobId}`,
      headers: { cookie: other.cookie },
    });
    assert.equal(seen.statusCode, 404);
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${jobId}/errors.xlsx`,
      headers: { cookie: other.cookie },
    });
    assert.equal(report.statusCode, 404);
    await waitDone(officer, jobId);
  });

  it('serves the template', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/imports/template.xlsx',
      headers: { cookie: officer.cookie },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.rawPayload.subarray(0, 2).toString(), 'PK');
  });
});
