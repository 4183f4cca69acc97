import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  incomeBandOf,
  ZAddHouseholdMemberRequest,
  ZCreateHouseholdRequest,
  ZCreateOrganisationRequest,
  ZCreatePersonRequest,
  ZPersonSearchRequest,
  ZRevealRequest,
} from './registry.ts';

z.config(z.locales.zhCN());

const issues = (r: { success: boolean; error?: z.ZodError }) =>
  (r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);

describe('registry contracts', () => {
  it("gives the standard's own reason for a bad ID number, in Chinese", () => {
    assert.deepEqual(issues(ZCreatePersonRequest.safeParse({ idNumber: '4.10122E+17', name: '张三' })), [
      [
        'idNumber',
        '身份证号被 Excel 转成了科学计数法（如 4.10122E+17），后几位已丢失，请把该列设为文本后重新录入',
      ],
    ]);
    assert.deepEqual(
      issues(ZCreatePersonRequest.safeParse({ idNumber: '410122199001011230', name: '张三' })),
      [['idNumber', '身份证号校验位不正确，请核对']],
    );
  });

  it('search takes exactly one way in; a name needs a village', () => {
    assert.ok(ZPersonSearchRequest.safeParse({ name: '张三', villageCode: '410122001001' }).success);
    assert.deepEqual(issues(ZPersonSearchRequest.safeParse({ name: '张三' })), [
      ['villageCode', '按姓名查询须选择村（社区）'],
    ]);
    assert.equal(ZPersonSearchRequest.safeParse({}).success, false);
    assert.equal(
      ZPersonSearchRequest.safeParse({ phone: '13812345678', name: '张三', villageCode: '410122001001' })
        .success,
      false,
    );
  });

  it('a household has exactly one head, added members never are', () => {
    const head = { personId: '8f2a3b7c-1d2e-4f5a-9b8c-7d6e5f4a3b2c', relation: 'head' };
    assert.ok(ZCreateHouseholdRequest.safeParse({ villageCode: '410122001001', members: [head] }).success);
    assert.equal(
      ZCreateHouseholdRequest.safeParse({ villageCode: '410122001001', members: [head, head] }).success,
      false,
    );
    assert.deepEqual(issues(ZAddHouseholdMemberRequest.safeParse(head)), [
      ['relation', '户主只能在登记家庭户时指定'],
    ]);
  });

  it('reveal needs a purpose of at least 4 characters; USCC is checked per GB 32100', () => {
    assert.deepEqual(issues(ZRevealRequest.safeParse({ field: 'idNumber', purpose: '看看' })), [
      ['purpose', '请说明用途（至少 4 个字）'],
    ]);
    assert.deepEqual(
      issues(
        ZCreateOrganisationRequest.safeParse({
          kind: 'employer',
          name: '某公司',
          uscc: '91410122MA0000000X',
        }),
      ),
      [['uscc', '统一社会信用代码校验位不正确，请核对']],
    );
  });

  it('income bands are in fen', () => {
    assert.equal(incomeBandOf(0), 'below_2000');
    assert.equal(incomeBandOf(199_999), 'below_2000');
    assert.equal(incomeBandOf(200_000), '2000_3999');
    assert.equal(incomeBandOf(1_500_000), '12000_up');
  });
});
