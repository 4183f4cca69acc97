import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, isUrbanVillage, retirementDate, wholeMonthsBetween } from './assistance.common.ts';

describe('assistance date and place helpers', () => {
  it('counts whole months, one short until the day of the month is reached', () => {
    assert.equal(wholeMonthsBetween('2026-11-01', '2027-04-30'), 5);
    assert.equal(wholeMonthsBetween('2026-11-01', '2027-05-01'), 6);
    assert.equal(wholeMonthsBetween('2026-05-28', '2026-11-28'), 6);
    assert.equal(wholeMonthsBetween('2026-05-29', '2026-11-28'), 5);
    assert.equal(wholeMonthsBetween('2026-12-01', '2026-11-28'), 0, 'never negative');
  });

  it('adds months across years', () => {
    assert.equal(addMonths('2023-01', 29), '2025-06');
    assert.equal(addMonths('2025-12', 1), '2026-01');
    assert.equal(addMonths('2025-07', 0), '2025-07');
  });

  it('dates retirement at 60 for men and 55 for women', () => {
    assert.equal(retirementDate('1970-03-15', 'M'), '2030-03-15');
    assert.equal(retirementDate('1970-03-15', 'F'), '2025-03-15');
  });

  it('tells 居委会 (urban, 001–199) from 村委会 codes', () => {
    assert.equal(isUrbanVillage('410122001001'), true);
    assert.equal(isUrbanVillage('410122001199'), true);
    assert.equal(isUrbanVillage('410122001201'), false);
  });
});
