import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
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
 * The policy pages end to end, in Chromium against the real server (own database with the demo population): a civil
 * affairs officer reads the library (the rural 低保 standard marked 待确认), runs a 试算, saves it as a decision,
 * replays it, previews the impact of a higher standard over the registry and schedules it.
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const CIVIL_TOTP = 'QIAOTIDEMOCIVILXXXXAAAAAAAAAAAAA';

const text = async (l: Locator) => (await l.textContent()) ?? '';
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));
/** antd puts a space between two-character Chinese button labels (计 算). */
const spaced = (s: string) => new RegExp([...s].join('\\s*'));

/** Types a date into an antd DatePicker and confirms it. */
async function pickDate(page: Page, selector: string, date: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('policy console end to end (Chromium)', { timeout: 240_000 }, () => {
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

  it('civil officer: library → 试算 低保 → decision → replay → impact of a new standard → schedule', async () => {
    const { context, page, consoleErrors } = await newContext(browser, server.url);
    try {
      await login(page, 'civil', DEMO_PASSWORD, CIVIL_TOTP);

      // 政策库: the rural 低保 standard is a parameter marked 待确认.
      await page.getByRole('menuitem', { name: '政策库' }).click();
      await page.getByRole('heading', { name: '政策库' }).waitFor();
      const dibao = page.getByRole('row').filter({ hasText: '农村低保标准' });
      await dibao.waitFor();
      assert.match(await text(dibao), /530 元/);
      assert.match(await text(dibao), /待确认/);
      await dibao.getByRole('button', { name: /展开行|Expand row/ }).click();
      await page.locator('.ant-timeline').first().waitFor();
      await screenshot(page, 'policy-01-library-parameters');
      await page.getByRole('tab', { name: /文件与条款/ }).click();
      await page.getByText('中牟县促进劳动力和人才社会性流动体制机制改革的实施方案').first().waitFor();
      await screenshot(page, 'policy-02-library-documents');
      await page.getByRole('tab', { name: /规则/ }).click();
      await page
        .getByRole('cell', { name: /符合最低生活保障条件/ })
        .first()
        .waitFor();
      await screenshot(page, 'policy-03-library-rules');

      // 试算: a rural household of 3 with 1,200 元 a month on 2025-06-01.
      await page.getByRole('menuitem', { name: '政策试算' }).click();
      await page.getByRole('heading', { name: '政策试算' }).waitFor();
      await page.locator('#ruleId').click();
      await page.locator('#ruleId').fill('低保');
      await page.locator('.ant-select-item-option', { hasText: '符合最低生活保障条件' }).click();
      await pickDate(page, '#asOf', '2025-06-01');
      await page.getByLabel('共同生活的家庭成员人数').fill('3');
      await page.getByLabel('家庭月总收入').fill('1200');
      await pickOption(page, '#area', '农村');
      await page.locator('#assetsWithinLimit').click();
      await page.getByRole('button', { name: spaced('计算') }).click();
      await page.getByTestId('explanation').waitFor();
      assert.match(await text(page.getByTestId('sentences')), /家庭月人均收入 400 元，低于低保标准 530 元/);
      assert.match(await text(page.getByTestId('outcome')), /符合最低生活保障条件/);
      assert.match(await text(page.getByTestId('cites')), /社会救助暂行办法/);
      assert.match(await text(page.getByTestId('explanation')), /待确认/);
      await screenshot(page, 'policy-04-trial');

      // Saved as a decision record about a registered household (by its 户号), opened, replayed and explained.
      const registered = await server.ctx.database.db
        .selectFrom('households')
        .select('householdNumber')
        .where('householdNumber', 'is not', null)
        .orderBy('householdNumber')
        .executeTakeFirstOrThrow();
      await page.getByLabel('关联登记对象').fill(registered.householdNumber ?? '');
      await page.getByRole('button', { name: /保存为决定记录/ }).click();
      await page.getByTestId('saved').waitFor();
      await screenshot(page, 'policy-05-trial-saved');
      await page.getByRole('link', { name: '查看决定记录' }).click();
      await page.waitForURL(/\/policy\/decisions\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: '决定记录' }).waitFor();
      await page.getByTestId('decision-outcome').filter({ hasText: '符合最低生活保障条件' }).waitFor();
      await page.getByRole('link', { name: '查看登记家庭户' }).waitFor();
      await page.getByRole('cell', { name: '1200.00 元' }).waitFor();
      await page.getByRole('button', { name: /重放核对/ }).click();
      await page.getByTestId('replay-result').waitFor();
      assert.match(await text(page.getByTestId('replay-result')), /重放结果一致 ✔/);
      await page.getByRole('button', { name: /查看解释/ }).click();
      await page.getByTestId('explanation').waitFor();
      await screenshot(page, 'policy-06-decision');

      // Impact of a rural standard of 1,500 元 from 2026-01-01 over the demo population, then scheduled.
      await page.getByRole('menuitem', { name: '参数影响测算' }).click();
      await page.getByRole('heading', { name: '参数调整与影响测算' }).waitFor();
      await page.getByLabel('新值').fill('1500');
      await pickDate(page, '#effectiveFrom', '2026-01-01');
      await page.getByRole('button', { name: /测算影响/ }).click();
      const report = page.getByTestId('impact-report');
      await report.waitFor({ timeout: 60_000 });
      const eligible = page.getByTestId('impact-welfare.dibao.eligible');
      await eligible.getByTestId('impact-chart').locator('canvas').first().waitFor();
      const rows = eligible.getByTestId('impact-list').locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      assert.ok((await rows.count()) > 0, 'households flip');
      assert.match(await text(report), /530 元 → 1,500 元/);
      await page.waitForTimeout(600); // the chart animates in
      await screenshot(page, 'policy-07-impact');

      await page.getByLabel('说明（文号、批准情况等）').fill('端到端测试：拟提高农村低保标准');
      await page.getByRole('button', { name: /排定调整/ }).click();
      const scheduled = page.getByTestId('changes').getByRole('row').filter({ hasText: '端到端测试' });
      await scheduled.waitFor();
      assert.match(await text(scheduled), /农村低保标准/);
      assert.match(await text(scheduled), /2026-01-01/);
      assert.match(await text(scheduled), /1,500 元/);
      // 2026-01-01 has passed: the change is in effect at once (decisions already stored still replay as made).
      assert.match(await text(scheduled), /已生效/);
      await screenshot(page, 'policy-08-scheduled');

      // The library now shows the new standard as current; then the change is withdrawn.
      await page.getByRole('menuitem', { name: '政策库' }).click();
      const dibaoNow = page.getByRole('row').filter({ hasText: '农村低保标准' });
      await dibaoNow.filter({ hasText: '1500 元' }).waitFor();
      await page.getByRole('menuitem', { name: '参数影响测算' }).click();
      await scheduled.getByRole('button', { name: /撤\s*回/ }).click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: /撤\s*回/ })
        .click();
      await scheduled.filter({ hasText: '已撤回' }).waitFor();
      await screenshot(page, 'policy-09-withdrawn');
      assert.deepEqual(unexpected(consoleErrors), []);
    } finally {
      await context.close();
    }
  });
});
