import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TParameterSummary, TRuleSummary } from '@qiaoti/contracts';
import {
  formatOutcome,
  formatParameterValue,
  parameterInputToValue,
  ruleOptions,
  toRuleInput,
  upcomingChange,
} from './policy.api.ts';

const rule = (id: string, inputs: TRuleSummary['inputs'] = []): TRuleSummary => ({
  id,
  label: `规则 ${id}`,
  entity: 'household',
  cites: [],
  formulaDates: ['2014-05-01'],
  exceptions: [],
  reasons: [],
  uses: [],
  inputs,
  describeOutcomes: true,
});

const standard: TParameterSummary = {
  id: 'welfare.dibao.standard_rural',
  label: '农村低保标准（每人每月）',
  unit: 'fen',
  threshold: true,
  current: {
    since: '2025-01-01',
    value: 53000,
    display: '530 元',
    cites: [],
    pending: true,
    source: 'rulebook',
  },
  history: [
    { since: '2025-01-01', value: 53000, display: '530 元', cites: [], pending: true, source: 'rulebook' },
    { since: '2027-01-01', value: 60000, display: '600 元', cites: [], pending: false, source: 'scheduled' },
  ],
  pending: true,
};

describe('policy pages: form values and display', () => {
  it('sends amounts entered in 元 as integer 分, booleans as booleans, and leaves out empty fields', () => {
    const r = rule('welfare.dibao.eligible', [
      { name: 'members', label: '人数', type: 'integer' },
      { name: 'monthlyIncomeFen', label: '家庭月总收入', type: 'fen' },
      { name: 'area', label: '城乡类别', type: 'enum', options: [{ value: 'rural', label: '农村' }] },
      { name: 'assetsWithinLimit', label: '财产', type: 'boolean' },
      { name: 'note', label: '说明', type: 'text' },
    ]);
    assert.deepEqual(
      toRuleInput(r, {
        members: 3,
        monthlyIncomeFen: 1200.1,
        area: 'rural',
        assetsWithinLimit: undefined,
        note: '',
      }),
      { members: 3, monthlyIncomeFen: 120010, area: 'rural' },
    );
    assert.deepEqual(toRuleInput(r, { assetsWithinLimit: true, stray: 1 }), { assetsWithinLimit: true });
  });

  it('groups rules by domain in the fixed order, unknown domains last', () => {
    const groups = ruleOptions([rule('services.a'), rule('other.x'), rule('welfare.b'), rule('welfare.c')]);
    assert.deepEqual(
      groups.map((g) => [g.label, g.options.map((o) => o.value)]),
      [
        ['社会救助与防返贫', ['welfare.b', 'welfare.c']],
        ['公共服务', ['services.a']],
        ['other', ['other.x']],
      ],
    );
  });

  it('shows parameter values and outcomes in the units people use', () => {
    assert.equal(formatParameterValue(standard, 150000), '1,500 元');
    assert.equal(parameterInputToValue(standard, 1500.5), 150050);
    assert.equal(formatParameterValue({ ...standard, unit: 'percent' }, 3.5), '3.5%');
    assert.equal(formatParameterValue({ ...standard, unit: 'months' }, 6), '6 个月');
    assert.equal(formatParameterValue(standard, null), '（终止）');
    assert.equal(formatOutcome('welfare.dibao.eligible', true), '是');
    assert.equal(formatOutcome('welfare.dibao.monthly_amount', 52900), '529.00 元');
    assert.equal(formatOutcome('employment.difficulty.category', 'near_retirement'), 'near_retirement');
  });

  it('finds a scheduled change that has not taken effect yet', () => {
    assert.equal(upcomingChange(standard, '2026-11-28')?.since, '2027-01-01');
    assert.equal(upcomingChange(standard, '2027-01-01'), null);
  });
});
