import {
  checkIdNumber,
  checkPhone,
  type EducationLevel,
  type HouseholdRelation,
  type ImportColumn,
  importColumns,
  normaliseText,
  ZPersonName,
} from '@qiaoti/contracts';
import { type Cell, cellText, type SheetRow } from './imports-sheet.ts';

/**
 * From sheet rows to what an import writes: the header row found among the first rows, each data row read and
 * checked with the same standards the registry's forms use, and rows grouped into households so that a household
 * with any bad member is rejected whole. Pure: no database (checks against registered data happen per chunk).
 */

export interface PlaceLookup {
  /** Every place code (province … village). */
  codes: ReadonlySet<string>;
  villageCodes: ReadonlySet<string>;
  /** Short village name (no 村委会/社区居民委员会 …) → codes (a name can recur in two townships). */
  villagesByName: ReadonlyMap<string, readonly string[]>;
  /** Short township name (no 镇/乡/街道) → code. */
  townshipsByName: ReadonlyMap<string, string>;
  countyCode: string;
  countyName: string;
}

export interface PlaceRecord {
  code: string;
  name: string;
  level: string;
}

const villageSuffixes = ['社区居民委员会', '居民委员会', '村民委员会', '村委会', '居委会', '社区', '村'];
const townshipSuffixes = ['街道办事处', '办事处', '街道', '镇', '乡'];

function shortName(name: string, suffixes: readonly string[]): string {
  const s = normaliseText(name).replace(/[()]/g, '');
  for (const suffix of suffixes)
    if (s.length > suffix.length && s.endsWith(suffix)) return s.slice(0, -suffix.length);
  return s;
}

export function buildPlaceLookup(places: readonly PlaceRecord[]): PlaceLookup {
  const codes = new Set<string>();
  const villageCodes = new Set<string>();
  const villagesByName = new Map<string, string[]>();
  const townshipsByName = new Map<string, string>();
  let countyCode = '';
  let countyName = '';
  for (const p of places) {
    codes.add(p.code);
    if (p.level === 'village') {
      villageCodes.add(p.code);
      const key = shortName(p.name, villageSuffixes);
      villagesByName.set(key, [...(villagesByName.get(key) ?? []), p.code]);
    } else if (p.level === 'township') {
      townshipsByName.set(shortName(p.name, townshipSuffixes), p.code);
    } else if (p.level === 'county') {
      countyCode = p.code;
      countyName = p.name;
    }
  }
  return { codes, villageCodes, villagesByName, townshipsByName, countyCode, countyName };
}

// ── Header ────────────────────────────────────────────────────────────────────────────────────────────────────

const headerKey = (s: string) =>
  normaliseText(s)
    .replace(/^[*＊]+|[*＊:：]+$/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');

const headerIndex = new Map<string, ImportColumn>();
for (const [column, variants] of Object.entries(importColumns) as [ImportColumn, readonly string[]][])
  for (const v of variants) headerIndex.set(headerKey(v), column);

export interface HeaderMatch {
  rowNumber: number;
  /** The header row's cells as text, for the report of failed rows. */
  headers: string[];
  /** Column → 0-based cell index. */
  columns: Partial<Record<ImportColumn, number>>;
}

/**
 * The header is the row, among the first ten, that names the most known columns; it must name the ID number and
 * the name. Title rows and merged cells above it are skipped.
 */
export function findHeader(rows: readonly SheetRow[], scan = 10): HeaderMatch | { error: string } {
  let best: HeaderMatch | undefined;
  let bestCount = 0;
  for (const row of rows.slice(0, scan)) {
    const columns: Partial<Record<ImportColumn, number>> = {};
    let count = 0;
    row.cells.forEach((cell, i) => {
      if (typeof cell !== 'string') return;
      const column = headerIndex.get(headerKey(cell));
      if (column && columns[column] === undefined) {
        columns[column] = i;
        count++;
      }
    });
    if (columns.idNumber !== undefined && columns.name !== undefined && count > bestCount) {
      best = { rowNumber: row.rowNumber, headers: row.cells.map(cellText), columns };
      bestCount = count;
    }
  }
  return (
    best ?? {
      error: `未找到表头：前 ${scan} 行中没有同时包含“身份证号”（或公民身份号码、证件号码）和“姓名”的一行`,
    }
  );
}

// ── Fields ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface RowIssue {
  field: string;
  reason: string;
}

