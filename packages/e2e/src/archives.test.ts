import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPerson } from '@qiaoti/server/test/factories';
import type { Browser, Page } from 'playwright-core';
import {
  clickUntil,
  type E2eServer,
  forgetTotpStep,
  launchBrowser,
  login,
  newContext,
  pickOption,
  screenshot,
  startServer,
} from './harness.ts';

/**
 * Personnel archive transfer end to end, in Chromium against the real server with the demo data: the demo citizen
 * (phone width 390 px) applies online to move their archive from 中牟县公共就业服务中心 to 中牟县人才交流中心; the
 * receiving agency (account `archive`) issues the 调档函; the holding agency (`archive2`) sends it by 机要通信 with
 * a tracking number; the receiver returns the 回执 and custody moves; the citizen sees the new place on the phone.
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const ARCHIVE_TOTP = 'QIAOTIDEMOARCHIVEXXAAAAAAAAAAAAA';
const ARCHIVE2_TOTP = 'QIAOTIDEMOARCHIVETWOXAAAAAAAAAAA';
const PHONE = { width: 390, height: 844 };
const spaced = (s: string) => new RegExp(`^\\s*${[...s].join('\\s*')}\\s*$`);
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|404|409)/.test(e));

async function openQueue(page: Page, queue: string) {
  await page.goto('/archives/queues');
  await page.getByTestId(`queue-${queue}`).click();
}

describe('archives end to end (Chromium)', { timeout: 300_000 }, () => {
  let server: E2eServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a person applies online → the receiving agency issues a 调档函 → the holder sends → receipt; status on a phone', async () => {
    const db = server.ctx.database.db;
    const citizenAccount = await db
      .selectFrom('accounts')
      .select('personId')
      .where('username', '=', 'citizen')
      .executeTakeFirstOrThrow();
    const archive = await db
      .selectFrom('archive')
      .select(['id', 'archiveNumber'])
      .where('personId', '=', citizenAccount.personId ?? '')
      .executeTakeFirstOrThrow();

    const citizen = await newContext(browser, server.url, PHONE);
    const receiver = await newContext(browser, server.url);
    const holder = await newContext(browser, server.url);
    try {
      // ── The citizen on a phone: where the archive is, then 申请转档.
      const cp = citizen.page;
      await login(cp, 'citizen', DEMO_PASSWORD);
      await cp.goto('/me/archive');
      await cp.getByTestId('archive-status').waitFor();
      assert.equal(await cp.getByTestId('my-custodian').textContent(), '中牟县公共就业服务中心');
      await screenshot(cp, 'archives-citizen-status-before');
      await cp.getByRole('button', { name: '申请转档' }).click();
      await pickOption(cp, '.ant-modal [data-testid=apply-agency]', '中牟县人才交流中心');
      await cp.getByLabel('原因').fill('在县城就业，档案转至人才交流中心');
      // The page keeps one idempotency key until the application succeeds: a second click is one application.
      await clickUntil(cp.getByRole('button', { name: '提交申请' }), cp.getByText('转档办理中：已申请'));

      // ── The receiving agency issues the 调档函.
      const rp = receiver.page;
      await forgetTotpStep(server, 'archive');
      await login(rp, 'archive', DEMO_PASSWORD, ARCHIVE_TOTP);
      await openQueue(rp, 'to_approve');
      const row = rp.locator('tr', { hasText: archive.archiveNumber });
      await row.waitFor();
      await screenshot(rp, 'archives-queue-to-approve');
      await row.getByRole('button', { name: '开具调档函' }).click();
      await rp.getByText('已开具调档函').first().waitFor();

      // ── The holder sends it by 机要通信 with a tracking number.
      const hp = holder.page;
      await forgetTotpStep(server, 'archive2');
      await login(hp, 'archive2', DEMO_PASSWORD, ARCHIVE2_TOTP);
      // 我的待办 on the 工作台: the transfer now waits on this agency, linked to its page.
      const todo = hp.getByTestId('my-work-items');
      await todo.getByRole('link', { name: new RegExp(archive.archiveNumber) }).waitFor();
      await screenshot(hp, 'home-my-work-items');
      await openQueue(hp, 'to_send');
      const sendRow = hp.locator('tr', { hasText: archive.archiveNumber });
      await sendRow.waitFor();
      await sendRow.getByRole('button', { name: spaced('转出') }).click();
      await hp.getByLabel('机要编号 / 送取登记号').fill('JY410122E2E01');
      await screenshot(hp, 'archives-send-dialog');
      await hp.getByRole('button', { name: '确认转出' }).click();
      await hp.getByText('已转出').first().waitFor();

      // ── The receiver returns the 回执: custody moves.
      await openQueue(rp, 'to_receive');
      const receiveRow = rp.locator('tr', { hasText: archive.archiveNumber });
      await receiveRow.waitFor();
      await receiveRow.getByRole('button', { name: '接收（回执）' }).click();
      await rp.getByText('已接收，档案保管已转移').waitFor();

      // ── Archive page (ledger) and transfer page.
      await rp.goto(`/archives/${archive.id}`);
      await rp.getByTestId('custodian').waitFor();
      assert.equal(await rp.getByTestId('custodian').textContent(), '中牟县人才交流中心');
      await screenshot(rp, 'archives-archive-page');
      await rp.getByRole('link', { name: '本人网上申请' }).first().click();
      await rp.getByText('办理记录').waitFor();
      await screenshot(rp, 'archives-transfer-page');
      await rp.goto('/archives/intake');
      await rp.getByText('审核材料').waitFor();
      await screenshot(rp, 'archives-intake-page');

      // ── The citizen checks on the phone.
      await cp.goto('/me/archive');
      await cp.getByTestId('archive-status').waitFor();
      assert.equal(await cp.getByTestId('my-custodian').textContent(), '中牟县人才交流中心');
      await screenshot(cp, 'archives-citizen-status-after');
      const width = await cp.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scroll at 390 px (page is ${width} px wide)`);

      const custody = await db
        .selectFrom('archiveCustody')
        .select('seq')
        .where('archiveId', '=', archive.id)
        .execute();
      assert.equal(custody.length, 2);
      for (const c of [citizen, receiver, holder]) assert.deepEqual(unexpected(c.consoleErrors), []);
    } finally {
      await citizen.context.close();
      await receiver.context.close();
      await holder.context.close();
    }
  });

  it('告知承诺 fulfilment, a counterpart agency recorded, a 跨省通办 inbound transfer started from the console', async () => {
    const db = server.ctx.database.db;
    const person = await createPerson(server.ctx);
    const staff = await newContext(browser, server.url);
    try {
      const p = staff.page;
      await forgetTotpStep(server, 'archive');
      await login(p, 'archive', DEMO_PASSWORD, ARCHIVE_TOTP);

      // ── 告知承诺: the open pledges, one fulfilled with its material.
      await p.goto('/archives/pledges');
      const fulfil = p.getByRole('button', { name: '补交材料' }).first();
      await fulfil.waitFor();
      await screenshot(p, 'archives-pledges');
      await fulfil.click();
      const dialog = p.locator('.ant-modal');
      await dialog.getByText('登记并履行承诺').waitFor();
      await pickOption(p, '.ant-modal .ant-select >> nth=0', '4.');
      await screenshot(p, 'archives-pledge-fulfil-dialog');
      await dialog.getByRole('button', { name: '登记并履行承诺' }).click();
      await p.getByText('告知承诺已履行').waitFor();

      // ── A counterpart agency outside the county.
      await p.goto('/archives/agencies');
      await p.getByTestId('agency-new').click();
      await p.getByLabel('机构名称').fill('杭州市人才服务中心');
      await p.getByLabel('所在地区').fill('浙江省杭州市');
      await p.getByLabel('联系方式（科室、办公电话）').fill('档案科');
      await screenshot(p, 'archives-agency-dialog');
      await p
        .locator('.ant-modal')
        .getByRole('button', { name: /保\s*存/ })
        .click();
      await p.getByText('已保存').waitFor();
      await p.locator('tr', { hasText: '杭州市人才服务中心' }).waitFor();
      await screenshot(p, 'archives-agencies');

      // ── 单位直接转递 tab (this agency has no archive authority) and 跨省通办转入 for a person held outside.
      await p.goto('/archives/transfers/new');
      await p.getByText('本机构不是经授权管理档案的单位').waitFor();
      await screenshot(p, 'archives-start-unit-direct');
      await p.getByRole('tab', { name: '跨省通办转入' }).click();
      await p.getByTestId('inbound-id-number').fill(person.idNumber);
      await p.getByRole('button', { name: /查\s*找/ }).click();
      await p.getByText(person.input.name).waitFor();
      await pickOption(p, '[data-testid="inbound-counterpart"]', '杭州市人才服务中心');
      await screenshot(p, 'archives-start-inbound');
      await p.getByTestId('inbound-submit').click();
      await p.getByText('办理记录').waitFor();
      await screenshot(p, 'archives-inbound-transfer-page');

      const archive = await db
        .selectFrom('archive')
        .innerJoin('archiveTransfer', 'archiveTransfer.archiveId', 'archive.id')
        .select(['archiveTransfer.state', 'archiveTransfer.direction'])
        .where('archive.personId', '=', person.id)
        .executeTakeFirstOrThrow();
      assert.equal(archive.state, 'approved');
      assert.equal(archive.direction, 'inbound');
      assert.deepEqual(unexpected(staff.consoleErrors), []);
    } finally {
      await staff.context.close();
    }
  });
});
