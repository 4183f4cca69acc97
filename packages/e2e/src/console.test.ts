import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { idNumberCheckChar } from '@qiaoti/contracts';
import { createTestAccount } from '@qiaoti/server/test/accounts';
import ExcelJS from 'exceljs';
import type { Browser, Locator } from 'playwright-core';
import {
  clickUntil,
  type E2eServer,
  launchBrowser,
  login,
  logout,
  newContext,
  openMenuItem,
  pickOption,
  resultsDir,
  screenshot,
  startServer,
  totpNow,
} from './harness.ts';

/**
 * The console end to end, in Debian's Chromium against the real server (in process, own database, demo accounts):
 * an employment officer logs in with 动态口令, registers and finds a person, reveals the ID number with a purpose,
 * imports a sheet and downloads its error report, logs out; the audit admin then sees those events and verifies
 * the chain; a citizen reads their own record on a 375 px phone screen.
 */

const DEMO_PASSWORD = 'Qiaoti@2026';
const EMPLOYMENT_TOTP = 'QIAOTIDEMOEMPLOYMENTXAAAAAAAAAAA';
const AUDIT_TOTP = 'QIAOTIDEMOAUDITADMINAAAAAAAAAAAA';
const SYSADMIN_TOTP = 'QIAOTIDEMOSYSADMINXAAAAAAAAAAAAA';
const SECADMIN_TOTP = 'QIAOTIDEMOSECADMINXAAAAAAAAAAAAA';

