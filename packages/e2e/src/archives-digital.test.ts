import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { idNumberCheckChar } from '@qiaoti/contracts';
import { renderPlainDocument } from '@qiaoti/server/modules/archives/documents.render';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import {
  type E2eServer,
  launchBrowser,
  login,
  newContext,
  pickOption,
  screenshot,
  startServer,
} from './harness.ts';

/**
 * Digitisation end to end, in Chromium against the real server with the demo data: 人才交流中心 (`archive`) uploads a
 * scan for an item not yet digitised, previews it in the inline viewer (pdf.js), and sends the digitised archive online
 * to 公共就业服务中心 (`archive2`), which verifies the digests and receives it with a receipt number. Then the borrow
 * queue, the 民生档案 search, and the citizen's 我的民生档案 at phone width.
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const ARCHIVE_TOTP = 'QIAOTIDEMOARCHIVEXXAAAAAAAAAAAAA';
const ARCHIVE2_TOTP = 'QIAOTIDEMOARCHIVETWOXAAAAAAAAAAA';
const PHONE = { width: 375, height: 812 };
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|404|409|415)/.test(e));

describe('archives digitisation end to end (Chromium)', { timeout: 300_000 }, () => {
  let server: E2eServer;
  let browser: Browser;

  /**
   * TOTP codes are single use per 30-second step, and these tests log the same staff accounts in several times
   * within one step: forget the last used step first (as the server tests' loginAs does).
   */
  async function staffLogin(page: Page, username: string, secret: string) {
    await server.ctx.database.db
      .updateTable('accounts')
      .set({ totpLastStep: null })
      .where('username', '=', username)
      .execute();
    await login(page, username, DEMO_PASSWORD, secret);
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a digitised item is uploaded, previewed and transferred online; the receiver verifies it', async () => {
    const db = server.ctx.database.db;
    // An archive of 人才交流中心 with an item not yet digitised (the demo digitises only some).
    const target = await db
      .selectFrom('archive as a')
      .innerJoin('archiveAgency as g', 'g.id', 'a.custodianAgencyId')
      .innerJoin('persons as p', 'p.id', 'a.personId')
      .innerJoin('archiveMaterial as m', 'm.archiveId', 'a.id')
      .leftJoin('attachment as f', 'f.ownerId', 'm.id')
      .select(['a.id', 'a.archiveNumber', 'p.name', 'm.id as materialId', 'm.title'])
      .where('g.code', '=', 'zm-rcjl')
      .where('f.id', 'is', null)
      .orderBy('a.archiveNumber')
      .orderBy('m.class')
      .executeTakeFirstOrThrow();

    const staff = await newContext(browser, server.url);
    const page = staff.page;
    await staffLogin(page, 'archive', ARCHIVE_TOTP);
    await page.goto('/archives/digital');
    await page.getByText(target.archiveNumber).waitFor();
    await screenshot(page, 'archives-digital-index');
    await page.goto(`/archives/digital/${target.id}`);
    await page.getByTestId('digital-classes').waitFor();

    const scan = await renderPlainDocument(`${target.title}（扫描件）`, [
      `姓名：${target.name}`,
      '端到端测试上传',
    ]);
    const row = page.locator('tr', { has: page.getByTestId(`upload-${target.materialId}`) });
    await row
      .locator('input[type=file]')
      .setInputFiles({ name: `${target.title}.pdf`, mimeType: 'application/pdf', buffer: scan });
    await page.getByText(`已上传：${target.title}`).waitFor();
    await row.getByRole('button', { name: new RegExp(`${target.title}\\.pdf`) }).waitFor();
    await screenshot(page, 'archives-digital-catalogue');

    // inline viewer: pdf.js draws the page onto a canvas
    await row.getByRole('button', { name: new RegExp(`${target.title}\\.pdf`) }).click();
    await page.locator('[data-testid=pdf-pages][data-rendered=true] canvas').first().waitFor();
    await screenshot(page, 'archives-digital-viewer');
    await page
      .getByRole('button', { name: '关 闭' })
      .or(page.getByRole('button', { name: '关闭' }))
      .first()
      .click();

    // a renamed executable is refused with the reason
    await row.locator('input[type=file]').setInputFiles({
      name: '假扫描.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256)]),
    });
    await page
      .getByText(/只接受 PDF、JPEG、PNG、TIFF/)
      .first()
      .waitFor();

    // send the digitised archive online
    await pickOption(page, '[data-testid=digital-send-to]', '中牟县公共就业服务中心');
    await page.getByRole('button', { name: /发\s*送/ }).click();
    await page.getByText(/数字档案包已发送/).waitFor();
    assert.deepEqual(unexpected(staff.consoleErrors), []);
    await staff.context.close();

    const receiver = await newContext(browser, server.url);
    const rpage = receiver.page;
    await staffLogin(rpage, 'archive2', ARCHIVE2_TOTP);
    await rpage.goto('/archives/digital');
    await rpage.getByRole('tab', { name: /数字档案包/ }).click();
    const pkg = rpage.locator('[data-testid=digital-packages] tr', { hasText: target.archiveNumber });
    await pkg.getByRole('button', { name: '校验并接收' }).click();
    await rpage.getByText(/校验通过，已接收，回执号 ZM-SZ-/).waitFor();
    await pkg.getByText('已接收').waitFor();
    await screenshot(rpage, 'archives-digital-packages');
    await pkg.getByRole('button', { name: /回\s*执/ }).click();
    await rpage.locator('[data-testid=pdf-pages][data-rendered=true] canvas').first().waitFor();
    await screenshot(rpage, 'archives-digital-receipt');
    await rpage.keyboard.press('Escape');
    const stored = await db
      .selectFrom('archiveDigitalTransfer')
      .select(['state', 'receiptNumber'])
      .where('archiveId', '=', target.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.state, 'received');
    assert.match(stored.receiptNumber ?? '', /^ZM-SZ-/);

    // borrow queue: the demo's overdue loan shows
    await rpage.goto('/archives/borrows');
    await rpage.getByTestId('borrow-table').waitFor();
    assert.deepEqual(unexpected(receiver.consoleErrors), []);
    await receiver.context.close();

    const desk = await newContext(browser, server.url);
    await staffLogin(desk.page, 'archive', ARCHIVE_TOTP);
    await desk.page.goto('/archives/borrows');
    await desk.page.getByRole('tab', { name: /已超期/ }).click();
    await desk.page
      .getByText(/超期 \d+ 天/)
      .first()
      .waitFor();
    await screenshot(desk.page, 'archives-borrows');

    // 民生档案 one-stop search for the demo citizen, with a purpose
    const citizen = await db
      .selectFrom('accounts as u')
      .innerJoin('persons as p', 'p.id', 'u.personId')
      .select(['p.idNumberCipher', 'p.name'])
      .where('u.username', '=', 'citizen')
      .executeTakeFirstOrThrow();
    await desk.page.goto('/archives/livelihood');
    await desk.page.getByTestId('livelihood-id').fill(server.ctx.pii.decrypt(citizen.idNumberCipher));
    await desk.page.getByTestId('livelihood-purpose').fill('办理社会救助审核');
    await desk.page.getByRole('button', { name: /查\s*询/ }).click();
    await desk.page.getByTestId('livelihood-result').getByText('中牟县民政局').first().waitFor();
    await screenshot(desk.page, 'archives-livelihood-search');
    assert.deepEqual(unexpected(desk.consoleErrors), []);
    await desk.context.close();

    const phone = await newContext(browser, server.url, PHONE);
    await login(phone.page, 'citizen', DEMO_PASSWORD);
    await phone.page.goto('/me/livelihood');
    await phone.page.getByTestId('my-livelihood').getByText('婚姻登记').first().waitFor();
    await screenshot(phone.page, 'citizen-livelihood-375');
    assert.deepEqual(unexpected(phone.consoleErrors), []);
    await phone.context.close();
  });

  it('存档证明 online: the citizen requests at phone width, the custodian issues, the citizen downloads', async () => {
    const db = server.ctx.database.db;
    const held = await db
      .selectFrom('accounts as u')
      .innerJoin('archive as a', 'a.personId', 'u.personId')
      .innerJoin('archiveAgency as g', 'g.id', 'a.custodianAgencyId')
      .select(['g.code', 'g.name'])
      .where('u.username', '=', 'citizen')
      .executeTakeFirstOrThrow();
    const [staffUser, staffTotp] =
      held.code === 'zm-rcjl' ? ['archive', ARCHIVE_TOTP] : ['archive2', ARCHIVE2_TOTP];

    const phone = await newContext(browser, server.url, PHONE);
    await login(phone.page, 'citizen', DEMO_PASSWORD);
    await phone.page.goto('/me/livelihood');
    await phone.page.getByTestId('certificate-purpose').fill('办理职称申报');
    await screenshot(phone.page, 'citizen-certificate-request-375');
    await phone.page.getByTestId('certificate-submit').click();
    await phone.page.getByText('您的申请正在办理中').waitFor();
    await phone.page.getByTestId('certificate-request').getByText('待办理').waitFor();

    const staff = await newContext(browser, server.url);
    await staffLogin(staff.page, staffUser, staffTotp);
    await staff.page.goto('/archives/digital');
    await staff.page.getByRole('tab', { name: /存档证明申请/ }).click();
    const queue = staff.page.getByTestId('certificate-requests');
    await queue.getByText('办理职称申报').waitFor();
    await screenshot(staff.page, 'archives-certificate-requests');
    await queue.getByRole('button', { name: /出具证明/ }).click();
    await staff.page.getByText(/已出具存档证明 ZM-CZ-/).waitFor();
    await staff.page.locator('[data-testid=pdf-pages][data-rendered=true] canvas').first().waitFor();
    await screenshot(staff.page, 'archives-certificate-issued');
    assert.deepEqual(unexpected(staff.consoleErrors), []);

    // 民生档案 index import on the one-stop page: good rows load, the bad one is listed with its reason
    const e2eId = `41012219900501124${idNumberCheckChar('41012219900501124')}`;
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('索引');
    sheet.getColumn(2).numFmt = '@';
    sheet.addRow(['档案类别', '身份证号', '档号或登记号', '日期', '摘要', '保存部门']);
    sheet.addRow(['婚姻登记', e2eId, `E2E-${Date.now()}`, '2015-10-01', '结婚登记', '中牟县民政局']);
    sheet.addRow(['火星档案', e2eId, `E2E-X-${Date.now()}`, '2015-10-01', '无', '中牟县民政局']);
    await staff.page.goto('/archives/livelihood');
    await staff.page
      .getByTestId('livelihood-import')
      .locator('input[type=file]')
      .setInputFiles({
        name: '民政局索引.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
    await staff.page
      .getByTestId('livelihood-import-result')
      .getByText(/档案类别“火星档案”不存在/)
      .waitFor();
    await screenshot(staff.page, 'archives-livelihood-import');
    await staff.context.close();

    // the citizen is notified and opens the certificate
    await phone.page.reload();
    const card = phone.page.getByTestId('certificate-request');
    await card.getByText('已出具').waitFor();
    await card.getByRole('button', { name: /下\s*载/ }).click();
    await phone.page.locator('[data-testid=pdf-pages][data-rendered=true] canvas').first().waitFor();
    await screenshot(phone.page, 'citizen-certificate-issued-375');
    const note = await db
      .selectFrom('notification as n')
      .innerJoin('accounts as u', 'u.id', 'n.accountId')
      .select('n.title')
      .where('u.username', '=', 'citizen')
      .where('n.kind', '=', 'archive.certificate')
      .executeTakeFirst();
    assert.equal(note?.title, '您申请的存档证明已出具');
    assert.deepEqual(unexpected(phone.consoleErrors), []);
    await phone.context.close();
  });
});
