import { randomUUID } from 'node:crypto';
import {
  idNumberCheckChar,
  importJobKind,
  importMaxBytes,
  importMaxRows,
  importReasonHeader,
  importRowNumberHeader,
  maskIdNumber,
  maskPhone,
  type TImportResult,
} from '@qiaoti/contracts';
import { type DB, type JobRow, type PiiCrypto, type PiiPreparer, sm3Hex, startPiiPreparer } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';
import { type Actor, hasPermission } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { findJobInput, insertRowErrors, listRowErrors, type RowError } from '../jobs/jobs.repository.ts';
import type { JobRun, JobRunner } from '../jobs/jobs.runner.ts';
import { getJob } from '../jobs/jobs.service.ts';
import {
  canLoadWithoutRowTriggers,
  deferCommitFlush,
  findExistingHouseholdNumbers,
  findMissingPlaceCodes,
  findRegisteredIdIndexes,
  type HouseholdInsert,
  insertHouseholds,
  insertMembers,
  insertPersons,
  listPlaces,
  type MemberInsert,
  type PersonInsert,
  withoutRowTriggers,
} from './imports.repository.ts';
import {
  buildPlaceLookup,
  type ImportGroup,
  isGroupValid,
  planImport,
  type RowIssue,
  rejectionReasons,
} from './imports-rows.ts';
import { cellText, readSheet, sniffFormat } from './imports-sheet.ts';

/** exceljs (writing only) loads on first use: it costs ~0.5 s, which a server start should not pay. */
async function loadExcelJs() {
  return (await import('exceljs')).default;
}

/** Rows written per transaction (whole households, so a chunk can run a little over). */
export const IMPORT_CHUNK_ROWS = 2000;

export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

/**
 * Checks the file is really an .xlsx or a text CSV, stores it with a new import job, and queues the job. The actor
 * is null for the command line (an operator on the server, recorded as such in the audit log by the CLI).
 */
export async function startImport(
  jobs: JobRunner,
  actor: Actor | null,
  file: UploadedFile,
  options: { chunkRows?: number; prepareInWorker?: boolean } = {},
): Promise<{ jobId: string }> {
  if (actor && !hasPermission(actor, 'registry.import')) throw new AppError('FORBIDDEN');
  if (file.content.length > importMaxBytes) throw new AppError('PAYLOAD_TOO_LARGE');
  const format = sniffFormat(file.content, file.fileName);
  const fileName = file.fileName.replace(/[\\/]/g, '_').slice(0, 200) || `import.${format}`;
  const jobId = await jobs.enqueue(
    importJobKind,
    {
      fileName,
      format,
      chunkRows: options.chunkRows ?? IMPORT_CHUNK_ROWS,
      ...(options.prepareInWorker === undefined ? {} : { prepareInWorker: options.prepareInWorker }),
    },
    { createdBy: actor?.accountId ?? null, organisationId: actor?.organisationId ?? null },
    {
      fileName,
      mediaType:
        format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
      digest: sm3Hex(file.content),
      content: file.content,
    },
  );
  return { jobId };
}

interface ImportCheckpoint {
  nextGroup: number;
  rowsDone: number;
  rowsImported: number;
  rowsRejected: number;
  householdsImported: number;
  householdsRejected: number;
  headerRow: number;
  headers: string[];
}

function readCheckpoint(raw: unknown): ImportCheckpoint | null {
  if (raw === null || typeof raw !== 'object') return null;
  const c = raw as Partial<ImportCheckpoint>;
  return typeof c.nextGroup === 'number' && Array.isArray(c.headers) ? (c as ImportCheckpoint) : null;
}

