import {
  checkIdNumber,
  importMaxBytes,
  importReasonHeader,
  importRowNumberHeader,
  livelihoodImportHeaders,
  livelihoodKindLabels,
  maskIdNumber,
  normaliseText,
  type TLivelihoodImportResult,
} from '@qiaoti/contracts';
import { type LivelihoodKind, sm3Hex } from '@qiaoti/db';
import { type Actor, hasPermission } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { parseDateCell } from '../imports/imports-rows.ts';
import { type Cell, cellText, readSheet, type SheetRow, sniffFormat } from '../imports/imports-sheet.ts';
import type { DigitalDeps } from './digital.access.ts';
import {
  findLivelihoodImport,
  findPersonIdsByIndex,
  insertLivelihoodImport,
  insertLivelihoodRecords,
  type LivelihoodRecordInsert,
  listOrganisationsForImport,
} from './livelihood.repository.ts';
import { isOneStop } from './livelihood.service.ts';

/**
 * 民生档案 index loading: a department's spreadsheet of index rows (档案类别, 身份证号, 档号或登记号, 日期, 摘要,
 * 保存部门). Every row is checked before anything is written; the good rows load in one transaction, the bad ones
 * are listed per row with Chinese reasons and kept (sealed) for an errors .xlsx. Re-importing the same file adds
 * nothing twice: an entry is unique per (department, kind, reference number). ID numbers are stored sealed with a
 * blind index and a masked form, like the registry's; an entry whose person is not registered yet is kept and
 * matched by the blind index. Reuses the registry import's sheet reader (xlsx/CSV, GBK, Excel dates).
 */

export const LIVELIHOOD_IMPORT_MAX_ROWS = 50_000;
const INSERT_BATCH = 500;

type Column = 'kind' | 'idNumber' | 'referenceNumber' | 'recordDate' | 'summary' | 'department';

