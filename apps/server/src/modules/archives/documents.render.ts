import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Archive documents as PDF, in Chinese, with the font embedded (subset to the characters used), so they print and
 * display the same on any machine: 调档函, 档案转递通知单 with its tear-off 回执, and 存档证明.
 *
 * Font: Noto Sans SC (思源黑体 family, Google/Adobe), shipped by the npm package `@expo-google-fonts/noto-sans-sc`
 * as TTF; licence SIL Open Font License 1.1 (embedding and redistribution allowed). Nothing is read from the system.
 * Pure functions: data in, PDF bytes out. Callers mask personal data before it gets here.
 */

const require = createRequire(import.meta.url);
const fontFiles = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve(fontFiles.regular)),
    bold: readFileSync(require.resolve(fontFiles.bold)),
  };
  return fonts;
}

export const documentFontLicence = 'Noto Sans SC — SIL Open Font License 1.1';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;

type Doc = InstanceType<typeof PDFDocument>;

function newDocument(title: string): Doc {
  const f = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 56, left: MARGIN, right: MARGIN },
    info: {
      Title: title,
      Author: '中牟县人力资源社会流动平台（桥梯）',
      Producer: 'Qiaoti',
      Creator: 'Qiaoti',
    },
  });
  doc.registerFont('cjk', f.regular);
  doc.registerFont('cjk-bold', f.bold);
  doc.font('cjk');
  return doc;
}

