import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOccupationCode, occupationAncestry, occupationByCode, occupations } from './occupations.ts';

describe('occupation codes (职业分类大典 2022)', () => {
  it('accepts a 细类 code in the list and rejects unknown or higher-level codes', () => {
    assert.equal(isOccupationCode('2-02-07-07'), true);
    assert.equal(isOccupationCode('9-99-99-99'), false);
    assert.equal(isOccupationCode('2-02-07'), false);
  });

  it('every parent exists and every code has the shape of its level', () => {
    const shapes = { 大类: /^\d$/, 中类: /^\d-\d\d$/, 小类: /^\d-\d\d-\d\d$/, 细类: /^\d-\d\d-\d\d-\d\d$/ };
    for (const o of occupations) {
      assert.match(o.code, shapes[o.level], o.code);
      if (o.parent !== null) assert.ok(occupationByCode(o.parent), `parent of ${o.code}`);
    }
  });

  it('walks the hierarchy up to the 大类', () => {
    assert.deepEqual(occupationAncestry('2-02-07-07'), ['2-02-07-07', '2-02-07', '2-02', '2']);
  });
});