const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** The import job: read the stored file, plan households, then write chunk by chunk from the checkpoint. */
export async function runImportJob(run: JobRun): Promise<TImportResult> {
  const { db } = run.ctx.database;
  let mark = performance.now();
  const input = await findJobInput(db, run.job.id);
  if (!input) throw new Error('导入文件已不存在');
  // prepareWaitMs: waiting for the worker thread's part of the preparation (the rest of prepareMs is the main
  // thread's: building rows, the chunk's lookups of already registered IDs and household numbers). commitMs: the
  // chunk's progress row and COMMIT. loadMs: reading the stored file from the database.
  const timings = {
    loadMs: performance.now() - mark,
    readMs: 0,
    checkMs: 0,
    prepareMs: 0,
    prepareWaitMs: 0,
    writeMs: 0,
    commitMs: 0,
  };
  mark = performance.now();
  const lap = (key: keyof typeof timings) => {
    const now = performance.now();
    timings[key] += now - mark;
    mark = now;
  };
  const rows = readSheet(input.content, sniffFormat(input.content, input.fileName));
  lap('readMs');
  const places = buildPlaceLookup(await listPlaces(db));
  const now = run.ctx.clock();
  const plan = planImport(rows, places, now);
  lap('checkMs');
  if ('error' in plan) throw new Error(plan.error);
  if (plan.rowCount > importMaxRows)
    throw new Error(`文件有 ${plan.rowCount} 行，单个文件最多导入 ${importMaxRows} 行，请拆分后分别导入`);
  if (run.job.progressTotal !== plan.rowCount) await run.setTotal(plan.rowCount);

  let cp: ImportCheckpoint = readCheckpoint(run.checkpoint) ?? {
    nextGroup: 0,
    rowsDone: 0,
    rowsImported: 0,
    rowsRejected: 0,
    householdsImported: 0,
    householdsRejected: 0,
    headerRow: plan.header.rowNumber,
    headers: plan.header.headers,
  };
  const fromDate = shanghaiDay.format(now);
  const chunkRows =
    typeof run.params.chunkRows === 'number' && run.params.chunkRows > 0
      ? run.params.chunkRows
      : IMPORT_CHUNK_ROWS;
  const { groups } = plan;
  // PGlite: load without the per-row foreign-key triggers, checking the same references per chunk instead
  // (canLoadWithoutRowTriggers); they were 40–50 % of the write time.
  const withoutTriggers = run.ctx.database.kind === 'pglite' && (await canLoadWithoutRowTriggers(db));
  const boundsFrom = (from: number) => {
    let end = from;
    let size = 0;
    while (end < groups.length && size < chunkRows) size += groups[end++]?.rows.length ?? 0;
    return { end, size };
  };
  // The next chunk's blind indexes and sealed numbers are computed on a worker thread while this chunk is
  // written (PGlite writes on the main thread): preparation was 3.4–3.8 s of a 100,000-row import's ~19 s.
  const inWorker =
    typeof run.params.prepareInWorker === 'boolean'
      ? run.params.prepareInWorker
      : plan.rowCount >= PREPARE_IN_WORKER_ROWS;
  let preparer: PiiPreparer | null = inWorker ? startPiiPreparer(run.ctx.pii) : null;
  const startedInWorker = preparer !== null;
  let pending = preparer
    ? prepareAhead(preparer, groups.slice(cp.nextGroup, boundsFrom(cp.nextGroup).end))
    : null;
  try {
    while (cp.nextGroup < groups.length) {
      run.throwIfStopping();
      const { end, size } = boundsFrom(cp.nextGroup);
      const chunk = groups.slice(cp.nextGroup, end);
      mark = performance.now();
      // A worker that fails (it could not start, or died) costs speed, not the import: the chunk is prepared
      // on the main thread, as small imports are.
      const prepared = pending ? await pending.catch(() => null) : null;
      if (pending && !prepared) {
        await preparer?.close();
        preparer = null;
      }
      lap('prepareWaitMs');
      pending =
        preparer && end < groups.length
          ? prepareAhead(preparer, groups.slice(end, boundsFrom(end).end))
          : null;
      const before = cp;
      let next = cp;
      await run.commitChunk(async (trx) => {
        mark = performance.now();
        const s = await writeChunk(
          trx,
          run.ctx.pii,
          run.job.id,
          chunk,
          fromDate,
          lap,
          withoutTriggers,
          prepared,
        );
        next = {
          ...before,
          nextGroup: end,
          rowsDone: before.rowsDone + size,
          rowsImported: before.rowsImported + s.rowsImported,
          rowsRejected: before.rowsRejected + s.rowsRejected,
          householdsImported: before.householdsImported + s.householdsImported,
          householdsRejected: before.householdsRejected + s.householdsRejected,
        };
        return { done: next.rowsDone, checkpoint: next };
      });
      lap('commitMs');
      cp = next;
    }
  } finally {
    // A job stopped or failed mid-way leaves no request whose rejection nobody awaits, and no thread behind.
    pending?.catch(() => undefined);
    await preparer?.close();
  }
  return {
    rowsTotal: plan.rowCount,
    rowsImported: cp.rowsImported,
    rowsRejected: cp.rowsRejected,
    householdsImported: cp.householdsImported,
    householdsRejected: cp.householdsRejected,
    fileName: input.fileName,
    headerRow: cp.headerRow,
    columns: Object.keys(plan.header.columns),
    headers: cp.headers,
    timingsMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    preparedOn: startedInWorker && preparer ? 'worker' : 'main',
  };
}

