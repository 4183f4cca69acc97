import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chineseDate,
  renderCustodyCertificate,
  renderTransferLetter,
  renderTransferNotice,
} from './documents.render.ts';
import { embeddedFonts, pdfText } from './pdf-text.test-kit.ts';

/** Text extraction may break a line anywhere: compare without whitespace. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe('archive PDFs (Chinese, embedded CJK font)', () => {
  it('调档函 names the person, both agencies, the letter number and the date, with the font embedded', async () => {
    const pdf = await renderTransferLetter({
      letterNumber: 'ZMDD-2026-000417',
      personName: '李秀英',
      gender: '女',
      idNumberMasked: '4****************6',
      archiveNumber: 'ZM-DA-2026-00031',
      holdingAgency: '郑州市人才交流服务中心',
      receivingAgency: '中牟县公共就业和人才服务中心',
      receivingAddress: '中牟县青年路 1 号',
      receivingContact: '0371-62121234',
      reason: '在中牟县就业',
      issuedOn: '2026-11-28',
      sendBy: '2026-12-13',
    });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const fonts = embeddedFonts(pdf);
    assert.ok(fonts.hasFontFile, 'font file embedded');
    assert.ok(
      fonts.baseFonts.some((f) => /^[A-Z]{6}\+NotoSansSC/.test(f)),
      `subset Noto Sans SC embedded: ${fonts.baseFonts.join(',')}`,
    );
    const { text, pages } = await pdfText(pdf);
    const t = squash(text);
    assert.equal(pages, 1);
    for (const want of [
      '调档函',
      'ZMDD-2026-000417',
      '李秀英',
      'ZM-DA-2026-00031',
      '郑州市人才交流服务中心：',
      '中牟县公共就业和人才服务中心（盖章）',
      '2026年11月28日',
      '2026年12月13日',
      '机要通信或专人送取',
      '档案不得由本人自带',
    ])
      assert.ok(t.includes(squash(want)), `contains ${want}`);
    assert.ok(!/\d{17}[\dX]/.test(t), 'no full ID number');
  });

  it('档案转递通知单 has the numbers, the volumes, the tracking number and a tear-off 回执', async () => {
    const pdf = await renderTransferNotice({
      noticeNumber: 'ZMZD-2026-000088',
      letterNumber: 'ZMDD-2026-000417',
      personName: '王建国',
      archiveNumber: 'ZM-DA-2026-00077',
      fromAgency: '中牟县公共就业和人才服务中心',
      fromContact: '0371-62121234',
      toAgency: '开封市人力资源和社会保障局人才交流中心',
      toAddress: '开封市鼓楼区',
      reason: '调入开封市工作',
      method: '机要通信',
      trackingNumber: 'JY41012200009876',
      originalVolumes: 1,
      originalItems: 23,
      copyVolumes: 0,
      copyItems: 0,
      handler: '赵档案',
      sentOn: '2026-11-30',
    });
    const t = squash((await pdfText(pdf)).text);
    for (const want of [
      '档案转递通知单',
      'ZMZD-2026-000088',
      'ZMDD-2026-000417',
      '王建国',
      'ZM-DA-2026-00077',
      '正本1卷23件',
      '机要编号',
      'JY41012200009876',
      '开封市人力资源和社会保障局人才交流中心：',
      '2026年11月30日',
      '回执',
      '沿虚线剪开',
    ])
      assert.ok(t.includes(squash(want)), `contains ${want}`);
    // The receipt repeats the notice and tracking numbers, so it can be matched when it comes back alone.
    const receipt = t.slice(t.indexOf('回执'));
    assert.ok(receipt.includes('ZMZD-2026-000088') && receipt.includes('JY41012200009876'));
  });

  it('存档证明 states the custodian, since when, the number and that it is free', async () => {
    const pdf = await renderCustodyCertificate({
      certificateNumber: 'ZM-CZ-2026-000005',
      personName: '张三',
      gender: '男',
      birthDate: '1990-03-07',
      idNumberMasked: '4****************1',
      archiveNumber: 'ZM-DA-2026-00001',
      agency: '中牟县公共就业和人才服务中心',
      agencyAddress: null,
      agencyContact: null,
      custodySince: '2024-07-15',
      purpose: '办理职称申报',
      issuedOn: '2026-11-28',
    });
    const t = squash((await pdfText(pdf)).text);
    for (const want of [
      '存档证明',
      'ZM-CZ-2026-000005',
      '张三',
      '1990年3月7日出生',
      '2024年7月15日起由我单位保管至今',
      'ZM-DA-2026-00001',
      '办理职称申报',
      '免费出具',
    ])
      assert.ok(t.includes(squash(want)), `contains ${want}`);
  });

  it('chineseDate writes months and days without leading zeros', () => {
    assert.equal(chineseDate('2026-01-05'), '2026年1月5日');
  });
});
