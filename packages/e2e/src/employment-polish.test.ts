import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { type E2eServer, launchBrowser, login, newContext, screenshot, startServer } from './harness.ts';

/**
 * Employment polish in Chromium: the staff posting form's 用人单位 picker searches the registry remotely (by name,
 * with a Chinese empty state), and the 人岗匹配 page shows the 评分规则 (weights as dated policy parameters).
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const EMPLOYMENT_TOTP = 'QIAOTIDEMOEMPLOYMENTXAAAAAAAAAAA';

describe('employment polish (Chromium)', { timeout: 300_000 }, () => {
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

  it('the employer picker searches remotely; the matching page explains its scoring rules', async () => {
    const staff = await newContext(browser, server.url);
    try {
      const sp = staff.page;
      await login(sp, 'employment', DEMO_PASSWORD, EMPLOYMENT_TOTP);
      await sp.goto('/employment/postings');
      await sp.getByRole('button', { name: /代单位登记岗位/ }).click();
      const drawer = sp.locator('.ant-drawer-open').filter({ hasText: '登记岗位' });
      await drawer.waitFor();
      const picker = drawer.getByTestId('employer-select');
      await picker.click();
      const searched = sp.waitForResponse(
        (r) => r.url().includes('/api/organisations') && r.url().includes('q='),
      );
      await sp.keyboard.type('公司');
      const res = await searched;
      const url = new URL(res.url());
      assert.equal(url.searchParams.get('kind'), 'employer');
      assert.equal(url.searchParams.get('q'), '公司');
      const option = sp.locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
      );
      await option.first().waitFor();
      assert.match((await option.first().textContent()) ?? '', /公司/);
      await screenshot(sp, 'employment-polish-01-employer-search');

      await sp.keyboard.press('Control+A');
      await sp.keyboard.type('没有这家单位');
      await sp.getByText('没有找到“没有这家单位”相关的用人单位').waitFor();
      await screenshot(sp, 'employment-polish-02-employer-empty');
      await sp.keyboard.press('Escape');

      await sp.goto('/employment/matching');
      await sp.getByTestId('scoring-rules-button').click();
      const rules = sp.getByTestId('scoring-rules');
      await rules.waitFor();
      const text = (await rules.textContent()) ?? '';
      assert.match(text, /职业相符/);
      assert.match(text, /就业援助对象加分/);
      assert.match(text, /待确认/);
      assert.match(text, /ZM-PLAN#十二/);
      await screenshot(sp, 'employment-polish-03-scoring-rules');
      assert.deepEqual(
        staff.consoleErrors.filter((e) => !/status of (401|404|409)/.test(e)),
        [],
      );
    } finally {
      await staff.context.close();
    }
  });
});