/** A checksum-valid synthetic ID number in Zhongmou (410122) that no other test uses. */
function freshIdNumber(birth: string): string {
  const seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const first17 = `410122${birth}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

/** A locator's text (textContent: the whole text, hidden parts included). */
const text = async (l: Locator) => (await l.textContent()) ?? '';

/** Console errors other than the 401 of /api/me before login (the browser logs every failed request). */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

/** antd puts a space between two-character Chinese button labels (登 录); icons add their own names. */
const spaced = (s: string) => new RegExp([...s].join('\\s*'));

describe('web console end to end (Chromium)', { timeout: 240_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  const person = { idNumber: freshIdNumber('19880315'), name: '岳明远', id: '' };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('employment officer: login with TOTP → register → search by ID → reveal → import → logout', async () => {
    const { context, page, consoleErrors } = await newContext(browser, server.url);
    try {
      // A wrong password gets a clear Chinese message (and counts toward the lock).
      await page.goto('/login');
      await page.getByLabel('用户名').fill('employment');
      await page.getByLabel('密码', { exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: spaced('登录') }).click();
      await page.getByTestId('login-error').waitFor();
      assert.match(await text(page.getByTestId('login-error')), /用户名或密码错误/);
      await screenshot(page, '01-login-error');

      // Password, then the 动态口令 step.
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: spaced('登录') }).click();
      await page.getByTestId('totp-input').waitFor();
      await screenshot(page, '02-login-totp');
      await page.getByTestId('totp-input').fill(await totpNow(EMPLOYMENT_TOTP));
      await page.getByRole('button', { name: '验证并登录' }).click();
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      assert.ok(await page.getByTestId('header-org').isVisible(), 'organisation in the header');
      await screenshot(page, '03-home-employment');

      // Register a person: the form checks the ID's checksum before the server does.
      await page.getByRole('menuitem', { name: '登记人员' }).click();
      await page.getByRole('heading', { name: '登记人员' }).waitFor();
      const badCheck = person.idNumber.slice(0, 17) + (person.idNumber[17] === '1' ? '2' : '1');
      await page.getByLabel('身份证号').fill(badCheck);
      await page.getByLabel('姓名').fill(person.name);
      await page.getByRole('button', { name: spaced('保存') }).click();
      await page.getByText('身份证号校验位不正确，请核对').waitFor();
      await screenshot(page, '04-person-form-invalid');
      await page.getByLabel('身份证号').fill(person.idNumber);
      await page.getByText(/出生日期 1988-03-15/).waitFor();
      await page.getByRole('button', { name: spaced('保存') }).click();
      await page.waitForURL(/\/registry\/persons\/[0-9a-f-]{36}$/);
      person.id = page.url().split('/').pop() ?? '';
      await page.getByRole('heading', { name: new RegExp(person.name) }).waitFor();

      // Search by ID number (a POST: the number is never in the URL).
      await page.getByRole('menuitem', { name: '人员查询' }).click();
      await page.getByRole('tab', { name: '按身份证号' }).click();
      await page.getByRole('textbox', { name: /身份证号/ }).fill(person.idNumber);
      await page.getByRole('button', { name: spaced('查询') }).click();
      const masked = `${person.idNumber[0]}${'*'.repeat(16)}${person.idNumber[17]}`;
      await page.getByRole('cell', { name: masked }).waitFor();
      assert.ok(!page.url().includes(person.idNumber));
      await screenshot(page, '05-search-by-id');

      // Person page: masked, then revealed with a purpose.
      await page.getByRole('link', { name: person.name }).first().click();
      await page.getByTestId('value-idNumber').waitFor();
      assert.equal(await text(page.getByTestId('value-idNumber')), masked);
      await screenshot(page, '06-person-masked');
      await page.getByTestId('reveal-idNumber').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('查看用途').waitFor();
      await clickUntil(
        dialog.getByRole('button', { name: '确认查看' }),
        dialog.getByText('请说明用途').first(),
      );
      await dialog.getByLabel('查看用途').fill('办理就业登记，核对本人身份');
      await screenshot(page, '07-reveal-purpose');
      await dialog.getByRole('button', { name: '确认查看' }).click();
      await dialog.getByTestId('revealed').waitFor();
      assert.match(await text(dialog.getByTestId('revealed')), new RegExp(person.idNumber));
      await screenshot(page, '08-reveal-shown');
      await dialog.getByRole('button', { name: '关 闭', exact: true }).click();
      assert.equal(await text(page.getByTestId('value-idNumber')), person.idNumber);

      // Edit: a new residence and education are dated changes, so they show in the mobility timeline.
      await page.getByRole('button', { name: /修改信息/ }).click();
      await page.getByRole('heading', { name: /修改人员信息/ }).waitFor();
      await page.locator('#residenceVillageCode').click();
      await page.locator('.ant-cascader-menu-item', { hasText: '青年路街道' }).click();
      await page.locator('.ant-cascader-menu-item', { hasText: '东关村委会' }).click();
      await pickOption(page, '#education', '大学本科');
      await screenshot(page, '08b-person-edit');
      await page.getByRole('button', { name: spaced('保存') }).click();
      await page.waitForURL(new RegExp(`/registry/persons/${person.id}$`));
      await page.getByText('青年路街道 / 东关村委会').first().waitFor();
      await page.locator('.ant-timeline-item').first().waitFor();
      await screenshot(page, '08c-person-after-edit');

      // A household with this person as head and a spouse registered with it.
      await page.getByRole('button', { name: /以此人为户主登记家庭户/ }).click();
      await page.getByRole('heading', { name: '登记家庭户' }).waitFor();
      await page.locator('#villageCode').click();
      await page.locator('.ant-cascader-menu-item', { hasText: '青年路街道' }).click();
      await page.locator('.ant-cascader-menu-item', { hasText: '东关村委会' }).click();
      await page.getByLabel('地址').fill('东关村 18 号');
      await page.getByRole('button', { name: /添加成员/ }).click();
      await page.getByPlaceholder('身份证号').fill(freshIdNumber('19900520'));
      await page.getByPlaceholder('姓名（新登记时填写）').fill('岳妻');
      await pickOption(page, '#members_0_relation', '配偶');
      await page.getByRole('button', { name: spaced('保存') }).click();
      await page.waitForURL(/\/registry\/households\/[0-9a-f-]{36}$/);
      await page.getByRole('link', { name: '岳妻' }).waitFor();
      await page.getByRole('link', { name: person.name }).first().waitFor();
      await screenshot(page, '08d-household');

      // Import a small sheet: two good rows, one ID that Excel turned into 4.10122E+17.
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['中牟县人员信息登记表']);
      ws.mergeCells('A1:D1');
      ws.addRow(['姓名', '公民身份号码', '性别', '文化程度']);
      ws.addRow(['柏青禾', freshIdNumber('19920704'), '', '高中']);
      ws.addRow(['门晓岚', freshIdNumber('19850211'), '', '初中']);
      ws.addRow(['钱多多', '4.10122E+17', '', '']);
      const sheet = Buffer.from(await wb.xlsx.writeBuffer());

      await page.getByRole('menuitem', { name: '批量导入' }).click();
      await page.getByRole('heading', { name: '批量导入' }).waitFor();
      const [template] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /下载导入模板/ }).click(),
      ]);
      assert.match(template.suggestedFilename(), /\.xlsx$/);
      await page.locator('input[type=file]').setInputFiles({
        name: '端到端导入.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: sheet,
      });
      await page.getByTestId('start-import').click();
      await page.getByTestId('import-progress').waitFor();
      await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
      assert.match(await text(page.getByTestId('import-progress')), /100%/);
      assert.equal(await page.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
      assert.match(await text(page.getByTestId('import-result')), /已导入 2 行，1 行未导入/);
      await screenshot(page, '09-import-done');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载错误明细' }).click(),
      ]);
      const saved = resolve(resultsDir, 'import-errors.xlsx');
      await download.saveAs(saved);
      const report = new ExcelJS.Workbook();
      await report.xlsx.load(readFileSync(saved) as unknown as ArrayBuffer);
      const reportText = JSON.stringify(report.worksheets[0]?.getSheetValues() ?? []);
      assert.match(reportText, /科学计数法/);

      await logout(page);
      await page.getByRole('button', { name: spaced('登录') }).waitFor();
      // The session is gone on the server too: a protected page sends us back to login.
      await page.goto('/registry/persons');
      await page.waitForURL('**/login');
      assert.deepEqual(unexpected(consoleErrors), []);
    } finally {
      await context.close();
    }
  });

  it('audit admin: sees the earlier events and verifies the chain', async () => {
    const { context, page, consoleErrors } = await newContext(browser, server.url);
    try {
      await login(page, 'auditadmin', DEMO_PASSWORD, AUDIT_TOTP);
      // 三员 see no registry menu.
      assert.equal(await page.getByRole('menuitem', { name: '人员查询' }).count(), 0);
      await page.getByRole('menuitem', { name: '审计日志' }).click();
      await page.getByRole('heading', { name: '审计日志' }).waitFor();
      await page.getByRole('cell', { name: '查看完整身份证号或手机号' }).first().waitFor();
      await page.getByRole('cell', { name: '登录失败' }).first().waitFor();
      await page.getByRole('cell', { name: '登录成功' }).first().waitFor();
      await page.getByRole('cell', { name: 'employment', exact: true }).first().waitFor();
      await page.getByTestId('verify-chain').click();
      await page.getByTestId('verify-result').waitFor();
      assert.match(await text(page.getByTestId('verify-result')), /日志链完整/);
      await screenshot(page, '10-audit-verified');
      assert.deepEqual(unexpected(consoleErrors), []);
    } finally {
      await context.close();
    }
  });

  it('system admin creates an account; security admin grants it a role (三员 kept apart)', async () => {
    const username = `e2e_${Date.now().toString(36)}`;
    const sys = await newContext(browser, server.url);
    try {
      await login(sys.page, 'sysadmin', DEMO_PASSWORD, SYSADMIN_TOTP);
      assert.equal(
        await sys.page.getByRole('menuitem', { name: '角色授权' }).count(),
        0,
        'roles are not the sysadmin’s',
      );
      await sys.page.getByRole('menuitem', { name: '账号管理' }).click();
      await sys.page.getByRole('button', { name: /新建账号/ }).click();
      const dialog = sys.page.getByRole('dialog');
      await dialog.getByLabel('用户名').fill(username);
      await dialog.getByLabel('姓名').fill('端到端测试员');
      await dialog.locator('#villageCode').click();
      await sys.page.locator('.ant-cascader-menu-item', { hasText: '青年路街道' }).click();
      await sys.page.locator('.ant-cascader-menu-item', { hasText: '东关村委会' }).click();
      await dialog.getByRole('button', { name: spaced('创建') }).click();
      await sys.page.getByText('以下信息只显示这一次').waitFor();
      await sys.page.waitForTimeout(400);
      await screenshot(sys.page, '12-account-created');
      await sys.page.getByRole('button', { name: '我已记下' }).click();
      await sys.page.locator('.ant-table').getByRole('cell', { name: username, exact: true }).waitFor();
      assert.deepEqual(unexpected(sys.consoleErrors), []);
    } finally {
      await sys.context.close();
    }

    const sec = await newContext(browser, server.url);
    try {
      await login(sec.page, 'secadmin', DEMO_PASSWORD, SECADMIN_TOTP);
      await sec.page.getByRole('menuitem', { name: '角色授权' }).click();
      await sec.page.getByText('三员分立').waitFor();
      const row = sec.page.getByRole('row', { name: new RegExp(username) });
      await row.getByRole('button', { name: /设置角色/ }).click();
      const dialog = sec.page.getByRole('dialog');
      await dialog.getByText('三员角色互斥').waitFor();
      await sec.page.waitForTimeout(400); // the modal's opening animation moves its content under the pointer
      await dialog.getByRole('checkbox', { name: /村（社区）工作人员/ }).check();
      // With a business role chosen, none of the 三员 roles can be added.
      for (const label of ['系统管理员', '安全管理员', '审计管理员'])
        assert.ok(await dialog.getByRole('checkbox', { name: new RegExp(label) }).isDisabled(), label);
      await screenshot(sec.page, '13-role-grant');
      await dialog.getByRole('button', { name: spaced('保存') }).click();
      await row.getByText('村（社区）工作人员').waitFor();
      assert.deepEqual(unexpected(sec.consoleErrors), []);
    } finally {
      await sec.context.close();
    }
  });

  it('citizen: 我的信息 on a 375 px phone screen', async () => {
    const citizen = await createTestAccount(server.ctx, {
      roles: ['citizen'],
      personId: person.id,
      displayName: person.name,
    });
    const { context, page, consoleErrors } = await newContext(browser, server.url, {
      width: 375,
      height: 740,
    });
    try {
      await login(page, citizen.username, citizen.password);
      await page.waitForURL('**/me');
      await page.getByTestId('my-info').waitFor();
      await page.getByText(person.name, { exact: true }).first().waitFor();
      assert.equal(await page.locator('.ant-layout-sider').count(), 0, 'no sider on the portal');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
      await screenshot(page, '11-citizen-375');

      // Changing the password from the portal: the form says the server's rule before sending.
      await openMenuItem(page, 'user-menu', '修改密码', () =>
        page.getByLabel('当前密码').waitFor({ timeout: 5_000 }),
      );
      await page.getByLabel('当前密码').fill(citizen.password);
      await page.getByLabel('新密码', { exact: true }).fill('abcdefgh');
      await page.getByLabel('确认新密码').fill('abcdefgh');
      await page.getByRole('button', { name: '确认修改' }).click();
      await page.getByText('密码须包含大写字母、小写字母、数字、符号中的至少 3 类').waitFor();
      await page.getByLabel('新密码', { exact: true }).fill('Qiaoti#2027x');
      await page.getByLabel('确认新密码').fill('Qiaoti#2027x');
      await page.getByRole('button', { name: '确认修改' }).click();
      await page.getByText('密码已修改').waitFor();
      await screenshot(page, '11b-citizen-password-375');
      assert.deepEqual(unexpected(consoleErrors), []);
    } finally {
      await context.close();
    }
  });
});