async function finish(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** `2026-11-28` → `2026年11月28日`. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function title(doc: Doc, text: string, size = 22) {
  doc.font('cjk-bold').fontSize(size).text(text, { align: 'center', characterSpacing: 6 });
  doc.font('cjk').fontSize(12);
}

function paragraph(doc: Doc, text: string, options: { indent?: boolean; gap?: number } = {}) {
  doc.fontSize(12).text(text, {
    width: CONTENT_WIDTH,
    lineGap: 6,
    indent: options.indent === false ? 0 : 24,
    align: 'left',
  });
  doc.moveDown(options.gap ?? 0.4);
}

function signature(doc: Doc, lines: readonly string[]) {
  doc.moveDown(1.5);
  for (const line of lines) doc.fontSize(12).text(line, { width: CONTENT_WIDTH, align: 'right', lineGap: 6 });
}

/** A two-column table of label/value rows with ruled cells. */
function table(doc: Doc, rows: readonly (readonly [string, string])[], x = MARGIN, width = CONTENT_WIDTH) {
  const labelWidth = 118;
  let y = doc.y;
  doc.lineWidth(0.7).strokeColor('#333333');
  for (const [label, value] of rows) {
    doc.font('cjk').fontSize(11);
    const h = Math.max(
      24,
      doc.heightOfString(value || ' ', { width: width - labelWidth - 12 }) + 12,
      doc.heightOfString(label, { width: labelWidth - 12 }) + 12,
    );
    doc.rect(x, y, labelWidth, h).stroke();
    doc.rect(x + labelWidth, y, width - labelWidth, h).stroke();
    doc.font('cjk-bold').text(label, x + 6, y + 6, { width: labelWidth - 12 });
    doc.font('cjk').text(value, x + labelWidth + 6, y + 6, { width: width - labelWidth - 12 });
    y += h;
  }
  doc.x = x;
  doc.y = y + 8;
}

const freeNote =
  '依据《流动人员人事档案管理服务规定》（人社部发〔2021〕112号），档案接收、转递、出具证明等基本公共服务一律免费。';

// ── 调档函 ──────────────────────────────────────────────────────────────────────────────────────────────────────

export interface TransferLetterData {
  /** 调档函编号 */
  letterNumber: string;
  personName: string;
  gender: '男' | '女';
  idNumberMasked: string;
  archiveNumber: string;
  /** The holding agency (addressee). */
  holdingAgency: string;
  /** The receiving agency (issuer). */
  receivingAgency: string;
  receivingAddress: string | null;
  receivingContact: string | null;
  reason: string;
  /** ISO date the letter is issued. */
  issuedOn: string;
  /** ISO date by which the archive should be sent. */
  sendBy: string | null;
}

export async function renderTransferLetter(d: TransferLetterData): Promise<Buffer> {
  const doc = newDocument(`调档函 ${d.letterNumber}`);
  title(doc, '调 档 函');
  doc.moveDown(0.6);
  doc.fontSize(11).text(`编号：${d.letterNumber}`, { align: 'right' });
  doc.moveDown(1);
  paragraph(doc, `${d.holdingAgency}：`, { indent: false });
  paragraph(
    doc,
    `兹有${d.personName}（${d.gender}，公民身份号码 ${d.idNumberMasked}，档案编号${d.archiveNumber}）因${d.reason}，` +
      `经审核，我单位同意接收其人事档案。请按规定审核后，将其人事档案完整密封，附《档案转递通知单》，` +
      `通过机要通信或专人送取方式转递我单位${d.sendBy ? `（请于${chineseDate(d.sendBy)}前寄出）` : ''}。` +
      `档案不得由本人自带。`,
  );
  paragraph(doc, '接收档案后，我单位将及时寄回回执。');
  paragraph(doc, '特此函告。');
  doc.moveDown(0.6);
  table(doc, [
    ['接收单位', d.receivingAgency],
    ['通讯地址', d.receivingAddress ?? '—'],
    ['联系方式', d.receivingContact ?? '—'],
  ]);
  signature(doc, [`${d.receivingAgency}（盖章）`, chineseDate(d.issuedOn)]);
  doc.moveDown(2);
  doc.fontSize(9).fillColor('#555555').text(freeNote, { width: CONTENT_WIDTH });
  return finish(doc);
}

// ── 档案转递通知单 + 回执 ─────────────────────────────────────────────────────────────────────────────────────────

export interface TransferNoticeData {
  /** 转递通知单编号 (the transfer's number). */
  noticeNumber: string;
  letterNumber: string | null;
  personName: string;
  archiveNumber: string;
  fromAgency: string;
  fromContact: string | null;
  toAgency: string;
  toAddress: string | null;
  reason: string;
  method: '机要通信' | '专人送取';
  /** 机要编号 or courier slip number. */
  trackingNumber: string;
  originalVolumes: number;
  originalItems: number;
  copyVolumes: number;
  copyItems: number;
  handler: string;
  sentOn: string;
}

export async function renderTransferNotice(d: TransferNoticeData): Promise<Buffer> {
  const doc = newDocument(`档案转递通知单 ${d.noticeNumber}`);
  title(doc, '档案转递通知单', 20);
  doc.moveDown(0.4);
  doc.fontSize(10).text(`编号：${d.noticeNumber}`, { align: 'right' });
  doc.moveDown(0.4);
  paragraph(doc, `${d.toAgency}：`, { indent: false, gap: 0.2 });
  paragraph(doc, `现将${d.personName}的人事档案转去，请按档案内容详细核收，并将回执退回。`, { gap: 0.5 });
  const volumes = `正本 ${d.originalVolumes} 卷 ${d.originalItems} 件；副本 ${d.copyVolumes} 卷 ${d.copyItems} 件`;
  table(doc, [
    ['姓名', d.personName],
    ['档案编号', d.archiveNumber],
    ['档案数量', volumes],
    ['转递原因', d.reason],
    ['调档函编号', d.letterNumber ?? '—'],
    ['转递方式', d.method],
    [d.method === '机要通信' ? '机要编号' : '送取单号', d.trackingNumber],
    ['发件单位', `${d.fromAgency}${d.fromContact ? `（${d.fromContact}）` : ''}`],
    ['收件单位', `${d.toAgency}${d.toAddress ? `（${d.toAddress}）` : ''}`],
    ['经办人 / 日期', `${d.handler}　${chineseDate(d.sentOn)}`],
  ]);
  doc.fontSize(11).text(`${d.fromAgency}（盖章）`, { align: 'right' });

  // The tear-off 回执: a dashed cut line across the page, then the receipt the receiver stamps and sends back.
  doc.moveDown(1.2);
  const cutY = doc.y;
  doc
    .save()
    .lineWidth(0.8)
    .dash(5, { space: 4 })
    .moveTo(MARGIN - 24, cutY)
    .lineTo(A4.width - MARGIN + 24, cutY)
    .stroke()
    .undash()
    .restore();
  doc
    .fontSize(9)
    .fillColor('#555555')
    .text('（沿虚线剪开，回执联由接收单位填写盖章后退回）', MARGIN, cutY + 4, {
      width: CONTENT_WIDTH,
      align: 'center',
    });
  doc.fillColor('#000000');
  doc.moveDown(0.8);
  title(doc, '回  执', 16);
  doc.moveDown(0.3);
  doc.fontSize(10).text(`通知单编号：${d.noticeNumber}　　机要编号：${d.trackingNumber}`, { align: 'right' });
  doc.moveDown(0.4);
  paragraph(doc, `${d.fromAgency}：`, { indent: false, gap: 0.2 });
  paragraph(
    doc,
    `你单位于${chineseDate(d.sentOn)}转来${d.personName}（档案编号${d.archiveNumber}）的人事档案（${volumes}）已收到，经核对无误。`,
  );
  signature(doc, [`接收单位（盖章）：${d.toAgency}`, '经办人：__________　　　　年　　月　　日']);
  return finish(doc);
}

// ── 存档证明 ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface CustodyCertificateData {
  certificateNumber: string;
  personName: string;
  gender: '男' | '女';
  birthDate: string;
  idNumberMasked: string;
  archiveNumber: string;
  agency: string;
  agencyAddress: string | null;
  agencyContact: string | null;
  custodySince: string;
  purpose: string;
  issuedOn: string;
}

