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
 * The employment core end to end, in Chromium against the real server (own database with the demo data): the demo
 * employer posts a job on a phone, is blocked for "限男性" with the reason and its clause, fixes it and publishes;
 * the demo citizen sees it recommended with the reasons and applies; staff refer and place the citizen (follow-ups
 * scheduled); the citizen sees "已录用". Screens of the console pages are saved for review.
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const EMPLOYMENT_TOTP = 'QIAOTIDEMOEMPLOYMENTXAAAAAAAAAAA';
const PHONE = { width: 375, height: 812 };
const TITLE = `智能仓储管理员${Date.now().toString(36).slice(-4)}`;

const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|404|409)/.test(e));
/** antd puts a space between two-character Chinese button labels (确 定). */
const spaced = (s: string) => new RegExp(`^\\s*${[...s].join('\\s*')}\\s*$`);

async function fillPostingForm(page: Page, description: string) {
  const drawer = page.locator('.ant-drawer-open .ant-drawer-section').filter({ hasText: '登记岗位' });
  await drawer.waitFor();
  await drawer.getByLabel('岗位名称').fill(TITLE);
  await drawer.getByText('本县乡镇（街道）').click();
  await pickOption(page, '.ant-drawer-open [data-testid=township-select]', '青年路街道');
  await drawer.locator('.ant-cascader').first().click();
  await page.keyboard.type('仓储管理员');
  await page
    .locator('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu-item', {
      hasText: '仓储管理员',
    })
    .first()
    .click();
  await drawer.getByLabel('岗位描述与任职要求').fill(description);
  const skills = drawer.getByLabel('技能要求');
  for (const s of ['出入库作业', '库存盘点']) {
    await skills.fill(s);
    await skills.press('Enter');
  }
  await page.keyboard.press('Escape');
  await drawer.getByLabel('月工资下限（元）').fill('5000');
  await drawer.getByLabel('月工资上限（元）').fill('6500');
  await drawer.getByLabel('招聘人数').fill('2');
}

