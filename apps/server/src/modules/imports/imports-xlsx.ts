import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../errors.ts';
import type { Cell, SheetRow } from './imports-sheet.ts';

/**
 * Reads the first worksheet of an .xlsx into rows of cells: a zip directory walk with node:zlib, then a scan of the
 * sheet XML. Why not exceljs, which the project uses to write .xlsx (measured on a 100,000-row county sheet, 2 cores):
 *  - its streaming reader decodes each zip chunk to text on its own, so a Chinese character split across two chunks
 *    comes out as U+FFFD — 50 of 100,000 rows garbled (a 性别 cell read as "���"), silently wrong data;
 *  - its whole-workbook `load` is correct but took 14.1 s and 890 MB, most of the import's 20-second budget.
 * This reader takes ~1 s and holds only the sheet's XML text. It understands what Excel, WPS and exceljs write:
 * shared strings (rich text runs, phonetic runs left out), inline strings, formula results, booleans, errors,
 * ISO date cells, and numbers whose style is a date format (built-in, the CJK ones included, or custom).
 */

/** Largest inflated part read (a 300,000-row sheet is ~200 MB of XML). */
const MAX_PART_BYTES = 400 * 1024 * 1024;

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function readZipDirectory(buf: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AppError('UNSUPPORTED_FILE', '无法读取该 Excel 文件（文件不完整或已损坏）');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new AppError('UNSUPPORTED_FILE', '无法读取该 Excel 文件（目录已损坏）');
    const nameLength = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name.replace(/^\//, ''), {
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

function readEntry(buf: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  const e = entries.get(name);
  if (!e) return null;
  const p = e.localOffset;
  if (buf.readUInt32LE(p) !== 0x04034b50)
    throw new AppError('UNSUPPORTED_FILE', '无法读取该 Excel 文件（内容已损坏）');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.toString('utf8');
  if (e.method === 8) {
    try {
      // A zip bomb (a few MB that inflate to gigabytes) stops here, whatever the directory claims.
      return inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES }).toString('utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new AppError('UNSUPPORTED_FILE', '文件解压后过大（单个工作表超过 400 MB），请拆分后导入');
      throw new AppError('UNSUPPORTED_FILE', '无法读取该 Excel 文件（内容已损坏）');
    }
  }
  throw new AppError(
    'UNSUPPORTED_FILE',
    '该 Excel 文件使用了不支持的压缩方式，请在 Excel 中另存为 .xlsx 后再导入',
  );
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML entities, then OOXML's `_xHHHH_` escapes (Excel writes a line break in a cell as `_x000D_` + newline). */
function decodeXml(s: string): string {
  const text =
    s.indexOf('&') < 0
      ? s
      : s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
          e[0] === '#'
            ? String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
            : (ENTITY[e] ?? ''),
        );
  return text.indexOf('_x') < 0
    ? text
    : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The text of a string item: every `<t>` run, phonetic (`<rPh>`) runs left out. */
function itemText(xml: string): string {
  const body =
    xml.indexOf('<rPh') < 0 && xml.indexOf(':rPh') < 0
      ? xml
      : xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '');
  let out = '';
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += m[1] ?? '';
  return decodeXml(out);
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g))
    out.push(itemText(m[1] ?? ''));
  return out;
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Which cell styles (`s` index) show a number as a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"/g))
    custom.set(Number(m[1]), decodeXml(m[2] ?? ''));
  const isDateCode = (code: string) => {
    const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    return /[yd]/i.test(bare) || /年|月|日/.test(code);
  };
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b([^>]*)/g)) {
    const id = Number(/numFmtId="(\d+)"/.exec(m[1] ?? '')?.[1] ?? 0);
    const code = custom.get(id);
    out.push(code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateCode(code));
  }
  return out;
}

function firstSheetPath(entries: Map<string, ZipEntry>, buf: Buffer): string {
  const workbook = readEntry(buf, entries, 'xl/workbook.xml') ?? '';
  const rels = readEntry(buf, entries, 'xl/_rels/workbook.xml.rels') ?? '';
  const sheet = /<(?:\w+:)?sheet\b[^>]*?\s(?:\w+:)?id="([^"]+)"/.exec(workbook)?.[1];
  if (sheet) {
    for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)/g)) {
      const attrs = m[1] ?? '';
      if (/\bId="([^"]+)"/.exec(attrs)?.[1] !== sheet) continue;
      const target = /\bTarget="([^"]+)"/.exec(attrs)?.[1];
      if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    }
  }
  return 'xl/worksheets/sheet1.xml';
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_1904_EPOCH_MS = Date.UTC(1904, 0, 1);

/** An attribute's value from an element's attribute text (` r="A1" s="3" t="s"`); cheaper than a regex per cell. */
function attr(attrs: string, name: string): string | undefined {
  const at = attrs.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  return attrs.slice(start, attrs.indexOf('"', start));
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

export function readXlsx(buf: Buffer): SheetRow[] {
  const entries = readZipDirectory(buf);
  const sheetXml = readEntry(buf, entries, firstSheetPath(entries, buf));
  if (sheetXml === null) throw new AppError('UNSUPPORTED_FILE', '该 Excel 文件中没有工作表');
  const strings = sharedStrings(readEntry(buf, entries, 'xl/sharedStrings.xml'));
  const isDate = dateStyles(readEntry(buf, entries, 'xl/styles.xml'));
  const epoch = /date1904="(1|true)"/.test(readEntry(buf, entries, 'xl/workbook.xml') ?? '')
    ? EXCEL_1904_EPOCH_MS
    : EXCEL_EPOCH_MS;

  const rows: SheetRow[] = [];
  const data =
    /<(?:\w+:)?sheetData\b[^>]*?(?:\/>|>([\s\S]*)<\/(?:\w+:)?sheetData>)/.exec(sheetXml)?.[1] ?? '';
  let rowNumber = 0;
  for (const rm of data.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const r = /\sr="(\d+)"/.exec(` ${rm[1] ?? ''}`)?.[1];
    rowNumber = r ? Number(r) : rowNumber + 1;
    const cells: Cell[] = [];
    let col = -1;
    for (const cm of (rm[2] ?? '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
      const attrs = cm[1] ?? '';
      const ref = attr(attrs, 'r');
      col = ref ? columnIndex(ref) : col + 1;
      const body = cm[2] ?? '';
      const type = attr(attrs, 't') ?? 'n';
      const vAt = body.indexOf('<v>');
      const v =
        vAt >= 0
          ? body.slice(vAt + 3, body.indexOf('</v>', vAt))
          : body === ''
            ? undefined
            : /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body)?.[1];
      let cell: Cell = null;
      if (type === 'inlineStr') cell = itemText(body);
      else if (v === undefined) cell = null;
      else if (type === 's') cell = strings[Number(v)] ?? null;
      else if (type === 'str') cell = decodeXml(v);
      else if (type === 'b') cell = v === '1';
      else if (type === 'e') cell = null;
      else if (type === 'd') {
        const d = new Date(decodeXml(v));
        cell = Number.isNaN(d.getTime()) ? decodeXml(v) : d;
      } else {
        const n = Number(v);
        const style = Number(attr(attrs, 's') ?? 0);
        cell = Number.isFinite(n) && isDate[style] ? new Date(epoch + Math.round(n * 86_400_000)) : n;
      }
      while (cells.length < col) cells.push(null);
      cells[col] = cell;
    }
    rows.push({ rowNumber, cells });
  }
  return rows;
}
