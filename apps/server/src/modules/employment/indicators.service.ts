import {
  type IndicatorKey,
  indicatorCoverageNote,
  indicatorDefinitions,
  indicatorKeys,
  type TIndicatorEntry,
  type TIndicatorEntryList,
  type TIndicatorEntryRequest,
  type TIndicatorQuery,
  type TIndicatorReport,
  type TIndicatorRow,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type PlaceEntry, placeIndex } from '../registry/places.repository.ts';
import { unknownCode } from '../registry/places.service.ts';
import { type GigDeps, gigScopeOf } from './gig.service.ts';
import {
  countAssistanceCases,
  countEmploymentEntries,
  countEmploymentExits,
  countPlacements,
  countRegisteredUnemployed,
  countRetention,
  countZeroEmploymentCleared,
  countZeroEmploymentOnList,
  findEntry,
  listEntries,
  type MonthCount,
  upsertEntry,
} from './indicators.repository.ts';

export type IndicatorDeps = GigDeps;

const COUNTY = '410122';
const SURVEYED = 'surveyed_unemployment_rate';

/** County staff (employment duties) see every township and the county total; township staff their own township. */
async function indicatorScope(db: Kysely<DB>, actor: Actor): Promise<{ township: string | null }> {
  if (!actor.permissions.has('employment.read') && !actor.permissions.has('employment.manage'))
    throw new AppError('FORBIDDEN');
  const scope = await gigScopeOf(db, actor);
  if (scope.kind === 'county') return { township: null };
  if (scope.kind === 'township') return { township: scope.townshipCode };
  throw new AppError('FORBIDDEN');
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s > to) break;
    out.push(s);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

