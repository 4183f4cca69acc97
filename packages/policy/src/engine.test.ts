import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluateBatch } from './batch.ts';
import { addMonths, wholeYearsBetween } from './dates.ts';
import { loadRulebook } from './load.ts';
import { getRulebook } from './rulebook.ts';
import { defineRule, RuleConflictError } from './rules.ts';
import { compileTable, lookup, TableOverlapError, ZTableSource } from './tables.ts';

function tempRulebook(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'qiaoti-rulebook-'));
  for (const sub of ['documents', 'parameters', 'tables']) mkdirSync(join(dir, sub));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const doc = `id: T-DOC
issuer: 测试机关
title: 测试文件
level: county
clauses:
  - { ref: '1', label: 第一条, text: 基本规定 }
  - { ref: '2', label: 第二条, text: 例外甲 }
  - { ref: '3', label: 第三条, text: 例外乙 }
`;

describe('policy engine', () => {
  it('explains a 低保 decision in plain Chinese, with values, thresholds and clauses', () => {
    const book = getRulebook();
    const e = book.explain(
      'welfare.dibao.eligible',
      { members: 2, monthlyIncomeFen: 122400, area: 'rural', assetsWithinLimit: true },
      '2025-06-01',
    );
    assert.equal(e.outcome, false);
    const income = e.sentences.find((s) => s.includes('家庭月人均收入 612 元'));
    assert.ok(income, e.sentences.join('\n'));
    assert.match(
      income,
      /家庭月人均收入 612 元，不低于低保标准 530 元（依据：《社会救助暂行办法》（国务院令第649号）第九条）/,
    );
    // The standard is unconfirmed locally: the explanation says so.
    assert.ok(e.sentences.some((s) => s.includes('尚待确认')));
    assert.ok(e.trace.parameters.some((p) => p.text.includes('welfare.dibao.standard_rural@2025-01-01')));
    assert.match(e.sentences.at(-1) ?? '', /^结论：不符合最低生活保障条件（依据：/);
  });

  it('picks the parameter value in force on as_of and reports its date', () => {
    const book = getRulebook();
    const input = { members: 1, monthlyIncomeFen: 40000, area: 'rural', assetsWithinLimit: true };
    assert.equal(book.explain('welfare.dibao.eligible', input, '2024-12-31').outcome, false);
    assert.equal(book.explain('welfare.dibao.eligible', input, '2025-01-01').outcome, true);
  });

  it('raises a conflict naming both clauses when two exceptions apply with different results', () => {
    const dir = tempRulebook({ 'documents/t.yaml': doc });
    const rule = defineRule<{ a: boolean; b: boolean }, string>({
      id: 'test.conflict',
      label: '冲突测试',
      entity: 'person',
      cites: ['T-DOC#1'],
      inputs: { a: { label: '甲', type: 'boolean' }, b: { label: '乙', type: 'boolean' } },
      formulas: { '2020-01-01': () => 'base' },
      exceptions: [
        { label: '例外甲', cites: ['T-DOC#2'], when: (c) => c.input.a, value: () => 'A' },
        { label: '例外乙', cites: ['T-DOC#3'], when: (c) => c.input.b, value: () => 'B' },
      ],
    });
    const book = loadRulebook({ dir, rules: [rule] as never[] });
    assert.equal(book.explain('test.conflict', { a: true, b: false }, '2021-01-01').outcome, 'A');
    assert.equal(book.explain('test.conflict', { a: false, b: false }, '2021-01-01').outcome, 'base');
    assert.throws(
      () => book.explain('test.conflict', { a: true, b: true }, '2021-01-01'),
      (e: unknown) =>
        e instanceof RuleConflictError && /T-DOC#2/.test(e.message) && /T-DOC#3/.test(e.message),
    );
    assert.throws(
      () =>
        evaluateBatch(
          book,
          ['test.conflict'],
          { length: 1, columns: { a: [true], b: [true] } },
          '2021-01-01',
        ),
      RuleConflictError,
    );
  });

  it('rejects a parameter file with an unknown key and a citation of an unregistered clause', () => {
    const bad = tempRulebook({
      'documents/t.yaml': doc,
      'parameters/p.yaml': `id: test.p\nlabel: 测试\nunit: fen\nvalues:\n  '2020-01-01': { value: 1, cites: [T-DOC#1], colour: red }\n`,
    });
    assert.throws(() => loadRulebook({ dir: bad, rules: [] }), /colour|Unrecognized|未知|无法识别/);
    const missing = tempRulebook({
      'documents/t.yaml': doc,
      'parameters/p.yaml': `id: test.p\nlabel: 测试\nunit: fen\nvalues:\n  '2020-01-01': { value: 1, cites: [T-DOC#9] }\n`,
    });
    assert.throws(() => loadRulebook({ dir: missing, rules: [] }), /T-DOC#9/);
  });

  it('ends a parameter with null', () => {
    const dir = tempRulebook({
      'documents/t.yaml': doc,
      'parameters/p.yaml': `id: test.p\nlabel: 测试\nunit: fen\nvalues:\n  '2020-01-01': { value: 5, cites: [T-DOC#1] }\n  '2022-01-01': null\n`,
    });
    const rule = defineRule<object, number>({
      id: 'test.uses_p',
      label: '读参数',
      entity: 'person',
      cites: ['T-DOC#1'],
      inputs: {},
      formulas: { '2020-01-01': (c) => c.num('test.p') },
    });
    const book = loadRulebook({ dir, rules: [rule] as never[] });
    assert.equal(book.explain('test.uses_p', {}, '2021-06-01').outcome, 5);
    assert.throws(() => book.explain('test.uses_p', {}, '2022-06-01'), /没有生效的取值/);
  });

  it('finds overlapping rows of a unique-hit table at load, and honours first and collect', () => {
    const base = {
      id: 'test.levels',
      label: '测试表',
      inputs: { years: { label: '年限', type: 'number' }, level: { label: '等级', type: 'string' } },
      outputs: { title: { label: '职称' } },
    };
    const overlapping = ZTableSource.parse({
      ...base,
      rows: [
        { when: { years: '>=2', level: '高级工' }, result: { title: '助理工程师' }, cites: ['X#1'] },
        { when: { years: '[1..3]', level: '高级工|技师' }, result: { title: '其他' }, cites: ['X#1'] },
      ],
    });
    assert.throws(() => compileTable(overlapping), TableOverlapError);
    const disjoint = compileTable(
      ZTableSource.parse({
        ...base,
        rows: [
          { when: { years: '>=2', level: '高级工' }, result: { title: '助理工程师' }, cites: ['X#1'] },
          { when: { years: '<2', level: '高级工' }, result: { title: null }, cites: ['X#1'] },
          { when: { years: '>=3', level: '技师' }, result: { title: '工程师' }, cites: ['X#1'] },
        ],
      }),
    );
    assert.deepEqual(lookup(disjoint, { years: 2, level: '高级工' })[0]?.result, { title: '助理工程师' });
    assert.deepEqual(lookup(disjoint, { years: 1.9, level: '高级工' })[0]?.result, { title: null });
    assert.equal(lookup(disjoint, { years: 2, level: '技师' }).length, 0);
    const collect = compileTable(ZTableSource.parse({ ...overlapping, hit_policy: 'collect' }));
    assert.equal(lookup(collect, { years: 2, level: '高级工' }).length, 2);
  });

  it('keeps outcomes and reason bits in batch mode identical to explain mode', () => {
    const book = getRulebook();
    const n = 2000;
    const members = Array.from({ length: n }, (_, i) => 1 + (i % 5));
    const income = Array.from({ length: n }, (_, i) => (i * 7919) % 400000);
    const area = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'urban' : 'rural'));
    const assets = Array.from({ length: n }, (_, i) => i % 11 !== 0);
    const batch = evaluateBatch(
      book,
      ['welfare.dibao.monthly_amount'],
      { length: n, columns: { members, monthlyIncomeFen: income, area, assetsWithinLimit: assets } },
      '2025-06-01',
    );
    const amounts = batch.results.get('welfare.dibao.monthly_amount')!;
    const eligible = batch.results.get('welfare.dibao.eligible')!;
    for (let i = 0; i < n; i += 37) {
      const input = {
        members: members[i],
        monthlyIncomeFen: income[i],
        area: area[i],
        assetsWithinLimit: assets[i],
      };
      const e = book.explain('welfare.dibao.monthly_amount', input, '2025-06-01');
      assert.equal(amounts.outcomes[i], e.outcome);
      const belowBit = 1 << eligible.reasonCodes.indexOf('income_below_standard');
      const dep = e.trace.dependencies.find((d) => d.ruleId === 'welfare.dibao.eligible')!;
      const check = dep.checks.find((c) => c.code === 'income_below_standard')!;
      assert.equal((eligible.held[i]! & belowBit) !== 0, check.result);
    }
  });

  it('counts whole years and adds months with explicit end-of-month rounding', () => {
    assert.equal(wholeYearsBetween('1990-05-02', '2020-05-01'), 29);
    assert.equal(wholeYearsBetween('1990-05-01', '2020-05-01'), 30);
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2023-12-15', 3), '2024-03-15');
  });

  it('lays scheduled parameter changes over the YAML values and changes the parameter version', () => {
    const book = getRulebook();
    const input = { members: 1, monthlyIncomeFen: 55000, area: 'rural', assetsWithinLimit: true };
    assert.equal(book.explain('welfare.dibao.eligible', input, '2025-06-01').outcome, false);
    const raised = book.withParameterOverlay([
      {
        parameterId: 'welfare.dibao.standard_rural',
        since: '2025-03-01',
        value: 60000,
        cites: ['GWYL-649#10'],
        pending: true,
      },
    ]);
    assert.equal(raised.explain('welfare.dibao.eligible', input, '2025-06-01').outcome, true);
    assert.equal(raised.explain('welfare.dibao.eligible', input, '2025-02-28').outcome, false);
    assert.notEqual(raised.parameterVersion, book.parameterVersion);
    assert.equal(raised.version, book.version);
    assert.throws(
      () =>
        book.withParameterOverlay([
          {
            parameterId: 'welfare.dibao.standard_rural',
            since: '2025-03-01',
            value: 1,
            cites: ['NO#1'],
            pending: false,
          },
        ]),
      /NO#1/,
    );
  });

  it('pins the parameter values a decision read, whatever changed later', () => {
    const book = getRulebook();
    const input = { members: 1, monthlyIncomeFen: 55000, area: 'rural', assetsWithinLimit: true };
    const later = book.withParameterOverlay([
      {
        parameterId: 'welfare.dibao.standard_rural',
        since: '2025-01-01',
        value: 90000,
        cites: ['GWYL-649#10'],
        pending: false,
      },
    ]);
    const pinned = later.withPinnedParameters([
      {
        id: 'welfare.dibao.standard_rural',
        since: '2025-01-01',
        value: 53000,
        cites: ['GWYL-649#10'],
        pending: true,
      },
    ]);
    assert.equal(later.explain('welfare.dibao.eligible', input, '2025-06-01').outcome, true);
    assert.equal(pinned.explain('welfare.dibao.eligible', input, '2025-06-01').outcome, false);
  });
});