describe('employment core end to end (Chromium)', { timeout: 300_000 }, () => {
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

  it('an employer is blocked for "限男性", fixes and publishes; the citizen sees it recommended, applies, is referred and placed', async () => {
    const employer = await newContext(browser, server.url, PHONE);
    const citizen = await newContext(browser, server.url, PHONE);
    const staff = await newContext(browser, server.url);
    try {
      // ── Employer on a phone: new posting with "限男性" → blocked with the clause.
      const ep = employer.page;
      await login(ep, 'employer', DEMO_PASSWORD);
      await ep.goto('/portal/employer');
      await ep.getByTestId('employer-page').waitFor();
      await ep.getByTestId('new-posting').click();
      await fillPostingForm(ep, '负责仓库出入库和盘点，限男性，能吃苦耐劳');
      await ep.getByTestId('posting-save').click();
      await ep.getByTestId('publish').click();
      const blocked = ep.locator('.ant-modal-confirm').filter({ hasText: '岗位未能发布' });
      await blocked.waitFor();
      const blockedText = (await blocked.textContent()) ?? '';
      assert.match(blockedText, /含性别限制用语/);
      assert.match(blockedText, /妇女权益保障法.*第四十三条/);
      await ep.waitForTimeout(500); // the dialog's opening animation
      await screenshot(ep, 'employment-01-employer-blocked-375');
      await blocked.getByRole('button', { name: spaced('去修改') }).click();
      await blocked.waitFor({ state: 'hidden' });

      // Fix the wording and publish.
      await ep.getByTestId('edit-posting').click();
      const edit = ep.locator('.ant-drawer-open .ant-drawer-section').filter({ hasText: '修改岗位' });
      await edit.waitFor();
      await edit.getByLabel('岗位描述与任职要求').fill('负责仓库出入库和盘点，能吃苦耐劳，会用叉车优先');
      await ep.getByTestId('posting-save').click();
      await edit.waitFor({ state: 'hidden' });
      await ep.getByTestId('publish').click();
      await ep.getByText('已通过就业歧视审核').waitFor();
      await ep.locator('.ant-drawer-open .ant-tag', { hasText: '招聘中' }).first().waitFor();
      await screenshot(ep, 'employment-02-employer-published-375');
      assert.deepEqual(unexpected(employer.consoleErrors), []);

      // ── Citizen on a phone: recommended with the reasons; apply.
      const cp = citizen.page;
      await login(cp, 'citizen', DEMO_PASSWORD);
      await cp.goto('/portal/jobs');
      await cp.getByTestId('jobs-page').waitFor();
      const rec = cp.getByTestId('recommendations').getByTestId('job-card').filter({ hasText: TITLE });
      await rec.waitFor();
      await screenshot(cp, 'employment-03-citizen-recommended-375');
      await rec.click();
      const why = cp.getByTestId('why-recommended');
      await why.waitFor();
      const reasons = (await why.textContent()) ?? '';
      assert.match(reasons, /职业|技能/);
      await screenshot(cp, 'employment-04-citizen-why-375');
      await cp.getByTestId('apply').click();
      await cp.locator('.ant-drawer-open .ant-tag', { hasText: '已申请' }).waitFor();
      // Keyword search finds it too.
      await cp.keyboard.press('Escape');
      await cp.getByTestId('job-search').locator('input').fill('仓储 叉车');
      await cp.getByTestId('job-search').locator('input').press('Enter');
      await cp.getByTestId('job-card').filter({ hasText: TITLE }).first().waitFor();
      await screenshot(cp, 'employment-05-citizen-search-375');

      // ── Staff: refer, then hire (placement with follow-ups).
      const sp = staff.page;
      await login(sp, 'employment', DEMO_PASSWORD, EMPLOYMENT_TOTP);
      await sp.goto('/employment/referrals');
      const row = sp.locator('.ant-table-row').filter({ hasText: TITLE });
      await row.waitFor();
      await screenshot(sp, 'employment-06-staff-referrals');
      await row.getByRole('button', { name: spaced('推荐') }).click();
      await sp
        .locator('.ant-modal')
        .getByRole('button', { name: spaced('确定') })
        .click();
      await row.locator('.ant-tag', { hasText: '已推荐' }).waitFor();
      await row.getByRole('button', { name: spaced('录用') }).click();
      const hire = sp.locator('.ant-modal').filter({ hasText: '入职日期' });
      await hire.waitFor();
      await hire.getByLabel('约定月工资（元）').fill('5500');
      await hire.getByRole('button', { name: spaced('确定') }).click();
      await row.locator('.ant-tag', { hasText: '已录用' }).waitFor();
      await screenshot(sp, 'employment-07-staff-hired');

      // Console pages for review.
      await sp.goto('/employment/postings');
      await sp.locator('.ant-table-row').first().waitFor();
      await screenshot(sp, 'employment-08-staff-postings');
      await sp.goto('/employment/matching');
      await sp.getByText('为岗位找人选').click();
      await pickOption(sp, '.ant-select', TITLE);
      await sp.getByTestId('score-bar').first().waitFor();
      await screenshot(sp, 'employment-09-staff-matching');
      await sp.goto('/employment/seekers');
      await sp.getByText('按状态').click();
      await sp.getByRole('button', { name: '列出' }).click();
      await sp.locator('.ant-table-row').first().waitFor();
      await screenshot(sp, 'employment-10-staff-seekers');
      assert.deepEqual(unexpected(staff.consoleErrors), []);

      // ── The citizen sees the outcome.
      await cp.goto('/portal/applications');
      await cp
        .getByTestId('application-card')
        .filter({ hasText: TITLE })
        .filter({ hasText: '已录用' })
        .waitFor();
      await screenshot(cp, 'employment-11-citizen-applications-375');
      assert.deepEqual(unexpected(citizen.consoleErrors), []);

      const placement = await server.ctx.database.db
        .selectFrom('placement')
        .innerJoin('jobPosting', 'jobPosting.id', 'placement.postingId')
        .innerJoin('placementFollowup', 'placementFollowup.placementId', 'placement.id')
        .select(['placementFollowup.dueMonth'])
        .where('jobPosting.title', '=', TITLE)
        .execute();
      assert.deepEqual(placement.map((p) => p.dueMonth).sort(), [1, 3, 6]);
    } catch (error) {
      await screenshot(employer.page, 'employment-failed-employer');
      await screenshot(citizen.page, 'employment-failed-citizen');
      await screenshot(staff.page, 'employment-failed-staff');
      console.error(employer.consoleErrors, citizen.consoleErrors, staff.consoleErrors);
      throw error;
    } finally {
      await employer.context.close();
      await citizen.context.close();
      await staff.context.close();
    }
  });
});
