import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@qiaoti/db';
import { testPii } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { buildApp } from '@qiaoti/server/app';
import { loadConfig } from '@qiaoti/server/config';
import type { AppContext } from '@qiaoti/server/context';
import { seedDemo } from '@qiaoti/server/demo/seed-demo';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const webDist = resolve(here, '../../../apps/web/dist');
export const resultsDir = resolve(here, '../test-results');
export const chromiumPath = process.env.QIAOTI_CHROMIUM ?? '/usr/bin/chromium';

/** The real server, in this process, on a free port, serving the built console, on its own database. */
export interface E2eServer {
  url: string;
  ctx: AppContext;
  app: FastifyInstance;
  close: () => Promise<void>;
}

export async function startServer(): Promise<E2eServer> {
  if (!existsSync(resolve(webDist, 'index.html')))
    throw new Error('apps/web/dist is missing: run `npm run build -w @qiaoti/web` (npm test does it)');
  const database: Database = await openIsolatedTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '1', LOG_LEVEL: 'silent' });
  const ctx: AppContext = { config, database, pii: testPii, clock: () => new Date() };
  await seedDemo(ctx);
  const app = await buildApp(ctx, { webRoot: webDist });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh browser context (own cookies) with Chinese locale, collecting console errors of its pages. */
export async function newContext(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1366, height: 860 },
): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return { context, page, consoleErrors };
}

export function totpNow(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = resolve(resultsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Logs in through the login page; with a TOTP secret, answers the 动态口令 step. */
export async function login(
  page: Page,
  username: string,
  password: string,
  totpSecret?: string,
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page
    .getByRole('button', { name: '登 录' })
    .or(page.getByRole('button', { name: '登录' }))
    .click();
  if (totpSecret) {
    await page.getByTestId('totp-input').waitFor();
    await page.getByTestId('totp-input').fill(await totpNow(totpSecret));
    await page.getByRole('button', { name: '验证并登录' }).click();
    // A code is single use per 30-second step: when an earlier test file logged this account in within the same
    // step, the server refuses it as a replay — as a person would, wait for the next code and enter it.
    const refused = page.getByText('动态口令错误或已使用');
    await page.getByTestId('user-menu').or(refused).first().waitFor();
    if (await refused.isVisible()) {
      await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
      await page.getByTestId('totp-input').fill(await totpNow(totpSecret));
      await page.getByRole('button', { name: '验证并登录' }).click();
    }
  }
  await page.getByTestId('user-menu').waitFor();
}

/**
 * TOTP codes are single use per 30-second step (SECURITY: replay refused). Tests that log one staff account in
 * several times within a step forget the last used step first, as the server tests' `loginAs` does.
 */
export async function forgetTotpStep(server: E2eServer, username: string): Promise<void> {
  await server.ctx.database.db
    .updateTable('accounts')
    .set({ totpLastStep: null })
    .where('username', '=', username)
    .execute();
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
}

/**
 * Picks an option of an antd Select, waits until its dropdown has closed (so the next click is not intercepted by
 * a dropdown still animating shut) and checks that the Select now shows the option — under load a click on an
 * option can be lost while the list is still opening, and the form would then be submitted without it; such a
 * pick is made again. `trigger` opens the Select.
 */
export async function pickOption(page: Page, trigger: string, option: string): Promise<void> {
  const select = page
    .locator(trigger)
    .locator(
      'xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
    );
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  for (let attempt = 1; ; attempt++) {
    await page.locator(trigger).click();
    const item = open.locator('.ant-select-item-option', { hasText: option });
    await item.first().click();
    try {
      await open.first().waitFor({ state: 'hidden', timeout: 3_000 });
    } catch {
      await page.keyboard.press('Escape');
      await open.first().waitFor({ state: 'hidden' });
    }
    const shown = (await select.first().textContent()) ?? '';
    if (shown.includes(option) || attempt >= 3) return;
  }
}

/** Opens a menu item of a dropdown menu (the header's user menu), retrying once if the first click lands mid-animation. */
export async function openMenuItem(
  page: Page,
  trigger: string,
  item: string,
  expect: () => Promise<unknown>,
) {
  for (let attempt = 0; ; attempt++) {
    await page.getByTestId(trigger).click();
    await page.getByRole('menuitem', { name: item }).click();
    try {
      await expect();
      return;
    } catch (error) {
      if (attempt >= 1) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Clicks `button` until `expected` shows (at most `tries` clicks). A click that lands while an antd Modal is still
 * zooming in can reach no handler (seen under CI load: the 确认查看 click before the form had mounted did nothing).
 * Use only for clicks that are safe to repeat: validation, opening a panel, or a submit the server deduplicates by
 * its idempotency key (the page keeps one key until the action succeeds).
 */
export async function clickUntil(
  button: Locator,
  expected: Locator | ((timeout: number) => Promise<unknown>),
  { tries = 3, timeout = 4_000 }: { tries?: number; timeout?: number } = {},
): Promise<void> {
  const wait = typeof expected === 'function' ? expected : (t: number) => expected.waitFor({ timeout: t });
  for (let attempt = 1; ; attempt++) {
    // A button that has gone (its dialog closed: the first click did register) is not clicked again.
    if (attempt === 1 || (await button.isVisible())) await button.click();
    try {
      await wait(attempt >= tries ? 30_000 : timeout);
      return;
    } catch (error) {
      if (attempt >= tries) throw error;
    }
  }
}

/**
 * Confirms an antd Popconfirm with its `name` button. A confirm click registers by closing the popconfirm, so one
 * still open after a few seconds had its click lost (it landed while the popup was still zooming in, seen under CI
 * load) and is clicked again.
 */
export async function confirmPopconfirm(page: Page, name: string | RegExp): Promise<void> {
  const pop = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
  await clickUntil(pop.getByRole('button', { name }), (timeout) => pop.waitFor({ state: 'hidden', timeout }));
}
