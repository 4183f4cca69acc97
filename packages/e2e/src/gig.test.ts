import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
 * The gig market end to end, in Chromium against the real server (own database with the demo data): the demo
 * employer posts a task on a phone, the demo citizen claims it, checks in and reports it done, the employer records
 * the pay, the citizen confirms it and finds the message in the inbox; staff see the market and the indicators.
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const EMPLOYMENT_TOTP = 'QIAOTIDEMOEMPLOYMENTXAAAAAAAAAAA';
const PHONE = { width: 375, height: 812 };
const TITLE = `果园套袋帮工${Date.now().toString(36).slice(-4)}`;

const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|409)/.test(e));
/** antd puts a space between two-character Chinese button labels (接 单). */
const spaced = (s: string) => new RegExp([...s].join('\\s*'));

async function todayInPicker(page: Page, today: string) {
  const input = page.locator('.ant-modal .ant-picker input').first();
  await input.click();
  await input.fill(today);
  await input.press('Enter');
}

describe('gig market end to end (Chromium)', { timeout: 300_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a task is posted by an employer, claimed, checked in, completed, paid and confirmed', async () => {
    const employer = await newContext(browser, server.url, PHONE);
    const citizen = await newContext(browser, server.url, PHONE);
    try {
      // Employer posts a task for today (phone width).
      const ep = employer.page;
      await login(ep, 'employer', DEMO_PASSWORD);
      await ep.goto('/portal/gig');
      await ep.getByTestId('gig-portal').waitFor();
      await ep.getByTestId('gig-new-task').click();
      await ep.locator('.ant-modal').getByText('发布零工任务').waitFor();
      // The site list loads when the form opens; the select is disabled until then.
      await ep.locator('.ant-modal [data-testid=gig-site-select]:not(.ant-select-disabled)').waitFor();
      await pickOption(ep, '.ant-modal [data-testid=gig-site-select]', '青年路街道零工驿站');
      await ep
        .locator('.ant-modal [data-testid=gig-site-select]', { hasText: '青年路街道零工驿站' })
        .waitFor();
      await ep.getByLabel('任务名称').fill(TITLE);
      await ep.getByLabel('任务说明').fill('梨园套袋，管午饭');
      await ep.getByLabel('报酬（元）').fill('130');
      await todayInPicker(ep, today);
      await ep
        .getByRole('button', { name: spaced('发布') })
        .last()
        .click();
      const posted = ep.getByTestId('gig-card').filter({ hasText: TITLE });
      await posted.waitFor();
      assert.match((await posted.textContent()) ?? '', /130 元\/天/);
      await screenshot(ep, 'gig-employer-portal');

      // Citizen claims it, checks in and reports done.
      const cp = citizen.page;
      await login(cp, 'citizen', DEMO_PASSWORD);
      await cp.goto('/portal/gig');
      const card = cp.getByTestId('gig-card').filter({ hasText: TITLE });
      await card.waitFor();
      await screenshot(cp, 'gig-citizen-nearby');
      await card.getByRole('button', { name: spaced('接单') }).click();
      // Its only place is taken: it leaves the open list and shows under 我的零工.
      await card.waitFor({ state: 'detached' });
      await cp.getByText(/我的零工（1）/).click();
      const mine = cp.getByTestId('gig-card').filter({ hasText: TITLE });
      await mine.getByTestId('gig-check-in').click();
      await mine.getByTestId('my-claim-status').filter({ hasText: '已签到' }).waitFor();
      await mine.getByTestId('gig-complete').click();
      await mine.getByTestId('my-claim-status').filter({ hasText: '已完工' }).waitFor();

      // Employer sees the claim and records the pay.
      await ep.goto('/portal/gig');
      await ep.getByTestId('gig-card').filter({ hasText: TITLE }).getByTestId('gig-manage').click();
      await ep.getByRole('heading', { name: TITLE }).waitFor();
      const claims = ep.getByTestId('gig-claims');
      await claims.getByText('已完工').waitFor();
      await claims.getByTestId('gig-pay').click();
      await ep
        .locator('.ant-modal')
        .getByText(/登记报酬/)
        .first()
        .waitFor();
      await ep
        .getByRole('button', { name: spaced('登记') })
        .last()
        .click();
      await claims.getByText('待确认').waitFor();
      await ep.locator('.ant-modal').first().waitFor({ state: 'hidden' });
      assert.match((await claims.textContent()) ?? '', /130 元（微信/);
      await screenshot(ep, 'gig-employer-task');

      // Citizen confirms the pay and finds the message in the inbox.
      await cp.goto('/portal/gig');
      await cp.getByText(/我的零工/).click();
      const paid = cp.getByTestId('gig-card').filter({ hasText: TITLE });
      await paid.getByTestId('gig-confirm-pay').click();
      await paid.getByText('已确认收款').waitFor();
      await screenshot(cp, 'gig-citizen-mine');
      await cp.getByTestId('notification-bell').click();
      await cp.getByRole('heading', { name: '我的消息' }).waitFor();
      const message = cp.getByTestId('notification-item').filter({ hasText: '零工报酬已登记' });
      await message.waitFor();
      assert.match((await message.textContent()) ?? '', new RegExp(TITLE));
      assert.match((await cp.getByTestId('channel-status').textContent()) ?? '', /短信通道未接入，仅记录/);
      await screenshot(cp, 'notifications-citizen');

      assert.deepEqual(unexpected(employer.consoleErrors), []);
      assert.deepEqual(unexpected(citizen.consoleErrors), []);
    } catch (e) {
      // What each phone showed when it failed, next to the other screenshots.
      await screenshot(employer.page, 'gig-failed-employer');
      await screenshot(citizen.page, 'gig-failed-citizen');
      throw e;
    } finally {
      await employer.context.close();
      await citizen.context.close();
    }
  });

  it('staff: the market console (tasks, sites, month) and the indicators page with charts', async () => {
    const { context, page, consoleErrors } = await newContext(browser, server.url);
    try {
      await login(page, 'employment', DEMO_PASSWORD, EMPLOYMENT_TOTP);
      await page.goto('/employment/gig');
      await page.getByRole('heading', { name: '灵工市场' }).waitFor();
      await page.getByTestId('gig-task-table').getByText('大蒜收获帮工').waitFor();
      await screenshot(page, 'gig-console-tasks');
      await page.getByRole('tab', { name: '月度活动' }).click();
      await page.getByTestId('gig-activity').getByText('青年路街道零工驿站').waitFor();
      await screenshot(page, 'gig-console-activity');

      await page.goto('/employment/indicators');
      await page.getByRole('heading', { name: '就业指标' }).waitFor();
      await page.getByTestId('indicator-table').getByText('中牟县（合计）').first().waitFor();
      await page.locator('canvas').first().waitFor();
      await page.waitForTimeout(800); // let the charts finish their entry animation for the screenshot
      await screenshot(page, 'indicators');
      const download = page.waitForEvent('download');
      await page.getByTestId('indicator-export').click();
      const file = await download;
      assert.match(file.suggestedFilename(), /^就业指标-.*\.xlsx$/);
      assert.deepEqual(unexpected(consoleErrors), []);
    } finally {
      await context.close();
    }
  });
});
