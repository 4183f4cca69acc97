import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { readXlsx } from './imports-xlsx.ts';

describe('xlsx reader', () => {
  it('reads what Excel-style writers put in cells, Chinese text intact across the whole sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号', '出生日期', '备注', '是否', '公式']);
    const names: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const name = `欧阳${'一二三四五六七八九十'[i % 10]}${'甲乙丙丁'[i % 4]}`;
      names.push(name);
      ws.addRow([name, `41012219900101${String(i).padStart(4, '0')}`, null, i % 2 ? '备注 & <说明>' : null]);
    }
    const dated = ws.getRow(2);
    dated.getCell(3).value = new Date(Date.UTC(1990, 4, 1));
    dated.getCell(3).numFmt = 'yyyy"年"m"月"d"日"';
    dated.getCell(4).value = { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] };
    dated.getCell(5).value = true;
    dated.getCell(6).value = { formula: 'A2&"!"', result: `${names[0]}!` };
    dated.commit();
    const rows = readXlsx(Buffer.from(await wb.xlsx.writeBuffer()));

    assert.equal(rows.length, 3001);
    assert.deepEqual(rows[0]?.cells, ['姓名', '身份证号', '出生日期', '备注', '是否', '公式']);
    const first = rows[1]?.cells ?? [];
    assert.equal(first[0], names[0]);
    assert.ok(first[2] instanceof Date);
    assert.equal((first[2] as Date).toISOString().slice(0, 10), '1990-05-01');
    assert.equal(first[3], '富文本');
    assert.equal(first[4], true);
    assert.equal(first[5], `${names[0]}!`);
    assert.equal(rows[2]?.cells[3], '备注 & <说明>');
    rows.slice(1).forEach((r, i) => {
      assert.equal(r.rowNumber, i + 2);
      assert.equal(r.cells[0], names[i]);
    });
  });

  it('refuses bytes that are not a workbook', () => {
    assert.throws(() => readXlsx(Buffer.from('PK\x03\x04 not really')), { code: 'UNSUPPORTED_FILE' });
  });
});