export function monthEnd(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

const rate = (num: number, den: number): number | null => (den > 0 ? Math.round((num * 10_000) / den) : null);

type Counts = Omit<
  TIndicatorRow,
  | 'month'
  | 'areaCode'
  | 'areaName'
  | 'retention1'
  | 'retention3'
  | 'retention6'
  | 'surveyedUnemploymentRate'
  | 'surveyedUnemploymentSource'
> & { ret: Record<1 | 3 | 6, { employed: number; checked: number }> };

const emptyCounts = (): Counts => ({
  newJobsGross: 0,
  newJobsNet: 0,
  registeredUnemployed: 0,
  placements: 0,
  assistanceOpened: 0,
  assistanceClosed: 0,
  zeroEmploymentCleared: 0,
  zeroEmploymentOnList: 0,
  ret: { 1: { employed: 0, checked: 0 }, 3: { employed: 0, checked: 0 }, 6: { employed: 0, checked: 0 } },
});

/**
 * Indicators by township and month, computed from the employment tables, with the entered surveyed unemployment
 * rate beside them. County staff also get a county total per month (sums; rates recomputed from the totals).
 */
export async function getIndicatorReport(
  deps: IndicatorDeps,
  actor: Actor,
  query: TIndicatorQuery,
): Promise<TIndicatorReport> {
  const scope = await indicatorScope(deps.db, actor);
  const places = await placeIndex(deps.db);
  if (query.townshipCode && places.get(query.townshipCode)?.level !== 'township')
    throw unknownCode('townshipCode', query.townshipCode);
  if (scope.township && query.townshipCode && query.townshipCode !== scope.township)
    throw new AppError('FORBIDDEN', '只能查看本乡镇（街道）的指标');
  const township = scope.township ?? query.townshipCode;
  const months = monthsBetween(query.from, query.to);
  const lastMonth = months[months.length - 1] ?? query.to;
  const range = { from: `${query.from}-01`, to: monthEnd(lastMonth), township };

  const townships = [...places.values()]
    .filter((p) => p.level === 'township' && (!township || p.code === township))
    .map((p) => p.code)
    .sort();
  const cells = new Map<string, Counts>();
  const cell = (t: string, m: string): Counts | undefined => {
    if (!townships.includes(t)) return undefined; // a place outside the county's townships is not a row
    const key = `${t}|${m}`;
    let c = cells.get(key);
    if (!c) {
      c = emptyCounts();
      cells.set(key, c);
    }
    return c;
  };
  const add = (rows: MonthCount[], field: keyof Omit<Counts, 'ret'>, sign = 1) => {
    for (const r of rows) {
      const c = cell(r.township, r.month);
      if (c) c[field] += sign * r.n;
    }
  };

  const db = deps.db;
  const [entries, exits, placements, retention, opened, closed, cleared] = await Promise.all([
    countEmploymentEntries(db, range),
    countEmploymentExits(db, range),
    countPlacements(db, range),
    countRetention(db, range),
    countAssistanceCases(db, range, 'opened_on'),
    countAssistanceCases(db, range, 'closed_on'),
    countZeroEmploymentCleared(db, range),
  ]);
  add(entries, 'newJobsGross');
  add(entries, 'newJobsNet');
  add(exits, 'newJobsNet', -1);
  add(placements, 'placements');
  add(opened, 'assistanceOpened');
  add(closed, 'assistanceClosed');
  add(cleared, 'zeroEmploymentCleared');
  for (const r of retention) {
    const c = cell(r.township, r.month);
    const due = r.dueMonth === 1 || r.dueMonth === 3 || r.dueMonth === 6 ? r.dueMonth : null;
    if (c && due) {
      c.ret[due].employed += r.employed;
      c.ret[due].checked += r.checked;
    }
  }
  for (const m of months) {
    const end = monthEnd(m);
    const [unemployed, onList] = await Promise.all([
      countRegisteredUnemployed(db, end, township),
      countZeroEmploymentOnList(db, end, township),
    ]);
    add(
      unemployed.map((u) => ({ ...u, month: m })),
      'registeredUnemployed',
    );
    add(
      onList.map((u) => ({ ...u, month: m })),
      'zeroEmploymentOnList',
    );
  }

  const surveyed = await listEntries(db, {
    indicator: SURVEYED,
    from: query.from,
    to: lastMonth,
    areaCodes: scope.township ? [scope.township] : township ? [township, COUNTY] : undefined,
  });
  const surveyedOf = new Map(surveyed.map((e) => [`${e.areaCode}|${e.month}`, e]));

  const toRow = (areaCode: string, month: string, c: Counts): TIndicatorRow => {
    const s = surveyedOf.get(`${areaCode}|${month}`);
    return {
      month,
      areaCode,
      areaName: areaName(places, areaCode),
      newJobsGross: c.newJobsGross,
      newJobsNet: c.newJobsNet,
      registeredUnemployed: c.registeredUnemployed,
      placements: c.placements,
      retention1: rate(c.ret[1].employed, c.ret[1].checked),
      retention3: rate(c.ret[3].employed, c.ret[3].checked),
      retention6: rate(c.ret[6].employed, c.ret[6].checked),
      assistanceOpened: c.assistanceOpened,
      assistanceClosed: c.assistanceClosed,
      zeroEmploymentCleared: c.zeroEmploymentCleared,
      zeroEmploymentOnList: c.zeroEmploymentOnList,
      surveyedUnemploymentRate: s ? s.value : null,
      surveyedUnemploymentSource: s ? s.source : null,
    };
  };

  const rows: TIndicatorRow[] = [];
  for (const m of months) {
    const total = emptyCounts();
    for (const t of townships) {
      const c = cells.get(`${t}|${m}`) ?? emptyCounts();
      rows.push(toRow(t, m, c));
      for (const k of [
        'newJobsGross',
        'newJobsNet',
        'registeredUnemployed',
        'placements',
        'assistanceOpened',
        'assistanceClosed',
        'zeroEmploymentCleared',
        'zeroEmploymentOnList',
      ] as const)
        total[k] += c[k];
      for (const d of [1, 3, 6] as const) {
        total.ret[d].employed += c.ret[d].employed;
        total.ret[d].checked += c.ret[d].checked;
      }
    }
    if (!township) rows.push(toRow(COUNTY, m, total));
  }

  return {
    from: query.from,
    to: lastMonth,
    months,
    rows,
    definitions: indicatorKeys.map((key: IndicatorKey) => ({ key, ...indicatorDefinitions[key] })),
    coverageNote: indicatorCoverageNote,
  };
}

function areaName(places: Map<string, PlaceEntry>, code: string): string {
  if (code === COUNTY) return '中牟县（合计）';
  return places.get(code)?.name ?? code;
}

// ── Excel export ────────────────────────────────────────────────────────────────────────────────────────────────

/** exceljs loads on first use (as in imports): a server start should not pay for it. */
async function loadExcelJs() {
  return (await import('exceljs')).default;
}

const columns: {
  key: Exclude<keyof TIndicatorRow, 'month' | 'areaCode' | 'areaName' | 'surveyedUnemploymentSource'>;
  rate: boolean;
}[] = [
  { key: 'newJobsGross', rate: false },
  { key: 'newJobsNet', rate: false },
  { key: 'registeredUnemployed', rate: false },
  { key: 'placements', rate: false },
  { key: 'retention1', rate: true },
  { key: 'retention3', rate: true },
  { key: 'retention6', rate: true },
  { key: 'assistanceOpened', rate: false },
  { key: 'assistanceClosed', rate: false },
  { key: 'zeroEmploymentCleared', rate: false },
  { key: 'zeroEmploymentOnList', rate: false },
  { key: 'surveyedUnemploymentRate', rate: true },
];

/** The same report as a real .xlsx: one sheet of numbers (rates as percent values), one of definitions. Audited. */
export async function exportIndicatorReport(
  deps: IndicatorDeps,
  actor: Actor,
  query: TIndicatorQuery,
): Promise<{ fileName: string; content: Buffer }> {
  const report = await getIndicatorReport(deps, actor, query);
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('就业指标');
  const header = [
    '月份',
    '区域代码',
    '区域',
    ...columns.map((c) => `${indicatorDefinitions[c.key].label}（${indicatorDefinitions[c.key].unit}）`),
    '调查失业率来源',
  ];
  sheet.addRow(header).font = { bold: true };
  for (const r of report.rows) {
    sheet.addRow([
      r.month,
      r.areaCode,
      r.areaName,
      ...columns.map((c) => {
        const v = r[c.key];
        return v === null ? null : c.rate ? v / 100 : v;
      }),
      r.surveyedUnemploymentSource ?? '',
    ]);
  }
  sheet.getColumn(2).numFmt = '@';
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 4);
    col.width = 16;
    if (c.rate) col.numFmt = '0.00';
  });
  sheet.getColumn(3).width = 16;
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 3 }];
  const defs = workbook.addWorksheet('口径说明');
  defs.addRow(['指标', '单位', '口径']).font = { bold: true };
  for (const d of report.definitions) defs.addRow([d.label, d.unit, d.definition]);
  defs.addRow([]);
  defs.addRow(['说明', '', report.coverageNote]);
  defs.getColumn(1).width = 36;
  defs.getColumn(3).width = 100;
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  await recordAudit(deps.db, actor, {
    event: 'export',
    objectType: 'indicator_report',
    objectId: null,
    details: {
      from: report.from,
      to: report.to,
      townshipCode: query.townshipCode ?? null,
      rows: report.rows.length,
    },
    at: deps.clock(),
  });
  return { fileName: `就业指标-${report.from}至${report.to}.xlsx`, content };
}