interface ChunkStats {
  rowsImported: number;
  rowsRejected: number;
  householdsImported: number;
  householdsRejected: number;
}

/** Imports this large prepare on a worker thread; a small file is done before a thread would have started. */
const PREPARE_IN_WORKER_ROWS = 5000;

/** One row's personal data, prepared ahead: blind indexes and sealed values, as `PiiCrypto` gives them. */
interface PreparedRow {
  idIndex: string;
  idCipher: string;
  phoneIndex: string | null;
  phoneCipher: string | null;
}

/** Asks the worker for the personal data of a chunk's valid groups, by row number. */
async function prepareAhead(
  preparer: PiiPreparer,
  chunk: readonly ImportGroup[],
): Promise<Map<number, PreparedRow>> {
  const rows: number[] = [];
  const ids: string[] = [];
  const phones: (string | null)[] = [];
  for (const g of chunk) {
    if (!isGroupValid(g)) continue;
    for (const r of g.rows) {
      if (!r.person) continue;
      rows.push(r.rowNumber);
      ids.push(r.person.idNumber);
      phones.push(r.person.phone);
    }
  }
  const p = await preparer.prepare(ids, phones);
  const out = new Map<number, PreparedRow>();
  rows.forEach((rowNumber, i) => {
    out.set(rowNumber, {
      idIndex: p.idIndexes[i] ?? '',
      idCipher: p.idCiphers[i] ?? '',
      phoneIndex: p.phoneIndexes[i] ?? null,
      phoneCipher: p.phoneCiphers[i] ?? null,
    });
  });
  return out;
}

