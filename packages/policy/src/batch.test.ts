import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluateBatch, OutcomeColumn } from './batch.ts';
import { loadRulebook } from './load.ts';
import { getRulebook } from './rulebook.ts';
import { defineRule, RuleConflictError } from './rules.ts';

const doc = `id: T-DOC
issuer: 测试机关
title: 测试文件
level: county
clauses:
  - { ref: '1', label: 第一条, text: 基本规定 }
  - { ref: '2', label: 第二条, text: 例外 }
`;

/** A rulebook of eight numeric parameters p0…p7 (more than a context keeps in slots), p7 ended in 2022. */
function paramBook() {
  const dir = mkdtempSync(join(tmpdir(), 'qiaoti-batch-'));
  for (const sub of ['documents', 'parameters', 'tables']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'documents/t.yaml'), doc);
  for (let k = 0; k < 8; k++) {
    const end = k === 7 ? `  '2022-01-01': null\n` : '';
    writeFileSync(
      join(dir, `parameters/p${k}.yaml`),
      `id: test.p${k}\nlabel: 参数${k}\nunit: count\nvalues:\n  '2020-01-01': { value: ${10 + k}, cites: [T-DOC#1] }\n${end}`,
    );
  }
  const sum = defineRule<{ pick: number }, number>({
    id: 'test.sum',
    label: '参数之和',
    entity: 'person',
    cites: ['T-DOC#1'],
    inputs: { pick: { label: '选择', type: 'integer' } },
    // The id is computed, not a literal: the batch context learns it on first read.
    formulas: { '2020-01-01': (c) => c.num(`test.p${c.input.pick}`) + c.num('test.p0') },
  });
  const label = defineRule<{ n: number }, string | boolean | null>({
    id: 'test.label',
    label: '各种结果',
    entity: 'person',
    cites: ['T-DOC#1'],
    inputs: { n: { label: '序号', type: 'integer' } },
    reasons: { big: { subject: '序号', against: '界限', unit: 'count', cites: ['T-DOC#1'] } },
    formulas: {
      '2020-01-01': (c) => {
        if (c.check('big', c.input.n, '>=', 1000)) return `第${c.input.n}号`;
        return c.input.n % 3 === 0 ? null : c.input.n % 3 === 1;
      },
    },
    exceptions: [{ label: '例外', cites: ['T-DOC#2'], when: (c) => c.input.n === 7, value: () => 'seven' }],
  });
  const echo = defineRule<{ n: number }, string | boolean | null>({
    id: 'test.echo',
    label: '复述',
    entity: 'person',
    cites: ['T-DOC#1'],
    inputs: { n: { label: '序号', type: 'integer' } },
    uses: ['test.label'],
    formulas: { '2020-01-01': (c) => c.rule('test.label') as string | boolean | null },
  });
  return loadRulebook({ dir, rules: [sum, label, echo] as never[] });
}

