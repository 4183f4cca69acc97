import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TLivelihoodImportResult, TLivelihoodResult } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import { testPii } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { AppContext } from '../../context.ts';
import { createTestAccount, loginAs, type TestSession } from '../../test/accounts.ts';
import { createPerson } from '../../test/factories.ts';
import { fakeClock, type TestApp } from '../../test/harness.ts';
import { buildIdNumber } from '../imports/imports-fixtures.ts';

type Row = (string | number | null)[];

async function xlsx(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('索引');
  sheet.getColumn(2).numFmt = '@';
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(fileName: string, content: Buffer) {
  const boundary = `----qiaoti${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('民生档案 index loading from department spreadsheets', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  let root: string;
  let desk: TestSession;
  let civilStaff: TestSession;

  async function upload(s: TestSession, fileName: string, content: Buffer) {
    const { payload, contentType } = multipart(fileName, content);
    return t.app.inject({
      method: 'POST',
      url: '/api/livelihood/imports',
      headers: { ...s.headers, 'content-type': contentType },
      payload,
    });
  }
  async function get(s: TestSession, url: string) {
    return t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'qiaoti-livelihood-'));
    const database = await getTestDatabase();
    const clock = fakeClock(new Date('2026-11-28T02:00:00Z'));
    const config = loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: root });
    const ctx: AppContext = { config, database, pii: testPii, clock };
    const app = await buildApp(ctx);
    await app.ready();
    t = { app, ctx, clock };
    db = database.db;
    desk = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['archive_officer'], organisationCode: 'hrss' }),
    );
    civilStaff = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['archive_officer'], organisationCode: 'civil' }),
    );
  });
  after(async () => {
    await t.app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('validates every row first, loads the good ones sealed, lists the bad with reasons, re-import adds nothing', async () => {
    const registered = await createPerson(t.ctx);
    const notYet = buildIdNumber();
    const tag = randomBytes(4).toString('hex');
    const badCheck = `${registered.idNumber.slice(0, 17)}${registered.idNumber.endsWith('0') ? '1' : '0'}`;
    const rows: Row[] = [
      ['民生档案索引（中牟县民政局）'],
      ['档案类别', '身份证号', '档号或登记号', '日期', '摘要', '保存部门'],
      ['婚姻登记', registered.idNumber, `J-${tag}-1`, '2015-10-01', '结婚登记', '中牟县民政局'],
      ['土地承包', notYet, `TD-${tag}-2`, '2018年3月1日', '农村土地承包经营权证', '中牟县农业农村工作委员会'],
      ['火星档案', registered.idNumber, `X-${tag}-3`, '2019-01-01', '无', '中牟县民政局'],
      ['婚姻登记', badCheck, `J-${tag}-4`, '2016-01-01', '离婚登记', '中牟县民政局'],
      ['婚姻登记', registered.idNumber, `J-${tag}-5`, '2016-01-01', '补领', '中牟县不存在局'],
      ['社会保险', 4.10122199001011e17, `S-${tag}-6`, '2016-01-01', '参保登记', ''],
      ['婚姻登记', registered.idNumber, `J-${tag}-1`, '2015-10-01', '重复一行', '中牟县民政局'],
      ['学籍', registered.idNumber, `XJ-${tag}-8`, '去年', '初中学籍', ''],
      [null, null, null, null, null, null],
    ];
    const file = await xlsx(rows);
    const res = await upload(desk, '民政局索引.xlsx', file);
    assert.equal(res.statusCode, 201, res.body);
    const r = res.json() as TLivelihoodImportResult;
    assert.equal(r.rowsTotal, 8, 'the title row, the header and empty rows are not data');
    assert.equal(r.rowsLoaded, 2);
    assert.equal(r.rowsUnmatched, 1, 'the unregistered person’s entry is kept');
    assert.equal(r.rowsRejected, 6);
    const reasons = new Map(r.errors.map((e) => [e.rowNumber, e.reasons.join('；')]));
    assert.match(reasons.get(5) ?? '', /档案类别“火星档案”不存在，可填：婚姻登记/);
    assert.match(reasons.get(6) ?? '', /身份证号|校验/);
    assert.match(reasons.get(7) ?? '', /保存部门“中牟县不存在局”不存在/);
    assert.match(reasons.get(8) ?? '', /Excel 存成了数字/);
    assert.match(reasons.get(9) ?? '', /与第 3 行的档案类别和档号相同/);
    assert.match(reasons.get(10) ?? '', /日期“去年”无法识别/);
    assert.ok(!JSON.stringify(r).includes(registered.idNumber), 'no ID number in the answer');

    // stored sealed: cipher + blind index + masked, never the plain number
    const stored = await db.selectFrom('livelihoodRecord').selectAll().where('importId', '=', r.id).execute();
    assert.equal(stored.length, 2);
    const text = JSON.stringify(stored);
    assert.ok(!text.includes(registered.idNumber) && !text.includes(notYet), 'no plain ID number stored');
    const land = stored.find((s) => s.kind === 'land_contract');
    assert.equal(land?.personId, null);
    assert.equal(land?.idNumberIndex, testPii.blindIndex('id_number', notYet));
    assert.equal(testPii.decrypt(land?.idNumberCipher ?? ''), notYet);
    assert.match(land?.idNumberMasked ?? '', /\*/);
    assert.equal(stored.find((s) => s.kind === 'marriage')?.personId, registered.id);
    const imp = await db
      .selectFrom('livelihoodImport')
      .selectAll()
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(imp).includes(registered.idNumber), 'rejected rows kept sealed');

    // the same file again: nothing twice
    const again = (await upload(desk, '民政局索引.xlsx', file)).json() as TLivelihoodImportResult;
    assert.equal(again.rowsLoaded, 0);
    assert.equal(again.rowsDuplicate, 2);
    assert.equal(again.rowsRejected, 6);
    const all = await db
      .selectFrom('livelihoodRecord')
      .select('id')
      .where('referenceNumber', 'like', `%-${tag}-%`)
      .execute();
    assert.equal(all.length, 2);

    // the errors .xlsx: original row number, the cells as they were, the reasons
    const errs = await get(desk, `/api/livelihood/imports/${r.id}/errors.xlsx`);
    assert.equal(errs.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errs.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.getRow(1).getCell(1).text, '原行号');
    assert.equal(sheet.getRow(1).getCell(2).text, '档案类别');
    assert.equal(sheet.rowCount, 7);
    assert.equal(sheet.getRow(2).getCell(1).text, '5');
    assert.equal(sheet.getRow(2).getCell(2).text, '火星档案');
    assert.match(sheet.getRow(2).getCell(8).text, /不存在/);
    // another department does not read this import's rejected rows
    assert.equal((await get(civilStaff, `/api/livelihood/imports/${r.id}/errors.xlsx`)).statusCode, 404);

    // the citizen sees the loaded entry; once registered, the unmatched one too (by blind index)
    const me = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['citizen'], personId: registered.id }),
    );
    const mine = (await get(me, '/api/me/livelihood')).json() as TLivelihoodResult;
    assert.ok(mine.records.some((x) => x.referenceNumber === `J-${tag}-1`));
    // staff find the entry of someone not registered yet by ID number (blind index)
    const found = await t.app.inject({
      method: 'POST',
      url: '/api/livelihood/search',
      headers: desk.headers,
      payload: { idNumber: notYet, purpose: '办理土地确权核查' },
    });
    assert.equal(found.statusCode, 200, found.body);
    const foundBody = found.json() as TLivelihoodResult;
    assert.equal(foundBody.person, null);
    assert.deepEqual(
      foundBody.records.map((x) => x.referenceNumber),
      [`TD-${tag}-2`],
    );
    const later = await createPerson(t.ctx, { idNumber: notYet });
    const laterMe = await loginAs(
      t,
      await createTestAccount(t.ctx, { roles: ['citizen'], personId: later.id }),
    );
    const laterMine = (await get(laterMe, '/api/me/livelihood')).json() as TLivelihoodResult;
    assert.deepEqual(
      laterMine.records.map((x) => x.holdingDepartment.name),
      ['中牟县农业农村工作委员会'],
    );

    const audit = await db
      .selectFrom('auditLog')
      .select('details')
      .where('event', '=', 'import')
      .where('objectId', '=', r.id)
      .executeTakeFirstOrThrow();
    assert.equal((audit.details as { rowsLoaded?: number }).rowsLoaded, 2);
  });

  it('a department loads only its own entries; a missing header and a non-spreadsheet are refused', async () => {
    const p = await createPerson(t.ctx);
    const tag = randomBytes(4).toString('hex');
    const file = await xlsx([
      ['类别', '身份证号', '登记号', '登记日期'],
      ['婚姻登记', p.idNumber, `J-${tag}`, '2020-05-01'],
      ['土地承包', p.idNumber, `TD-${tag}`, '2020-05-01'],
    ]);
    // without a 保存部门 column the importing department holds the entries
    const own = (await upload(civilStaff, 'a.xlsx', file)).json() as TLivelihoodImportResult;
    assert.equal(own.rowsLoaded, 2);
    const scoped = await xlsx([
      ['档案类别', '身份证号', '档号', '日期', '摘要', '保存部门'],
      ['土地承包', p.idNumber, `TD2-${tag}`, '2020-05-01', '承包', '中牟县农业农村工作委员会'],
    ]);
    const r = (await upload(civilStaff, 'b.xlsx', scoped)).json() as TLivelihoodImportResult;
    assert.equal(r.rowsLoaded, 0);
    assert.match(r.errors[0]?.reasons[0] ?? '', /只能导入本部门保存的档案索引/);

    const noHeader = await upload(
      civilStaff,
      'c.xlsx',
      await xlsx([
        ['姓名', '电话'],
        ['张三', '1'],
      ]),
    );
    assert.equal(noHeader.statusCode, 400);
    assert.match(noHeader.json().error.message, /没有找到表头/);
    const notSheet = await upload(civilStaff, 'd.xlsx', Buffer.from('MZ this is not a spreadsheet'));
    assert.equal(notSheet.statusCode, 415);
    const template = await get(civilStaff, '/api/livelihood/imports/template.xlsx');
    assert.equal(template.statusCode, 200);
    assert.match(String(template.headers['content-type']), /spreadsheetml/);
  });
});
