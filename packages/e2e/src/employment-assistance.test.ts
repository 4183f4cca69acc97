import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPerson } from '@qiaoti/server/test/factories';
import type { Browser } from 'playwright-core';
import {
  confirmPopconfirm,
  type E2eServer,
  launchBrowser,
  login,
  newContext,
  screenshot,
  startServer,
} from './harness.ts';

/**
 * 就业援助 end to end, in Chromium against the real server (own database with the demo data): an unemployed
 * resident is identified as a 就业困难人员 by the rule, a case is opened with a plan, a follow-up is recorded,
 * closure is refused while the person has not been employed for the configured months, and succeeds once they
 * have; the 零就业家庭 dashboard, the subsidy review drawer and the employer's subsidy list are screenshotted.
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const EMPLOYMENT_TOTP = 'QIAOTIDEMOEMPLOYMENTXAAAAAAAAAAA';
const PHONE = { width: 375, height: 812 };
/** antd puts a space between two-character Chinese button labels (结 案). */
const spaced = (s: string) => new RegExp(`^\\s*${[...s].join('\\s*')}\\s*$`);

const shanghaiDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  return shanghaiDay(d);
};

describe('employment assistance end to end (Chromium)', { timeout: 300_000 }, () => {
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

  it('identifies a person, opens a case with a plan, follows up, and closes it only after the months', async () => {
    const db = server.ctx.database.db;
    const person = await createPerson(server.ctx, {
      birthDate: '1986-04-01',
      gender: 'F',
      residenceVillageCode: '410122001002',
      name: '援助测试人',
    });
    await db
      .insertInto('personFacts')
      .values({
        personId: person.id,
        fact: 'employment_status',
        value: JSON.stringify('unemployed'),
        validFrom: monthsAgo(8),
        source: 'e2e',
      })
      .execute();

    const { page, context, consoleErrors } = await newContext(browser, server.url);
    try {
      await login(page, 'employment', DEMO_PASSWORD, EMPLOYMENT_TOTP);
      await page.goto('/employment/assistance/identification');
      await page.getByLabel('按姓名筛选').fill('援助测试人');
      const row = page.locator('tr', { hasText: '援助测试人' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /试算，未保存/);
      await row.getByRole('button', { name: spaced('认定') }).click();
      await row.getByText('已认定').waitFor();
      assert.match((await row.textContent()) ?? '', /连续失业 6 个月以上/);
      await screenshot(page, 'assistance-identification');

      await row.getByRole('button', { name: '开立个案' }).click();
      const modal = page.locator('.ant-modal');
      await modal.getByLabel('责任人').first().fill('就业指导员 王敏');
      await modal.getByRole('button', { name: spaced('开立') }).click();
      await page.waitForURL('**/employment/assistance/cases/*');
      await page.getByTestId('plan-step').first().waitFor();

      // A follow-up, then closure: refused (not employed yet) with the rule's reason.
      await page.getByLabel('跟进内容').fill('电话回访，已报名面点师培训');
      await page.getByLabel('下一步').fill('培训结束后推荐岗位');
      await page.getByRole('button', { name: '记录跟进' }).click();
      await page.getByTestId('followup').filter({ hasText: '已报名面点师培训' }).waitFor();
      await screenshot(page, 'assistance-case-followup');
      await page
        .getByRole('button', { name: spaced('结案') })
        .first()
        .click();
      await confirmPopconfirm(page, spaced('结案'));
      const refused = page.getByTestId('close-refused');
      await refused.waitFor();
      assert.match((await refused.textContent()) ?? '', /已连续就业 0 个月/);
      await screenshot(page, 'assistance-case-refused');

      // Employed for seven months now (a placement since then): the case closes.
      const employer = await db
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'employer')
        .limit(1)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('placement')
        .values({ personId: person.id, organisationId: employer.id, startDate: monthsAgo(7) })
        .execute();
      await page.reload();
      await page.getByText(/已就业（/).waitFor();
      await page
        .getByRole('button', { name: spaced('结案') })
        .first()
        .click();
      await confirmPopconfirm(page, spaced('结案'));
      await page.getByText('已结案').first().waitFor();
      assert.equal(await page.getByTestId('close-refused').count(), 0);
      await screenshot(page, 'assistance-case-closed');

      await page.goto('/employment/assistance/cases?status=closed');
      await page
        .locator('tr', { hasText: '援助测试人' })
        .getByText(/已结案/)
        .waitFor();
      await screenshot(page, 'assistance-cases');

      await page.goto('/employment/zero-employment');
      await page.getByText('现有零就业家庭（户）').waitFor();
      await page.locator('canvas').first().waitFor();
      await screenshot(page, 'zero-employment-dashboard');

      await page.goto('/employment/subsidies');
      await page.getByText('全部').first().click();
      const firstApp = page.locator('tbody tr .ant-btn-link').first();
      await firstApp.click();
      await page.getByTestId('eligibility-reasons').waitFor();
      await screenshot(page, 'subsidies-review-drawer');
      assert.deepEqual(
        consoleErrors.filter((e) => !/status of (401|409)/.test(e)),
        [],
      );
    } finally {
      await context.close();
    }

    const phone = await newContext(browser, server.url, PHONE);
    try {
      await login(phone.page, 'employer', DEMO_PASSWORD);
      await phone.page.goto('/portal/employer/subsidies');
      await phone.page.getByText('我的补贴申请').first().waitFor();
      await phone.page.getByTestId('application').first().waitFor();
      await screenshot(phone.page, 'employer-subsidies-portal');
    } finally {
      await phone.context.close();
    }
  });
});