// ── Entered series ──────────────────────────────────────────────────────────────────────────────────────────────

function presentEntry(
  places: Map<string, PlaceEntry>,
  e: Awaited<ReturnType<typeof listEntries>>[number],
): TIndicatorEntry {
  return {
    id: e.id,
    indicator: e.indicator,
    areaCode: e.areaCode,
    areaName: areaName(places, e.areaCode),
    month: e.month,
    value: e.value,
    source: e.source,
    note: e.note,
    enteredAt: e.enteredAt.toISOString(),
  };
}

/** Staff with employment.manage enter (or correct) a month's surveyed unemployment rate for the county or a township. */
export async function enterIndicatorValue(
  deps: IndicatorDeps,
  actor: Actor,
  input: TIndicatorEntryRequest,
): Promise<TIndicatorEntry> {
  if (!actor.permissions.has('employment.manage')) throw new AppError('FORBIDDEN');
  const scope = await indicatorScope(deps.db, actor);
  const places = await placeIndex(deps.db);
  const place = places.get(input.areaCode);
  if (!place || !(place.level === 'township' || input.areaCode === COUNTY))
    throw unknownCode('areaCode', input.areaCode);
  if (scope.township && input.areaCode !== scope.township)
    throw new AppError('FORBIDDEN', '只能录入本乡镇（街道）的数值');
  const value = Math.round(input.ratePercent * 100);
  const at = deps.clock();
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await findEntry(trx, input);
    const saved = await upsertEntry(trx, {
      indicator: input.indicator,
      areaCode: input.areaCode,
      month: input.month,
      value,
      source: input.source,
      note: input.note ?? null,
      enteredBy: actor.accountId,
      enteredAt: at,
    });
    await recordAudit(trx, actor, {
      event: 'indicator.entry',
      objectType: 'indicator_entry',
      objectId: saved.id,
      details: {
        indicator: input.indicator,
        areaCode: input.areaCode,
        month: input.month,
        value,
        previousValue: before?.value ?? null,
        source: input.source,
      },
      at,
    });
    return saved;
  });
  return presentEntry(places, row);
}

export async function listIndicatorEntries(
  deps: IndicatorDeps,
  actor: Actor,
  query: { from: string; to: string },
): Promise<TIndicatorEntryList> {
  const scope = await indicatorScope(deps.db, actor);
  const places = await placeIndex(deps.db);
  const rows = await listEntries(deps.db, {
    indicator: SURVEYED,
    from: query.from,
    to: query.to,
    areaCodes: scope.township ? [scope.township] : undefined,
  });
  return { entries: rows.map((e) => presentEntry(places, e)) };
}