/** Checks a chunk against what is registered, then writes its persons, households, members and row errors. */
async function writeChunk(
  trx: Transaction<DB>,
  pii: PiiCrypto,
  jobId: string,
  chunk: readonly ImportGroup[],
  fromDate: string,
  lap: (phase: 'prepareMs' | 'writeMs') => void,
  withoutTriggers = false,
  prepared: ReadonlyMap<number, PreparedRow> | null = null,
): Promise<ChunkStats> {
  // Progress and rows commit together, so a chunk lost to a crash before its WAL reached disk is simply redone on
  // resume: the flush need not hold up each chunk.
  await deferCommitFlush(trx);
  const indexOf = new Map<string, string>();
  const householdNumbers: string[] = [];
  for (const g of chunk) {
    if (!isGroupValid(g)) continue;
    for (const r of g.rows)
      if (r.person)
        indexOf.set(
          r.person.idNumber,
          prepared?.get(r.rowNumber)?.idIndex ?? pii.blindIndex('id_number', r.person.idNumber),
        );
    if (g.householdNumber) householdNumbers.push(g.householdNumber);
  }
  const registered = await findRegisteredIdIndexes(trx, [...indexOf.values()]);
  const takenNumbers = await findExistingHouseholdNumbers(trx, householdNumbers);

  const persons: PersonInsert[] = [];
  const personRows: number[] = [];
  const plainIds: string[] = [];
  const plainPhones: (string | null)[] = [];
  const households: HouseholdInsert[] = [];
  const members: MemberInsert[] = [];
  const errors: RowError[] = [];
  const stats: ChunkStats = {
    rowsImported: 0,
    rowsRejected: 0,
    householdsImported: 0,
    householdsRejected: 0,
  };

  const reject = (g: ImportGroup, reasons: Map<number, RowIssue>) => {
    for (const r of g.rows) {
      const issue = reasons.get(r.rowNumber) ?? { field: null, reason: '未导入' };
      errors.push({
        rowNumber: r.rowNumber,
        field: issue.field,
        reason: issue.reason,
        // The row as it was, for the report: sealed, since it holds ID and phone numbers.
        raw: { sealed: pii.encrypt(JSON.stringify(r.cells.map(cellText))) },
      });
    }
    stats.rowsRejected += g.rows.length;
    if (g.isHousehold) stats.householdsRejected++;
  };

  for (const g of chunk) {
    if (!isGroupValid(g)) {
      reject(g, rejectionReasons(g));
      continue;
    }
    const taken = new Map<number, string>();
    for (const r of g.rows) {
      const idx = r.person ? indexOf.get(r.person.idNumber) : undefined;
      if (idx && registered.has(idx)) taken.set(r.rowNumber, '该身份证号已登记，不能重复导入');
    }
    if (taken.size > 0) {
      reject(g, rejectionReasons(g, taken));
      continue;
    }
    if (g.householdNumber && takenNumbers.has(g.householdNumber)) {
      reject(g, rejectionReasons({ ...g, groupIssue: `户号 ${g.householdNumber} 已登记，整户未导入` }));
      continue;
    }
    const householdId = g.isHousehold ? randomUUID() : null;
    let headPersonId = '';
    g.rows.forEach((r, i) => {
      const p = r.person;
      if (!p) return;
      const id = randomUUID();
      const ready = prepared?.get(r.rowNumber);
      personRows.push(r.rowNumber);
      plainIds.push(p.idNumber);
      plainPhones.push(p.phone);
      persons.push({
        id,
        idNumberCipher: '', // sealed below, the whole chunk at once
        idNumberIndex: indexOf.get(p.idNumber) ?? pii.blindIndex('id_number', p.idNumber),
        idNumberMasked: maskIdNumber(p.idNumber),
        name: p.name,
        gender: p.gender,
        birthDate: p.birthDate,
        hukouPlaceCode: p.hukouPlaceCode,
        hukouKind: p.hukouKind,
        residenceVillageCode: p.villageCode,
        education: p.education,
        phoneCipher: null,
        phoneIndex: ready ? ready.phoneIndex : p.phone ? pii.blindIndex('phone', p.phone) : null,
        phoneMasked: p.phone ? maskPhone(p.phone) : null,
      });
      if (householdId) {
        const isHead = i === g.headIndex;
        if (isHead) headPersonId = id;
        members.push({
          householdId,
          personId: id,
          relation: isHead ? 'head' : p.relation === 'head' || !p.relation ? 'other' : p.relation,
        });
      }
    });
    if (householdId && g.villageCode) {
      households.push({
        id: householdId,
        householdNumber: g.householdNumber,
        villageCode: g.villageCode,
        headPersonId,
      });
      stats.householdsImported++;
    }
    stats.rowsImported += g.rows.length;
  }

  if (prepared) {
    persons.forEach((p, i) => {
      const ready = prepared.get(personRows[i] ?? -1);
      if (!ready) throw new Error('导入数据的加密结果缺失');
      p.idNumberCipher = ready.idCipher;
      p.phoneCipher = ready.phoneCipher;
    });
  } else {
    const idCiphers = pii.encryptMany(plainIds);
    const phones = plainPhones.flatMap((phone, i) => (phone ? [{ i, phone }] : []));
    const phoneCiphers = pii.encryptMany(phones.map((x) => x.phone));
    persons.forEach((p, i) => {
      p.idNumberCipher = idCiphers[i] ?? '';
    });
    phones.forEach(({ i }, n) => {
      const p = persons[i];
      if (p) p.phoneCipher = phoneCiphers[n] ?? null;
    });
  }
  lap('prepareMs');
  const insertAll = async () => {
    await insertPersons(trx, persons);
    await insertHouseholds(trx, households);
    await insertMembers(trx, members, fromDate);
  };
  if (withoutTriggers) {
    await checkChunkReferences(trx, persons, households, members);
    await withoutRowTriggers(trx, insertAll);
  } else {
    await insertAll();
  }
  await insertRowErrors(trx, jobId, errors);
  lap('writeMs');
  return stats;
}

/**
 * What the foreign keys of persons, households and household_members would check, for a chunk loaded without
 * row triggers: place codes exist, and heads and members point at persons and households of this same chunk.
 * A failure fails the job, as a foreign-key violation would.
 */
async function checkChunkReferences(
  trx: Transaction<DB>,
  persons: readonly PersonInsert[],
  households: readonly HouseholdInsert[],
  members: readonly MemberInsert[],
): Promise<void> {
  const codes = new Set<string>();
  for (const p of persons) if (p.residenceVillageCode) codes.add(p.residenceVillageCode);
  for (const h of households) codes.add(h.villageCode);
  const missing = await findMissingPlaceCodes(trx, [...codes]);
  if (missing.length > 0) throw new Error(`区划代码 ${missing.join('、')} 不存在，导入中止`);
  const personIds = new Set(persons.map((p) => p.id));
  const householdIds = new Set(households.map((h) => h.id));
  const dangling =
    households.some((h) => !personIds.has(h.headPersonId)) ||
    members.some((m) => !personIds.has(m.personId) || !householdIds.has(m.householdId));
  if (dangling) throw new Error('导入数据的户与成员不一致，导入中止');
}

// ── Reports ───────────────────────────────────────────────────────────────────────────────────────────────────