export interface PersonInput {
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  hukouPlaceCode: string | null;
  hukouKind: 'agricultural' | 'non_agricultural' | 'resident' | null;
  villageCode: string | null;
  education: EducationLevel | null;
  relation: HouseholdRelation | null;
}

const text = (c: Cell | undefined): string => (c === undefined || c === null ? '' : cellText(c).trim());

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug folded in for every serial after February 1900). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const isoOf = (y: number, m: number, d: number): string | null => {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return t.toISOString().slice(0, 10);
};

/**
 * A birth date as government sheets write it: a date cell, an Excel serial number, `1990-05-01`, `1990-5-1`,
 * `1990.05.01`, `1990/5/1`, `1990年5月1日`, `19900501`; or only year and month (`1990.05`, `1990年5月`), which
 * is compared as such. Returns the ISO date (or `YYYY-MM`), or null when it is not a date.
 */
export function parseDateCell(c: Cell): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 29991231)
      return isoOf(Math.floor(c / 10000), Math.floor(c / 100) % 100, c % 100);
    if (c >= 1 && c < 2958466)
      return new Date(EXCEL_EPOCH + Math.floor(c) * 86_400_000).toISOString().slice(0, 10);
    return null;
  }
  if (typeof c !== 'string') return null;
  const s = normaliseText(c);
  let m = /^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})[.\-/年](\d{1,2})月?$/.exec(s);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, '0')}` : null;
  }
  return null;
}

const educationRules: [RegExp, EducationLevel][] = [
  [/博士/, 'doctorate'],
  [/硕士|研究生/, 'master'],
  [/本科|^大学$/, 'bachelor'],
  [/大专|专科|高职/, 'junior_college'],
  [/中专|技校|职高|中技|中职/, 'secondary_vocational'],
  [/高中/, 'senior_secondary'],
  [/初中/, 'junior_secondary'],
  [/小学/, 'primary'],
  [/文盲|未上|未受|学龄前|^无$/, 'none'],
];

const relationRules: [RegExp, HouseholdRelation][] = [
  [/户主|本人/, 'head'],
  [/配偶|妻|夫/, 'spouse'],
  [/儿媳|女婿/, 'child_in_law'],
  [/孙/, 'grandchild'],
  [/公公|婆婆|岳父|岳母/, 'parent_in_law'],
  [/祖父|祖母|外祖|爷爷|奶奶|姥/, 'grandparent'],
  [/父|母/, 'parent'],
  [/子|女|儿/, 'child'],
  [/兄|弟|姐|妹/, 'sibling'],
];

const genderOf = (s: string): 'M' | 'F' | null => {
  const v = normaliseText(s).toUpperCase();
  if (v === '男' || v === 'M' || v === '1' || v === '男性') return 'M';
  if (v === '女' || v === 'F' || v === '2' || v === '女性') return 'F';
  return null;
};

const hukouKindOf = (s: string): PersonInput['hukouKind'] | undefined => {
  const v = normaliseText(s);
  if (/非农|城镇/.test(v)) return 'non_agricultural';
  if (/农业|农村/.test(v)) return 'agricultural';
  if (/居民/.test(v)) return 'resident';
  return undefined;
};

/** A Chinese name written with spaces to line it up (`张  三`) is the name without them. */
const cleanName = (s: string) => {
  const t = s.replace(/[\u3000\u00A0]/g, ' ').trim();
  return /^[\p{Script=Han}\s]+$/u.test(t) ? t.replace(/\s+/g, '') : t.replace(/\s+/g, ' ');
};

function resolveVillage(
  codeCell: string,
  nameCell: string,
  townshipCell: string,
  places: PlaceLookup,
): { code: string | null } | { error: RowIssue } {
  if (codeCell) {
    const code = normaliseText(codeCell);
    if (!/^\d{12}$/.test(code))
      return { error: { field: '居住村(社区)代码', reason: '居住村（社区）代码须为 12 位数字' } };
    if (!places.villageCodes.has(code))
      return {
        error: { field: '居住村(社区)代码', reason: `居住村（社区）代码 ${code} 不是中牟县的村（社区）` },
      };
    return { code };
  }
  if (!nameCell) return { code: null };
  let candidates = places.villagesByName.get(shortName(nameCell, villageSuffixes)) ?? [];
  if (townshipCell) {
    const township = places.townshipsByName.get(shortName(townshipCell, townshipSuffixes));
    if (!township)
      return { error: { field: '乡镇', reason: `乡镇（街道）“${townshipCell}”不是中牟县的乡镇（街道）` } };
    candidates = candidates.filter((c) => c.startsWith(township));
  }
  if (candidates.length === 1 && candidates[0]) return { code: candidates[0] };
  if (candidates.length === 0)
    return { error: { field: '村(社区)', reason: `村（社区）“${nameCell}”不在中牟县的村（社区）名单中` } };
  return {
    error: {
      field: '村(社区)',
      reason: `中牟县有 ${candidates.length} 个“${nameCell}”，请填写村代码或加“乡镇”列`,
    },
  };
}

function resolveHukouPlace(s: string, places: PlaceLookup): { code: string | null } | { error: RowIssue } {
  const v = normaliseText(s);
  if (/^\d+$/.test(v)) {
    if (places.codes.has(v)) return { code: v };
    return { error: { field: '户籍地', reason: `户籍地代码 ${v} 不存在` } };
  }
  // An address: the village, if it names one of the county's (within its township when it names one too).
  let township: string | undefined;
  for (const [name, code] of places.townshipsByName) if (v.includes(name)) township = code;
  for (const [name, codes] of places.villagesByName) {
    if (name.length < 2 || !v.includes(name)) continue;
    const inTownship = township ? codes.filter((c) => c.startsWith(township)) : codes;
    if (inTownship.length === 1 && inTownship[0]) return { code: inTownship[0] };
  }
  if (township) return { code: township };
  if (v.includes(shortName(places.countyName, ['县']))) return { code: places.countyCode };
  return { code: null }; // outside the county: the place is not one of ours to code
}

export interface ReadRow {
  rowNumber: number;
  cells: Cell[];
  person: PersonInput | null;
  issues: RowIssue[];
  /** 户号, or the head's ID number, normalised; null for a person outside any household. */
  householdKey: string | null;
  householdNumber: string | null;
  headIdNumber: string | null;
}

/** Reads and checks one data row. Returns null for a row with neither ID number nor name (blank, or a footer). */
export function readRow(
  row: SheetRow,
  columns: HeaderMatch['columns'],
  places: PlaceLookup,
  today: Date,
): ReadRow | null {
  const cell = (c: ImportColumn): Cell | undefined => {
    const i = columns[c];
    return i === undefined ? undefined : row.cells[i];
  };
  const idCell = cell('idNumber');
  const nameText = cleanName(text(cell('name')));
  if ((idCell === null || idCell === undefined || text(idCell) === '') && nameText === '') return null;

  const issues: RowIssue[] = [];
  let id: ReturnType<typeof checkIdNumber> | undefined;
  if (typeof idCell === 'number') {
    issues.push({
      field: '身份证号',
      reason:
        '身份证号单元格是数字格式：Excel 只保留 15 位有效数字，后几位已丢失，无法还原；请把该列设为文本格式后重新录入',
    });
  } else {
    id = checkIdNumber(text(idCell), today);
    if (!id.ok) issues.push({ field: '身份证号', reason: id.reason });
  }

  const name = ZPersonName.safeParse(nameText);
  if (!name.success) issues.push({ field: '姓名', reason: name.error.issues[0]?.message ?? '姓名不正确' });

  const genderText = text(cell('gender'));
  const gender = genderText ? genderOf(genderText) : null;
  if (genderText && !gender)
    issues.push({ field: '性别', reason: `性别“${genderText}”不认识（应为 男 或 女）` });
  if (gender && id?.ok && gender !== id.gender)
    issues.push({
      field: '性别',
      reason: `性别与身份证号不符（身份证号为${id.gender === 'M' ? '男' : '女'}性）`,
    });

  const birthCell = cell('birthDate');
  if (birthCell !== undefined && birthCell !== null && text(birthCell) !== '') {
    const birth = parseDateCell(birthCell);
    if (!birth)
      issues.push({
        field: '出生日期',
        reason: `出生日期“${text(birthCell)}”不是日期（可写 1990-05-01、1990.05.01 或 1990年5月1日）`,
      });
    else if (id?.ok && !id.birthDate.startsWith(birth))
      issues.push({
        field: '出生日期',
        reason: `出生日期 ${birth} 与身份证号中的出生日期 ${id.birthDate} 不符`,
      });
  }

  let phone: string | null = null;
  const phoneCell = cell('phone');
  const phoneText =
    typeof phoneCell === 'number' && Number.isInteger(phoneCell) ? String(phoneCell) : text(phoneCell);
  if (phoneText) {
    const p = checkPhone(phoneText);
    if (p.ok) phone = p.phone;
    else issues.push({ field: '联系电话', reason: p.reason });
  }

  let villageCode: string | null = null;
  const village = resolveVillage(
    text(cell('villageCode')),
    text(cell('villageName')),
    text(cell('townshipName')),
    places,
  );
  if ('error' in village) issues.push(village.error);
  else villageCode = village.code;

  let hukouPlaceCode: string | null = null;
  const hukouText = text(cell('hukouPlace'));
  if (hukouText) {
    const h = resolveHukouPlace(hukouText, places);
    if ('error' in h) issues.push(h.error);
    else hukouPlaceCode = h.code;
  }

  let hukouKind: PersonInput['hukouKind'] = null;
  const kindText = text(cell('hukouKind'));
  if (kindText) {
    const k = hukouKindOf(kindText);
    if (k === undefined)
      issues.push({
        field: '户口性质',
        reason: `户口性质“${kindText}”不认识（应为 农业户口、非农业户口 或 居民户口）`,
      });
    else hukouKind = k;
  }

  let education: EducationLevel | null = null;
  const educationText = normaliseText(text(cell('education')));
  if (educationText) {
    const e = educationRules.find(([re]) => re.test(educationText));
    if (e) education = e[1];
    else
      issues.push({
        field: '文化程度',
        reason: `文化程度“${educationText}”不认识（可填 未上过学、小学、初中、高中、中专/技校、大专、大学本科、硕士研究生、博士研究生）`,
      });
  }

  const relationText = normaliseText(text(cell('relation')));
  const relation: HouseholdRelation | null = relationText
    ? (relationRules.find(([re]) => re.test(relationText))?.[1] ?? 'other')
    : null;

  const householdNumberCell = cell('householdNumber');
  const householdNumber =
    householdNumberCell === undefined || householdNumberCell === null
      ? ''
      : normaliseText(
          typeof householdNumberCell === 'number' ? String(householdNumberCell) : text(householdNumberCell),
        );
  let headIdNumber: string | null = null;
  const headText = typeof cell('headIdNumber') === 'number' ? '' : text(cell('headIdNumber'));
  if (headText) {
    const h = checkIdNumber(headText, today);
    if (h.ok) headIdNumber = h.idNumber;
    else issues.push({ field: '户主身份证号', reason: `户主身份证号有误：${h.reason}` });
  } else if (typeof cell('headIdNumber') === 'number') {
    issues.push({
      field: '户主身份证号',
      reason: '户主身份证号单元格是数字格式，后几位已丢失；请把该列设为文本格式后重新录入',
    });
  }

  const ok = issues.length === 0 && id?.ok === true && name.success;
  return {
    rowNumber: row.rowNumber,
    cells: row.cells,
    person:
      ok && id?.ok
        ? {
            idNumber: id.idNumber,
            name: name.data,
            gender: id.gender,
            birthDate: id.birthDate,
            phone,
            hukouPlaceCode,
            hukouKind,
            villageCode,
            education,
            relation,
          }
        : null,
    issues,
    householdKey: householdNumber ? `no:${householdNumber}` : headIdNumber ? `head:${headIdNumber}` : null,
    householdNumber: householdNumber || null,
    headIdNumber,
  };
}

// ── Households ────────────────────────────────────────────────────────────────────────────────────────────────

export interface ImportGroup {
  /** null: a person outside any household. */
  householdNumber: string | null;
  isHousehold: boolean;
  rows: ReadRow[];
  /** Index in `rows` of the head (households only). */
  headIndex: number;
  villageCode: string | null;
  /** Why the whole group is rejected (a household problem), if it is. */
  groupIssue: string | null;
}

export interface ImportPlan {
  header: HeaderMatch;
  groups: ImportGroup[];
  /** Data rows read (blank rows and footers without ID number and name are not counted). */
  rowCount: number;
}

/**
 * Reads every row, marks ID numbers repeated within the file, and groups rows into households (by 户号, else by the
 * head's ID number) in order of first appearance. Deterministic: a resumed job plans the same groups in the
 * same order, so its checkpoint (a group index) means the same thing.
 */
export function planImport(
  rows: readonly SheetRow[],
  places: PlaceLookup,
  today: Date,
): ImportPlan | { error: string } {
  const header = findHeader(rows);
  if ('error' in header) return header;
  const read: ReadRow[] = [];
  for (const row of rows) {
    if (row.rowNumber <= header.rowNumber) continue;
    const r = readRow(row, header.columns, places, today);
    if (r) read.push(r);
  }

  const firstRowOf = new Map<string, number>();
  for (const r of read) {
    if (!r.person) continue;
    const first = firstRowOf.get(r.person.idNumber);
    if (first === undefined) firstRowOf.set(r.person.idNumber, r.rowNumber);
    else {
      r.issues.push({ field: '身份证号', reason: `身份证号与第 ${first} 行重复` });
      r.person = null;
    }
  }

  const groups: ImportGroup[] = [];
  const byKey = new Map<string, ImportGroup>();
  for (const r of read) {
    if (r.householdKey === null) {
      groups.push({
        householdNumber: null,
        isHousehold: false,
        rows: [r],
        headIndex: 0,
        villageCode: null,
        groupIssue: null,
      });
      continue;
    }
    let g = byKey.get(r.householdKey);
    if (!g) {
      g = {
        householdNumber: r.householdNumber,
        isHousehold: true,
        rows: [],
        headIndex: -1,
        villageCode: null,
        groupIssue: null,
      };
      byKey.set(r.householdKey, g);
      groups.push(g);
    }
    g.rows.push(r);
  }

  const hasRelation = header.columns.relation !== undefined;
  for (const g of groups) {
    if (!g.isHousehold) continue;
    const headId = g.rows.find((r) => r.headIdNumber)?.headIdNumber ?? null;
    let heads: number[];
    if (hasRelation)
      heads = g.rows.flatMap((r, i) =>
        r.person?.relation === 'head' || (headId && r.person?.idNumber === headId) ? [i] : [],
      );
    else if (headId) heads = g.rows.flatMap((r, i) => (r.person?.idNumber === headId ? [i] : []));
    else heads = [0];
    // Rows that failed their own checks cannot be told apart as head or not; their own reasons say enough.
    if (g.rows.some((r) => !r.person)) continue;
    if (heads.length === 0)
      g.groupIssue = headId
        ? '户主（户主身份证号所指的人）不在本表中，整户未导入'
        : '该户没有户主（与户主关系为“户主”的一行），整户未导入';
    else if (heads.length > 1) g.groupIssue = `该户有 ${heads.length} 个户主，整户未导入`;
    else {
      g.headIndex = heads[0] ?? 0;
      g.villageCode =
        g.rows[g.headIndex]?.person?.villageCode ??
        g.rows.find((r) => r.person?.villageCode)?.person?.villageCode ??
        null;
      if (!g.villageCode) g.groupIssue = '该户没有填写居住村（社区），无法建立家庭户，整户未导入';
    }
  }
  return { header, groups, rowCount: read.length };
}

/** Every row of a rejected group with the reason shown for it: its own, or why the household was turned away. */
export function rejectionReasons(
  g: ImportGroup,
  extra: ReadonlyMap<number, string> = new Map(),
): Map<number, RowIssue> {
  const out = new Map<number, RowIssue>();
  const bad = g.rows.filter((r) => r.issues.length > 0 || extra.has(r.rowNumber)).map((r) => r.rowNumber);
  for (const r of g.rows) {
    const own = [
      ...r.issues.map((i) => i.reason),
      ...(extra.has(r.rowNumber) ? [extra.get(r.rowNumber) ?? ''] : []),
    ];
    if (own.length) {
      const tail = g.isHousehold && g.rows.length > 1 ? '；整户未导入' : '';
      out.set(r.rowNumber, { field: r.issues[0]?.field ?? '身份证号', reason: `${own.join('；')}${tail}` });
    } else if (g.groupIssue) out.set(r.rowNumber, { field: '户号', reason: g.groupIssue });
    else out.set(r.rowNumber, { field: '户号', reason: `同户成员第 ${bad.join('、')} 行有误，整户未导入` });
  }
  return out;
}

export const isGroupValid = (g: ImportGroup): boolean =>
  g.groupIssue === null && g.rows.every((r) => r.person !== null);
