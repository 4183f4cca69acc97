import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../errors.ts';
import { readXlsx } from './imports-xlsx.ts';

/** A cell as read from the file: text, a number (Excel number cell), a date (Excel date cell), a boolean or empty. */
export type Cell = string | number | boolean | Date | null;

/** One row of the sheet with its row number as people see it (Excel's row number, the CSV line number). */
export interface SheetRow {
  rowNumber: number;
  cells: Cell[];
}

export type SheetFormat = 'xlsx' | 'csv';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * What the bytes really are, whatever the file is called: .xlsx is a zip (PK\x03\x04); a CSV is text (UTF-8 or
 * GBK) without NUL bytes. Old .xls (OLE) and anything else are refused with a reason people can act on.
 */
export function sniffFormat(content: Buffer, fileName: string): SheetFormat {
  const lower = fileName.toLowerCase();
  if (content.length === 0) throw new AppError('UNSUPPORTED_FILE', '文件是空的');
  if (content.subarray(0, 4).equals(ZIP_MAGIC)) {
    if (lower.endsWith('.csv')) throw new AppError('UNSUPPORTED_FILE', '文件扩展名是 .csv，但内容不是文本');
    return 'xlsx';
  }
  if (content.subarray(0, 4).equals(OLE_MAGIC))
    throw new AppError(
      'UNSUPPORTED_FILE',
      '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入',
    );
  if (lower.endsWith('.xlsx'))
    throw new AppError('UNSUPPORTED_FILE', '文件扩展名是 .xlsx，但内容不是有效的 Excel 文件');
  const head = content.subarray(0, 64 * 1024);
  if (head.includes(0)) throw new AppError('UNSUPPORTED_FILE', '只能导入 .xlsx 或 .csv 文件');
  return 'csv';
}

/** CSV text: UTF-8 (with or without BOM), else GBK/GB18030 as saved by Excel and WPS on Chinese Windows. */
export function decodeCsv(content: Buffer): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf)
    return content.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

export function readSheet(content: Buffer, format: SheetFormat): SheetRow[] {
  return format === 'xlsx' ? readXlsx(content) : readCsv(content);
}

function readCsv(content: Buffer): SheetRow[] {
  let records: string[][];
  try {
    records = parseCsv(decodeCsv(content), {
      relax_column_count: true,
      relax_quotes: true,
      bom: true,
    }) as string[][];
  } catch (error) {
    throw new AppError(
      'BAD_REQUEST',
      `CSV 文件格式有误：${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return records.map((cells, i) => ({ rowNumber: i + 1, cells }));
}

/** A cell as text, the way it reads in the report of failed rows. */
export function cellText(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c);
}