describe('policy batch mode', () => {
  it('reads every parameter right, beyond the context slots and when the id is computed, batch after batch', () => {
    const book = paramBook();
    const pick = Array.from({ length: 200 }, (_, i) => i % 7);
    for (let run = 0; run < 3; run++) {
      const r = evaluateBatch(book, ['test.sum'], { length: 200, columns: { pick } }, '2021-06-01');
      const out = r.results.get('test.sum')?.outcomes ?? [];
      for (let i = 0; i < 200; i++) assert.equal(out[i], 10 + (pick[i] ?? 0) + 10);
    }
    // A parameter not in force fails the batch as it fails explain mode.
    assert.throws(
      () => evaluateBatch(book, ['test.sum'], { length: 1, columns: { pick: [7] } }, '2022-06-01'),
      /没有生效的取值/,
    );
    assert.throws(() => book.explain('test.sum', { pick: 7 }, '2022-06-01'), /没有生效的取值/);
  });

  it('keeps strings, booleans, null and exceptions in the typed outcome column, as explain mode decides them', () => {
    const book = paramBook();
    const n = Array.from({ length: 1500 }, (_, i) => i);
    const r = evaluateBatch(book, ['test.label'], { length: n.length, columns: { n } }, '2021-06-01');
    const result = r.results.get('test.label');
    assert.ok(result);
    for (let i = 0; i < n.length; i += 7) {
      const e = book.explain('test.label', { n: i }, '2021-06-01');
      assert.equal(result.outcomes[i], e.outcome, `row ${i}`);
      assert.equal(result.column.get(i), e.outcome, `row ${i}`);
      assert.equal((result.evaluated[i] ?? 0) & 1, 1);
      assert.equal(((result.held[i] ?? 0) & 1) === 1, i >= 1000);
    }
    // A rule reading that column as a dependency sees every value, the ones beyond the tags too.
    const echo = evaluateBatch(book, ['test.echo'], { length: n.length, columns: { n } }, '2021-06-01');
    assert.deepEqual(echo.results.get('test.echo')?.outcomes, result.outcomes);
    // 500 distinct strings: more than the 254 tags, the rest kept by row.
    assert.equal(result.outcomes[1499], '第1499号');
    assert.equal(result.outcomes[7], 'seven');
    assert.equal(result.outcomes[3], null);
    assert.equal(result.outcomes[4], true);
    assert.equal(result.outcomes[5], false);
  });

  it('stores numbers and symbols in an outcome column and reads them back', () => {
    const col = new OutcomeColumn(4);
    assert.equal(col.tags.length, 0, 'no tags until an outcome that is not a number');
    col.numberStore()[0] = 1.5;
    const tags = col.tagStore();
    tags[1] = 1;
    tags[2] = col.tagOf('marginal', 2);
    tags[3] = col.tagOf('marginal', 3);
    assert.deepEqual(col.toArray(), [1.5, true, 'marginal', 'marginal']);
    assert.equal(col.tags[2], col.tags[3]);
  });

  it('refuses a column name that is not a plain identifier', () => {
    const book = getRulebook();
    for (const bad of ['a-b', '__row', 'constructor'])
      assert.throws(
        () =>
          evaluateBatch(
            book,
            ['welfare.dibao.per_capita_income'],
            { length: 1, columns: { [bad]: [1] } },
            '2025-06-01',
          ),
        /不是合法标识符/,
      );
  });

  it('gives the same 低保 amounts and monitoring categories in batch and explain mode, twice in a row', () => {
    const book = getRulebook();
    const len = 3000;
    const columns = {
      members: Array.from({ length: len }, (_, i) => 1 + (i % 5)),
      monthlyIncomeFen: Array.from({ length: len }, (_, i) => (i * 7919) % 400000),
      area: Array.from({ length: len }, (_, i) => (i % 3 === 0 ? 'urban' : 'rural')),
      assetsWithinLimit: Array.from({ length: len }, (_, i) => i % 11 !== 0),
      kind: Array.from({ length: len }, (_, i) => (i % 13 === 0 ? 'poverty_alleviated' : 'ordinary')),
      perCapitaNetIncomeFen: Array.from({ length: len }, (_, i) => (i * 104729) % 2_000_000),
      householdNetIncomeFen: Array.from({ length: len }, (_, i) => (i * 7919) % 5_000_000),
      medicalOutOfPocketFen: Array.from({ length: len }, (_, i) => (i * 31) % 3_000_000),
      disaster: Array.from({ length: len }, (_, i) => i % 97 === 0),
      accident: Array.from({ length: len }, (_, i) => i % 89 === 0),
      threeGuaranteesProblem: Array.from({ length: len }, (_, i) => i % 83 === 0),
      drinkingWaterProblem: Array.from({ length: len }, (_, i) => i % 79 === 0),
    };
    const rules = ['welfare.dibao.monthly_amount', 'welfare.monitoring.category'];
    for (let run = 0; run < 2; run++) {
      const r = evaluateBatch(book, rules, { length: len, columns }, '2025-06-01');
      for (let i = 0; i < len; i += 13) {
        const input = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v[i]]));
        for (const rule of rules) {
          assert.equal(r.results.get(rule)?.outcomes[i], book.explain(rule, input, '2025-06-01').outcome);
        }
      }
    }
  });

  it('still raises a rule conflict in batch mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiaoti-batch-'));
    for (const sub of ['documents', 'parameters', 'tables']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'documents/t.yaml'), doc);
    const rule = defineRule<{ a: boolean }, string>({
      id: 'test.twice',
      label: '两个例外',
      entity: 'person',
      cites: ['T-DOC#1'],
      inputs: { a: { label: '甲', type: 'boolean' } },
      formulas: { '2020-01-01': () => 'base' },
      exceptions: [
        { label: '一', cites: ['T-DOC#2'], when: (c) => c.input.a, value: () => 'one' },
        { label: '二', cites: ['T-DOC#2'], when: (c) => c.input.a, value: () => 'two' },
      ],
    });
    const book = loadRulebook({ dir, rules: [rule] as never[] });
    const ok = evaluateBatch(
      book,
      ['test.twice'],
      { length: 2, columns: { a: [false, false] } },
      '2021-01-01',
    );
    assert.deepEqual(ok.results.get('test.twice')?.outcomes, ['base', 'base']);
    assert.throws(
      () => evaluateBatch(book, ['test.twice'], { length: 2, columns: { a: [false, true] } }, '2021-01-01'),
      RuleConflictError,
    );
  });
});