/** The failed rows of an import as .xlsx: the original row number, the original values, and the reason. */
export async function buildErrorReport(
  db: Kysely<DB>,
  pii: PiiCrypto,
  actor: Actor,
  jobId: string,
): Promise<{ fileName: string; content: Buffer; rows: number }> {
  if (!hasPermission(actor, 'registry.import')) throw new AppError('FORBIDDEN');
  const job = await getJob(db, actor, jobId);
  if (job.kind !== importJobKind) throw new AppError('NOT_FOUND', '任务不存在或无权查看');
  return writeErrorReport(db, pii, job);
}

/** The report itself, for a job already checked (the CLI's own job, or after `getJob`). */
export async function writeErrorReport(
  db: Kysely<DB>,
  pii: PiiCrypto,
  job: JobRow,
): Promise<{ fileName: string; content: Buffer; rows: number }> {
  const jobId = job.id;
  const fromResult = (job.result as { headers?: unknown } | null)?.headers;
  const fromCheckpoint = readCheckpoint(job.checkpoint)?.headers;
  const headers = (Array.isArray(fromResult) ? fromResult.map(String) : fromCheckpoint) ?? [];
  const errors = await listRowErrors(db, jobId);

  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet('未导入的行');
  const width = Math.max(headers.length, ...errors.map((e) => sealedCells(pii, e.raw).length));
  const header = [
    importRowNumberHeader,
    ...Array.from({ length: width }, (_, i) => headers[i] || `第${i + 1}列`),
    importReasonHeader,
  ];
  sheet.addRow(header).font = { bold: true };
  for (let c = 2; c <= width + 1; c++) sheet.getColumn(c).numFmt = '@'; // keep ID numbers as text on re-import
  for (const e of errors) {
    const cells = sealedCells(pii, e.raw);
    sheet.addRow([e.rowNumber, ...Array.from({ length: width }, (_, i) => cells[i] ?? ''), e.reason]);
  }
  sheet.getColumn(width + 2).width = 60;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `导入失败行-${jobId.slice(0, 8)}.xlsx`, content, rows: errors.length };
}

function sealedCells(pii: PiiCrypto, raw: unknown): string[] {
  const sealed = (raw as { sealed?: unknown } | null)?.sealed;
  if (typeof sealed !== 'string') return [];
  const cells: unknown = JSON.parse(pii.decrypt(sealed));
  return Array.isArray(cells) ? cells.map(String) : [];
}

export const templateHeaders = [
  '姓名',
  '身份证号',
  '性别',
  '出生日期',
  '联系电话',
  '户籍地',
  '户口性质',
  '居住村(社区)代码',
  '户号',
  '与户主关系',
  '文化程度',
] as const;

/** The import template: the headers, one example row, and a sheet of instructions. */
export async function buildTemplate(): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook();
  const sheet = workbook.addWorksheet('人员导入');
  sheet.addRow([...templateHeaders]).font = { bold: true };
  for (const c of [2, 5, 8, 9]) sheet.getColumn(c).numFmt = '@';
  const exampleId = `41012219900501123${idNumberCheckChar('41012219900501123')}`;
  sheet.addRow([
    '张三',
    exampleId,
    '男',
    '1990-05-01',
    '13800000000',
    '河南省郑州市中牟县',
    '农业户口',
    '410122001001',
    'ZM0001',
    '户主',
    '高中',
  ]);
  sheet.columns.forEach((c) => {
    c.width = 18;
  });
  const help = workbook.addWorksheet('填写说明');
  for (const line of [
    '1. 身份证号、联系电话、户号列请设为“文本”格式，否则 Excel 会把身份证号变成科学计数法（如 4.10122E+17），后几位无法还原。',
    '2. 必填：姓名、身份证号。性别、出生日期可不填；填写时须与身份证号一致。',
    '3. 出生日期可写 1990-05-01、1990.05.01 或 1990年5月1日。',
    '4. 同一户的成员填写相同的户号（或相同的“户主身份证号”列）；与户主关系填 户主、配偶、子女、父母、孙子女 等，每户一个户主。',
    '5. 一户中任何一人有误，整户不导入；请按“导入失败行”表修改后重新导入这些行。',
    '6. 居住村(社区)代码为 12 位统计用区划代码；也可用“村(社区)”列填写村名（重名时加“乡镇”列）。',
    '7. 文化程度可填：未上过学、小学、初中、高中、中专/技校、大专、大学本科、硕士研究生、博士研究生。',
  ])
    help.addRow([line]);
  help.getColumn(1).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