export async function renderCustodyCertificate(d: CustodyCertificateData): Promise<Buffer> {
  const doc = newDocument(`存档证明 ${d.certificateNumber}`);
  title(doc, '存 档 证 明');
  doc.moveDown(0.6);
  doc.fontSize(11).text(`编号：${d.certificateNumber}`, { align: 'right' });
  doc.moveDown(1.2);
  paragraph(
    doc,
    `兹证明${d.personName}（${d.gender}，${chineseDate(d.birthDate)}出生，公民身份号码 ${d.idNumberMasked}）` +
      `的人事档案自${chineseDate(d.custodySince)}起由我单位保管至今，档案编号${d.archiveNumber}。`,
  );
  paragraph(doc, `本证明用于：${d.purpose}。`);
  paragraph(doc, '特此证明。');
  signature(doc, [`${d.agency}（盖章）`, chineseDate(d.issuedOn)]);
  doc.moveDown(2);
  if (d.agencyAddress || d.agencyContact)
    doc.fontSize(10).text(`地址：${d.agencyAddress ?? '—'}　　联系方式：${d.agencyContact ?? '—'}`, {
      width: CONTENT_WIDTH,
    });
  doc.moveDown(0.5);
  doc.fontSize(9).fillColor('#555555').text(`本证明免费出具。${freeNote}`, { width: CONTENT_WIDTH });
  return finish(doc);
}

// ── A plain one-page document (demo scans, placeholders) ─────────────────────────────────────────────────────────

export async function renderPlainDocument(heading: string, lines: readonly string[]): Promise<Buffer> {
  const doc = newDocument(heading);
  title(doc, heading, 18);
  doc.moveDown(1);
  for (const line of lines) paragraph(doc, line);
  return finish(doc);
}

// ── 数字档案接收回执 ─────────────────────────────────────────────────────────────────────────────────────────────

export interface DigitalReceiptData {
  receiptNumber: string;
  personName: string;
  archiveNumber: string;
  fromAgency: string;
  toAgency: string;
  sentOn: string;
  receivedOn: string;
  manifestDigest: string;
  items: readonly { class: number; title: string; pages: number; files: number }[];
}

export async function renderDigitalReceipt(d: DigitalReceiptData): Promise<Buffer> {
  const doc = newDocument(`数字档案接收回执 ${d.receiptNumber}`);
  title(doc, '数字档案接收回执', 18);
  doc.moveDown(0.4);
  doc.fontSize(10).text(`回执编号：${d.receiptNumber}`, { align: 'right' });
  doc.moveDown(0.4);
  paragraph(doc, `${d.fromAgency}：`, { indent: false, gap: 0.2 });
  paragraph(
    doc,
    `你单位于${chineseDate(d.sentOn)}在线转来${d.personName}（档案编号${d.archiveNumber}）的数字档案，` +
      `共 ${d.items.length} 份材料、${d.items.reduce((s, i) => s + i.files, 0)} 个文件，经逐一核对 SM3 摘要无误，已于${chineseDate(d.receivedOn)}接收。`,
  );
  table(doc, [
    ...d.items.map((i) => [`第 ${i.class} 类`, `${i.title}（${i.pages} 页，${i.files} 个文件）`] as const),
    ['清单摘要（SM3）', d.manifestDigest],
  ]);
  signature(doc, [`${d.toAgency}（盖章）`, chineseDate(d.receivedOn)]);
  return finish(doc);
}
