import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { normaliseText } from '@qiaoti/contracts';
import ExcelJS from 'exceljs';
import type { Actor } from '../../actor.ts';
import { buildTestApp, type TestApp } from '../../test/harness.ts';
import { buildErrorReport, buildTemplate, startImport } from './imports.service.ts';
import { birthOfId, buildIdNumber, createImportActor, genderOfId, waitForJob } from './imports-fixtures.ts';

const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const dotted = (iso: string) => iso.replaceAll('-', '.');
const loose = (iso: string) =>
  `${Number(iso.slice(0, 4))}-${Number(iso.slice(5, 7))}-${Number(iso.slice(8, 10))}`;
const chinese = (iso: string) =>
  `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const excelSerial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

async function readReport(content: Buffer): Promise<{ header: string[]; rows: Map<number, string[]> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  assert.ok(sheet);
  const values = (r: number) =>
    (sheet.getRow(r).values as unknown[])
      .slice(1)
      .map((v) => (v === null || v === undefined ? '' : String(v)));
  const header = values(1);
  const rows = new Map<number, string[]>();
  for (let r = 2; r <= sheet.rowCount; r++) {
    const v = values(r);
    rows.set(Number(v[0]), v);
  }
  return { header, rows };
}

describe('import of persons and households', () => {
  let t: TestApp;
  let actor: Actor;
  before(async () => {
    t = await buildTestApp();
    actor = await createImportActor(t.ctx.database.db);
  });
  after(async () => {
    await t.app.close();
  });

  it('imports a real-looking .xlsx: title rows, number-typed IDs, full-width digits, x, every date form, a bad household', async () => {
    const { db } = t.ctx.database;
    const pii = t.ctx.pii;
    const id = {
      aHead: buildIdNumber({ gender: 'M' }),
      aSpouse: buildIdNumber({ gender: 'F', check: 'X' }),
      bHead: buildIdNumber({ gender: 'M' }),
      bChild: buildIdNumber(),
      single: buildIdNumber({ gender: 'F' }),
      cHead: buildIdNumber({ gender: 'M' }),
      mismatch: buildIdNumber({ gender: 'M' }),
      registered: buildIdNumber(),
    };
    // Someone already registered.
    await db
      .insertInto('persons')
      .values({
        idNumberCipher: pii.encrypt(id.registered),
        idNumberIndex: pii.blindIndex('id_number', id.registered),
        idNumberMasked: 'x',
        name: '已登记',
        gender: genderOfId(id.registered),
        birthDate: birthOfId(id.registered),
      })
      .execute();
    const tag = Date.now().toString(36).toUpperCase();

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['中牟县人员信息登记表']);
    ws.mergeCells('A1:K1');
    ws.addRow(['填报单位：青年路街道', '', '', '', '', '', '填报日期：2026年11月']);
    ws.mergeCells('A2:F2');
    ws.addRow([
      '序号',
      '姓名',
      '公民身份号码',
      '性别',
      '出生日期',
      '手机号',
      '户号',
      '与户主关系',
      '村(社区)',
      '文化程度',
      '备注',
    ]);
    const data: unknown[][] = [
      [
        1,
        '王 大山',
        fullWidth(id.aHead),
        '男',
        new Date(`${birthOfId(id.aHead)}T00:00:00Z`),
        '13912345678',
        `A${tag}`,
        '户主',
        '绿云社区',
        '高中',
      ], // row 4
      [
        2,
        '李秀兰',
        id.aSpouse.toLowerCase(),
        '女',
        dotted(birthOfId(id.aSpouse)),
        13812345678,
        `A${tag}`,
        '妻',
        '绿云社区',
        '初中',
      ], // 5
      [
        3,
        '赵铁柱',
        id.bHead,
        '男',
        excelSerial(birthOfId(id.bHead)),
        '',
        `B${tag}`,
        '户主',
        '绿云社区',
        '小学',
      ], // 6
      [4, '赵小柱', Number(id.bChild), '', '', '', `B${tag}`, '长子', '绿云社区', ''], // 7: number-typed ID
      [5, '孙 丽', ` ${id.single} `, '女', chinese(birthOfId(id.single)), '', '', '', '', '大学本科'], // 8
      [6, '周　勇', id.cHead, '', loose(birthOfId(id.cHead)), '', `C${tag}`, '户主', '绿云社区', '大专'], // 9
      [7, '王大山', id.aHead, '男', '', '', '', '', '', ''], // 10: repeats row 4
      [8, '钱多多', '4.10122E+17', '', '', '', '', '', '', ''], // 11
      [9, '吴用', id.mismatch, '女', '', '', '', '', '', ''], // 12
      [10, '郑老', id.registered, '', '', '', '', '', '', ''], // 13
    ];
    for (const row of data) ws.addRow(row);
    ws.addRow([]);
    ws.addRow(['填表人：张某 审核人：李某']); // footer: no ID, no name → not a data row
    const content = Buffer.from(await wb.xlsx.writeBuffer());

    const { jobId } = await startImport(t.app.jobs, actor, { fileName: '登记表.xlsx', content });
    const job = await waitForJob(db, jobId);
    assert.equal(job.status, 'succeeded', job.error ?? '');
    assert.equal(job.progressTotal, 10);
    assert.equal(job.progressDone, 10);
    assert.deepEqual(
      {
        rowsImported: (job.result as Record<string, unknown>).rowsImported,
        rowsRejected: (job.result as Record<string, unknown>).rowsRejected,
        householdsImported: (job.result as Record<string, unknown>).householdsImported,
        householdsRejected: (job.result as Record<string, unknown>).householdsRejected,
        headerRow: (job.result as Record<string, unknown>).headerRow,
      },
      { rowsImported: 4, rowsRejected: 6, householdsImported: 2, householdsRejected: 1, headerRow: 3 },
    );

    const landed = async (idNumber: string) =>
      db
        .selectFrom('persons')
        .select([
          'id',
          'name',
          'gender',
          'birthDate',
          'education',
          'phoneMasked',
          'residenceVillageCode',
          'idNumberCipher',
          'idNumberMasked',
        ])
        .where('idNumberIndex', '=', pii.blindIndex('id_number', idNumber))
        .executeTakeFirst();
    for (const [key, idNumber] of Object.entries(id)) {
      const p = await landed(idNumber);
      const expected = ['aHead', 'aSpouse', 'single', 'cHead', 'registered'].includes(key);
      assert.equal(p !== undefined, expected, `${key} landed?`);
    }
    const head = await landed(id.aHead);
    assert.ok(head);
    assert.equal(head.name, '王大山');
    assert.equal(head.birthDate, birthOfId(id.aHead));
    assert.equal(head.education, 'senior_secondary');
    assert.equal(head.phoneMasked, '139****5678');
    assert.equal(head.residenceVillageCode, '410122001002');
    assert.equal(pii.decrypt(head.idNumberCipher), id.aHead);
    assert.equal(head.idNumberMasked, `${id.aHead[0]}****************${id.aHead[17]}`);
    const spouse = await landed(id.aSpouse);
    assert.equal(spouse && pii.decrypt(spouse.idNumberCipher), id.aSpouse); // lowercase x stored as X
    assert.equal((await landed(id.cHead))?.name, '周勇');

    const household = await db
      .selectFrom('households')
      .select(['id', 'villageCode', 'headPersonId'])
      .where('householdNumber', '=', `A${tag}`)
      .executeTakeFirstOrThrow();
    assert.equal(household.headPersonId, head.id);
    const members = await db
      .selectFrom('householdMembers')
      .select(['personId', 'relation'])
      .where('householdId', '=', household.id)
      .orderBy('relation')
      .execute();
    assert.deepEqual(members, [
      { personId: head.id, relation: 'head' },
      { personId: spouse?.id, relation: 'spouse' },
    ]);
    const b = await db
      .selectFrom('households')
      .select('id')
      .where('householdNumber', '=', `B${tag}`)
      .executeTakeFirst();
    assert.equal(b, undefined, 'household B is never half imported');

    const report = await buildErrorReport(db, pii, actor, jobId);
    const { header, rows } = await readReport(report.content);
    assert.equal(header[0], '原行号');
    assert.equal(header[3], '公民身份号码');
    assert.equal(header.at(-1), '错误原因');
    assert.deepEqual([...rows.keys()], [6, 7, 10, 11, 12, 13]);
    const reason = (n: number) => rows.get(n)?.at(-1) ?? '';
    assert.match(reason(6), /同户成员第 7 行有误，整户未导入/);
    assert.match(reason(7), /数字格式.*后几位已丢失.*整户未导入/);
    assert.match(reason(10), /身份证号与第 4 行重复/);
    assert.match(reason(11), /科学计数法/);
    assert.match(reason(12), /性别与身份证号不符/);
    assert.match(reason(13), /已登记/);
    assert.equal(rows.get(12)?.[3], id.mismatch, 'the report carries the original values');
    assert.equal(normaliseText(rows.get(6)?.[2] ?? ''), '赵铁柱');
  });

  it('imports CSV in UTF-8 with BOM and in GBK', async () => {
    const { db } = t.ctx.database;
    const a = buildIdNumber({ gender: 'M' });
    const b = buildIdNumber({ gender: 'F' });
    const utf8 = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`姓名,身份证号,性别,出生日期\n甲一,${a},男,${birthOfId(a)}\n乙二,${b},男,\n`, 'utf8'),
    ]);
    const first = await startImport(t.app.jobs, actor, { fileName: 'a.csv', content: utf8 });
    const job1 = await waitForJob(db, first.jobId);
    assert.equal(job1.status, 'succeeded', job1.error ?? '');
    assert.deepEqual((job1.result as { rowsImported: number }).rowsImported, 1);
    const errors = await db
      .selectFrom('jobRowErrors')
      .select(['rowNumber', 'reason'])
      .where('jobId', '=', first.jobId)
      .execute();
    assert.deepEqual(errors, [{ rowNumber: 3, reason: '性别与身份证号不符（身份证号为女性）' }]);

    // GBK, as Excel saves "CSV" on Chinese Windows: 姓名,公民身份号码,性别 / 张三,<id>,男
    const c = buildIdNumber({ gender: 'M' });
    const gbk = Buffer.concat([
      Buffer.from('d0d5c3fb2cb9abc3f1c9edb7ddbac5c2eb2cd0d4b1f00d0a', 'hex'),
      Buffer.from('d5c5c8fd2c', 'hex'),
      Buffer.from(`${c},`, 'ascii'),
      Buffer.from('c4d00d0a', 'hex'),
    ]);
    const second = await startImport(t.app.jobs, actor, { fileName: 'gbk.csv', content: gbk });
    const job2 = await waitForJob(db, second.jobId);
    assert.equal(job2.status, 'succeeded', job2.error ?? '');
    const p = await db
      .selectFrom('persons')
      .select(['name', 'gender'])
      .where('idNumberIndex', '=', t.ctx.pii.blindIndex('id_number', c))
      .executeTakeFirst();
    assert.deepEqual(p, { name: '张三', gender: 'M' });
  });

  it('refuses what is not an .xlsx or a text CSV, and a sheet without a header', async () => {
    await assert.rejects(
      startImport(t.app.jobs, actor, { fileName: 'x.xlsx', content: Buffer.from('not a zip') }),
      /不是有效的 Excel/,
    );
    await assert.rejects(
      startImport(t.app.jobs, actor, { fileName: 'x.xls', content: Buffer.from('d0cf11e0a1b11ae1', 'hex') }),
      /\.xls/,
    );
    await assert.rejects(
      startImport(t.app.jobs, actor, { fileName: 'x.csv', content: Buffer.from([0x41, 0, 0x42]) }),
      /只能导入/,
    );
    const { jobId } = await startImport(t.app.jobs, actor, {
      fileName: 'x.csv',
      content: Buffer.from('a,b\n1,2\n'),
    });
    const job = await waitForJob(t.ctx.database.db, jobId);
    assert.equal(job.status, 'failed');
    assert.match(job.error ?? '', /未找到表头/);
  });

  it('builds a template whose example row imports cleanly as a header match', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    assert.ok(sheet);
    const values = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(values.slice(0, 4), ['姓名', '身份证号', '性别', '出生日期']);
  });

  it('writes the same blind indexes and sealed numbers as the main thread, chunk after chunk', async () => {
    const { db } = t.ctx.database;
    const people = Array.from({ length: 250 }, (_, i) => ({
      id: buildIdNumber({ gender: i % 2 ? 'F' : 'M' }),
      phone: i % 3 === 0 ? null : `139${String(10_000_000 + i).slice(-8)}`,
      gender: i % 2 ? '女' : '男',
    }));
    // Row 4 repeats row 2's ID: its own row error, while the rows around it import.
    const nameOf = (i: number) =>
      `${'赵钱孙李周吴郑王'[i % 8]}${'一二三四五六七八九十'[Math.floor(i / 8) % 10]}${'甲乙丙丁戊'[Math.floor(i / 80) % 5]}`;
    const rows = people.map(
      (p, i) => `${nameOf(i)},${i === 2 ? people[0]?.id : p.id},${p.gender},${p.phone ?? ''}`,
    );
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`姓名,身份证号,性别,手机号\n${rows.join('\n')}\n`, 'utf8'),
    ]);
    const { jobId } = await startImport(
      t.app.jobs,
      actor,
      { fileName: 'worker.csv', content: csv },
      { chunkRows: 40, prepareInWorker: true },
    );
    const job = await waitForJob(db, jobId, 60_000);
    assert.equal(job.status, 'succeeded', job.error ?? '');
    const result = job.result as { rowsImported: number; rowsRejected: number; preparedOn: string };
    assert.equal(result.preparedOn, 'worker');
    assert.equal(result.rowsImported + result.rowsRejected, 250);
    assert.ok(result.rowsRejected >= 1, 'the repeated ID is refused');
    const errs = await db
      .selectFrom('jobRowErrors')
      .select(['rowNumber', 'reason'])
      .where('jobId', '=', jobId)
      .execute();
    assert.ok(
      result.rowsImported >= 248,
      `imported ${result.rowsImported}: ${JSON.stringify(errs.slice(0, 3))}`,
    );
    for (const [i, p] of people.entries()) {
      if (i === 2) continue; // its ID is row 2's
      const row = await db
        .selectFrom('persons')
        .select(['name', 'idNumberCipher', 'phoneCipher', 'phoneIndex'])
        .where('idNumberIndex', '=', t.ctx.pii.blindIndex('id_number', p.id))
        .executeTakeFirst();
      if (i === 0 && !row) continue; // row 2 or row 4 kept, whichever the file's rule keeps
      assert.ok(row, `row ${i + 2} found by its blind index`);
      assert.equal(t.ctx.pii.decrypt(row.idNumberCipher), p.id);
      assert.equal(row.phoneCipher ? t.ctx.pii.decrypt(row.phoneCipher) : null, p.phone);
      assert.equal(row.phoneIndex, p.phone ? t.ctx.pii.blindIndex('phone', p.phone) : null);
    }
  });
});