const headerAliases: Record<Column, readonly string[]> = {
  kind: ['档案类别', '类别', '档案类型', '记录类别', '类型'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码'],
  referenceNumber: ['档号或登记号', '档号', '登记号', '登记编号', '证号', '编号'],
  recordDate: ['日期', '登记日期', '形成日期', '办理日期'],
  summary: ['摘要', '内容摘要', '内容', '说明'],
  department: ['保存部门', '保管部门', '部门', '单位'],
};
const requiredColumns: readonly Column[] = ['kind', 'idNumber', 'referenceNumber', 'recordDate'];

const kindAliases: Record<string, LivelihoodKind> = {
  婚姻: 'marriage',
  婚姻档案: 'marriage',
  社保: 'social_insurance',
  养老保险: 'social_insurance',
  医保: 'medical_insurance',
  土地: 'land_contract',
  土地承包经营: 'land_contract',
  房产: 'housing',
  住房: 'housing',
  不动产: 'housing',
  学生学籍: 'schooling',
  退役军人事务: 'veterans',
  户口: 'household_registration',
};

function kindOf(text: string): LivelihoodKind | null {
  const s = text.replace(/\s+/g, '');
  for (const [code, label] of Object.entries(livelihoodKindLabels) as [LivelihoodKind, string][])
    if (s === code || s === label) return code;
  return kindAliases[s] ?? null;
}

const kindList = Object.values(livelihoodKindLabels).join('、');

interface Header {
  rowNumber: number;
  headers: string[];
  columns: Partial<Record<Column, number>>;
}

function findHeader(rows: readonly SheetRow[]): Header | { error: string } {
  for (const row of rows.slice(0, 10)) {
    const headers = row.cells.map((c) => normaliseText(cellText(c)));
    const columns: Partial<Record<Column, number>> = {};
    for (const [col, names] of Object.entries(headerAliases) as [Column, readonly string[]][]) {
      const i = headers.findIndex((h) => names.includes(h.replace(/\s+/g, '')));
      if (i >= 0) columns[col] = i;
    }
    if (requiredColumns.every((c) => columns[c] !== undefined))
      return { rowNumber: row.rowNumber, headers, columns };
  }
  return {
    error: `没有找到表头：前 10 行中须有“${livelihoodImportHeaders.slice(0, 4).join('”“')}”列（可下载导入模板）`,
  };
}

interface GoodRow {
  rowNumber: number;
  kind: LivelihoodKind;
  idNumber: string;
  referenceNumber: string;
  recordDate: string;
  summary: string;
  organisationId: string;
}
interface BadRow {
  rowNumber: number;
  cells: string[];
  reasons: string[];
}

/** Checks every row; nothing is written here. */
export function checkRows(
  rows: readonly SheetRow[],
  header: Header,
  organisations: readonly { id: string; name: string; code: string | null }[],
  scope: { ownOrganisationId: string; oneStop: boolean },
  today: string,
): { good: GoodRow[]; bad: BadRow[] } {
  const byName = new Map<string, { id: string; name: string }>();
  for (const o of organisations) {
    byName.set(o.name, o);
    if (o.code) byName.set(o.code, o);
  }
  const cell = (r: SheetRow, col: Column): Cell => {
    const i = header.columns[col];
    return i === undefined ? null : (r.cells[i] ?? null);
  };
  const text = (r: SheetRow, col: Column) => normaliseText(cellText(cell(r, col)));
  const good: GoodRow[] = [];
  const bad: BadRow[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (r.rowNumber <= header.rowNumber) continue;
    if (r.cells.every((c) => cellText(c).trim() === '')) continue;
    const reasons: string[] = [];
    const kindText = text(r, 'kind');
    const kind = kindText ? kindOf(kindText) : null;
    if (!kindText) reasons.push('档案类别为空');
    else if (!kind) reasons.push(`档案类别“${kindText}”不存在，可填：${kindList}`);
    const idCell = cell(r, 'idNumber');
    let idNumber = '';
    if (typeof idCell === 'number')
      reasons.push('身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重新录入');
    else {
      const check = checkIdNumber(text(r, 'idNumber'));
      if (check.ok) idNumber = check.idNumber;
      else reasons.push(check.reason);
    }
    const referenceNumber = text(r, 'referenceNumber');
    if (!referenceNumber) reasons.push('档号或登记号为空');
    else if (referenceNumber.length > 60) reasons.push('档号或登记号过长（最多 60 个字）');
    const dateRaw = cell(r, 'recordDate');
    const recordDate = parseDateCell(dateRaw);
    if (cellText(dateRaw).trim() === '') reasons.push('日期为空');
    else if (recordDate?.length !== 10)
      reasons.push(`日期“${cellText(dateRaw)}”无法识别，请写成 2020-05-01 的形式`);
    else if (recordDate > today) reasons.push('日期晚于今天');
    const summary = text(r, 'summary') || (kind ? livelihoodKindLabels[kind] : '');
    if (summary.length > 200) reasons.push('摘要过长（最多 200 个字）');
    const deptText = text(r, 'department');
    let organisationId: string | null = scope.ownOrganisationId;
    if (deptText) {
      const org = byName.get(deptText);
      if (!org) {
        organisationId = null;
        reasons.push(`保存部门“${deptText}”不存在，请填写部门全称（如“中牟县民政局”）`);
      } else if (!scope.oneStop && org.id !== scope.ownOrganisationId) {
        organisationId = null;
        reasons.push(`只能导入本部门保存的档案索引，本行的保存部门是“${org.name}”`);
      } else organisationId = org.id;
    }
    if (reasons.length === 0 && kind && recordDate && organisationId) {
      const key = `${organisationId}|${kind}|${referenceNumber}`;
      const first = seen.get(key);
      if (first !== undefined) reasons.push(`与第 ${first} 行的档案类别和档号相同`);
      else {
        seen.set(key, r.rowNumber);
        good.push({
          rowNumber: r.rowNumber,
          kind,
          idNumber,
          referenceNumber,
          recordDate,
          summary,
          organisationId,
        });
        continue;
      }
    }
    bad.push({ rowNumber: r.rowNumber, cells: r.cells.map(cellText), reasons });
  }
  return { good, bad };
}

export async function importLivelihoodIndex(
  deps: DigitalDeps,
  actor: Actor,
  file: { fileName: string; content: Buffer },
): Promise<TLivelihoodImportResult> {
  if (!hasPermission(actor, 'archives.livelihood.query')) throw new AppError('FORBIDDEN');
  const ownOrganisationId = actor.organisationId;
  if (!ownOrganisationId) throw new AppError('FORBIDDEN', '本账号不属于任何部门，不能导入民生档案索引');
  if (file.content.length > importMaxBytes) throw new AppError('PAYLOAD_TOO_LARGE');
  const format = sniffFormat(file.content, file.fileName);
  const rows = readSheet(file.content, format);
  const header = findHeader(rows);
  if ('error' in header) throw new AppError('VALIDATION_FAILED', header.error);
  const dataRows = rows.filter((r) => r.rowNumber > header.rowNumber).length;
  if (dataRows > LIVELIHOOD_IMPORT_MAX_ROWS)
    throw new AppError(
      'VALIDATION_FAILED',
      `文件有 ${dataRows} 行，单个文件最多 ${LIVELIHOOD_IMPORT_MAX_ROWS} 行，请拆分后分别导入`,
    );
  const at = deps.clock();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
  const organisations = await listOrganisationsForImport(deps.db);
  const { good, bad } = checkRows(
    rows,
    header,
    organisations,
    { ownOrganisationId, oneStop: isOneStop(actor) },
    today,
  );

  // Seal before the transaction: ciphers, blind indexes and masked forms; the plain numbers go no further.
  const indexes = good.map((g) => deps.pii.blindIndex('id_number', g.idNumber));
  const ciphers = deps.pii.encryptMany(good.map((g) => g.idNumber));
  const persons = await findPersonIdsByIndex(deps.db, [...new Set(indexes)]);
  const fileName = file.fileName.replace(/[\\/]/g, '_').slice(0, 200) || `民生档案索引.${format}`;

  return deps.db.transaction().execute(async (trx) => {
    const imp = await insertLivelihoodImport(trx, {
      organisationId: ownOrganisationId,
      fileName,
      fileDigest: sm3Hex(file.content),
      rowsTotal: good.length + bad.length,
      rowsLoaded: 0,
      rowsDuplicate: 0,
      rowsRejected: bad.length,
      rowsUnmatched: 0,
      headers: JSON.stringify(header.headers),
      errorsSealed:
        bad.length > 0
          ? deps.pii.encrypt(JSON.stringify(bad.map((b) => ({ r: b.rowNumber, c: b.cells, e: b.reasons }))))
          : null,
      createdBy: actor.accountId,
      createdAt: at,
    });
    let loaded = 0;
    let unmatched = 0;
    for (let i = 0; i < good.length; i += INSERT_BATCH) {
      const batch: LivelihoodRecordInsert[] = good.slice(i, i + INSERT_BATCH).map((g, j) => {
        const index = indexes[i + j] ?? '';
        return {
          personId: persons.get(index) ?? null,
          kind: g.kind,
          holdingOrganisationId: g.organisationId,
          referenceNumber: g.referenceNumber,
          recordDate: g.recordDate,
          summary: g.summary,
          idNumberCipher: ciphers[i + j] ?? null,
          idNumberIndex: index,
          idNumberMasked: maskIdNumber(g.idNumber),
          importId: imp.id,
          createdBy: actor.accountId,
        };
      });
      const inserted = await insertLivelihoodRecords(trx, batch);
      loaded += inserted.length;
      unmatched += inserted.filter((x) => x.personId === null).length;
    }
    const result = {
      rowsLoaded: loaded,
      rowsDuplicate: good.length - loaded,
      rowsUnmatched: unmatched,
    };
    await trx.updateTable('livelihoodImport').set(result).where('id', '=', imp.id).execute();
    await recordAudit(trx, actor, {
      event: 'import',
      objectType: 'livelihood_import',
      objectId: imp.id,
      details: { kind: 'livelihood_index', ...result, rowsRejected: bad.length, bytes: file.content.length },
      at,
    });
    return {
      id: imp.id,
      fileName,
      rowsTotal: good.length + bad.length,
      rowsRejected: bad.length,
      ...result,
      errors: bad.map((b) => ({ rowNumber: b.rowNumber, reasons: b.reasons })),
      createdAt: at.toISOString(),
    };
  });
}

/** Only the importing department (or a one-stop desk) reads an import's rejected rows. */
async function importOf(deps: DigitalDeps, actor: Actor, id: string) {
  const row = await findLivelihoodImport(deps.db, id);
  if (!row || (row.organisationId !== actor.organisationId && !isOneStop(actor)))
    throw new AppError('NOT_FOUND', '导入记录不存在');
  return row;
}

async function loadExcelJs() {
  return (await import('exceljs')).default;
}

/** The rejected rows as .xlsx: original row number, the original cells, and the reasons. */
export async function livelihoodImportErrors(
  deps: DigitalDeps,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; content: Buffer; rows: number }> {
  const imp = await importOf(deps, actor, id);
  const parsed: unknown = imp.errorsSealed ? JSON.parse(deps.pii.decrypt(imp.errorsSealed)) : [];
  const errors = (Array.isArray(parsed) ? parsed : []) as { r: number; c: string[]; e: string[] }[];
  const headers = Array.isArray(imp.headers) ? imp.headers.map(String) : [];
  const width = Math.max(headers.length, ...errors.map((e) => e.c.length));
  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet('未导入的行');
  sheet.addRow([
    importRowNumberHeader,
    ...Array.from({ length: width }, (_, i) => headers[i] || `第${i + 1}列`),
    importReasonHeader,
  ]).font = { bold: true };
  for (let c = 2; c <= width + 1; c++) sheet.getColumn(c).numFmt = '@';
  for (const e of errors)
    sheet.addRow([e.r, ...Array.from({ length: width }, (_, i) => e.c[i] ?? ''), e.e.join('；')]);
  sheet.getColumn(width + 2).width = 60;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  await recordAudit(deps.db, actor, {
    event: 'export',
    objectType: 'livelihood_import',
    objectId: id,
    details: { what: 'livelihood_import_errors', rows: errors.length },
    at: deps.clock(),
  });
  return {
    fileName: `民生档案索引未导入行-${id.slice(0, 8)}.xlsx`,
    content: Buffer.from(await workbook.xlsx.writeBuffer()),
    rows: errors.length,
  };
}

/** The template: headers as text columns, one example row, and instructions. */
export async function livelihoodImportTemplate(): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet('民生档案索引');
  sheet.addRow([...livelihoodImportHeaders]).font = { bold: true };
  for (const c of [2, 3]) sheet.getColumn(c).numFmt = '@';
  sheet.addRow([
    '婚姻登记',
    '410122199005011234',
    'J410122-2015-000123',
    '2015-10-01',
    '结婚登记',
    '中牟县民政局',
  ]);
  sheet.columns.forEach((c) => {
    c.width = 22;
  });
  const help = workbook.addWorksheet('填写说明');
  for (const line of [
    `1. 档案类别可填：${kindList}。`,
    '2. 身份证号、档号或登记号列请设为“文本”格式，否则 Excel 会把身份证号变成科学计数法，后几位无法还原。',
    '3. 日期可写 2015-10-01、2015.10.01 或 2015年10月1日。',
    '4. 保存部门填写部门全称；不填时为导入账号所在部门。非一站式窗口只能导入本部门保存的档案索引。',
    '5. 有误的行不导入，其余行照常导入；请按“未导入的行”表修改后重新导入这些行。同一部门、类别和档号的记录不会重复导入。',
  ])
    help.addRow([line]);
  help.getColumn(1).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
