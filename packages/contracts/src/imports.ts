import { z } from 'zod';

/** Job kind of a person/household import. */
export const importJobKind = 'registry.import';

/** Largest upload accepted (a 100,000-row county sheet is ~6 MB as .xlsx, ~12 MB as .csv). */
export const importMaxBytes = 30 * 1024 * 1024;

/** Most data rows one file may hold (memory stays under ~1.5 GB); larger registers are split into several files. */
export const importMaxRows = 300_000;

export const ZImportAccepted = z.object({ jobId: z.uuid() });
export type TImportAccepted = z.infer<typeof ZImportAccepted>;

/** `jobs.result` of a finished import. */
export const ZImportResult = z.object({
  rowsTotal: z.number().int(),
  rowsImported: z.number().int(),
  rowsRejected: z.number().int(),
  householdsImported: z.number().int(),
  householdsRejected: z.number().int(),
  fileName: z.string(),
  /** The header row as found (Excel row number), and which columns were recognised. */
  headerRow: z.number().int(),
  columns: z.array(z.string()),
  /** The header row's cells as they were (the report of failed rows repeats them). */
  headers: z.array(z.string()),
  /** Where the time went: reading the file, checking rows, preparing (encryption), writing. */
  timingsMs: z.record(z.string(), z.number()).optional(),
  /** Where blind indexes and sealing were computed: a worker thread (large files) or the main thread. */
  preparedOn: z.enum(['worker', 'main']).optional(),
});
export type TImportResult = z.infer<typeof ZImportResult>;

/**
 * The columns an import understands: canonical name (the template's header) → the header variants government
 * spreadsheets use. Matching ignores spaces, full-width forms and brackets of either width.
 */
export const importColumns = {
  idNumber: ['身份证号', '公民身份号码', '证件号码', '身份证号码', '身份证'],
  name: ['姓名', '名字'],
  gender: ['性别'],
  birthDate: ['出生日期', '出生年月日', '出生年月'],
  phone: ['联系电话', '手机号', '手机号码', '电话', '联系方式'],
  hukouPlace: ['户籍地', '户籍地址', '户籍所在地'],
  hukouKind: ['户籍性质', '户口性质', '户口类型'],
  villageCode: ['居住村(社区)代码', '村代码', '村(社区)代码', '居住村代码'],
  villageName: ['村(社区)', '居住村(社区)', '村', '所在村', '村名'],
  townshipName: ['乡镇(街道)', '乡镇', '街道'],
  householdNumber: ['户号', '户编号'],
  headIdNumber: ['户主身份证号', '户主身份证号码', '户主公民身份号码'],
  relation: ['与户主关系', '关系'],
  education: ['文化程度', '学历'],
} as const;
export type ImportColumn = keyof typeof importColumns;

/** Header of the error report's reason column. */
export const importReasonHeader = '错误原因';
export const importRowNumberHeader = '原行号';
