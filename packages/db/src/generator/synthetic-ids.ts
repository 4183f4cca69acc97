import { idNumberCheckChar, usccCheckChar } from '@qiaoti/contracts/standards';

/**
 * Recognisably synthetic identifiers (docs/decisions/0002-synthetic-ids.md).
 *
 * - ID numbers: address code 41019B (郑州市 + county-level code 90–99, which GB/T 2260 has never assigned under
 *   郑州市), where B is the generator's "ID block" 0–9; then a real birth date, a sequence code and the GB 11643
 *   check character. Checksum-valid, birth date and gender consistent, and never a real person's number.
 * - Phones: 154 (a mobile number segment never allocated to an operator) + block + 7 digits.
 * - 统一社会信用代码: 9 1|2|3 410122 + an organisation code `QT` + 6 digits + GB 11714 check + GB 32100 check.
 */

export const SYNTHETIC_ID_PREFIX = '41019';

/** The synthetic address code for an ID block (0–9). */
export function syntheticRegionCode(block: number): string {
  if (!Number.isInteger(block) || block < 0 || block > 9) throw new Error('ID block must be 0–9');
  return `${SYNTHETIC_ID_PREFIX}${block}`;
}

/** `YYYYMMDD` + a sequence 1–999 (odd for men, even for women) → a full, checksum-valid ID number. */
export function syntheticIdNumber(block: number, yyyymmdd: string, sequence: number): string {
  const first17 = `${syntheticRegionCode(block)}${yyyymmdd}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** True for an ID number this generator could have made: the 41019x address code and a valid check character. */
export function isSyntheticIdNumber(id: string): boolean {
  if (!/^41019\d{12}[\dX]$/.test(id)) return false;
  return idNumberCheckChar(id.slice(0, 17)) === id[17];
}

const PHONE_SPAN = 10_000_000;
const PHONE_STEP = 4_826_371; // coprime with 10^7: index → number is a bijection, so numbers never repeat in a block

/** The phone of the index-th person of an ID block: unique for up to 10,000,000 persons per block. */
export function syntheticPhone(block: number, index: number): string {
  const n = (index * PHONE_STEP + 1_234_567) % PHONE_SPAN;
  return `154${block}${String(n).padStart(7, '0')}`;
}

export function isSyntheticPhone(phone: string): boolean {
  return /^154\d{8}$/.test(phone);
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation code check character for the first 8 characters (digits and A–Z). */
export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8.charCodeAt(i);
    const v = ch >= 65 ? ch - 55 : ch - 48;
    sum += v * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export type UsccKind = 'company' | 'individual' | 'cooperative';
const USCC_KIND_DIGIT: Record<UsccKind, string> = { company: '1', individual: '2', cooperative: '3' };

/** A checksum-valid 统一社会信用代码 registered in 中牟县 (410122), marked synthetic by its `QT` organisation code. */
export function syntheticUscc(kind: UsccKind, block: number, index: number): string {
  if (index < 0 || index > 99_999) throw new Error('employer index out of range');
  const body = `QT${block}${String(index).padStart(5, '0')}`;
  const first17 = `9${USCC_KIND_DIGIT[kind]}410122${body}${orgCodeCheckChar(body)}`;
  const check = usccCheckChar(first17);
  if (check === null) throw new Error('bad USCC alphabet');
  return first17 + check;
}

export function isSyntheticUscc(uscc: string): boolean {
  return (
    /^9[123]410122QT\d{6}[\dX][0-9A-HJ-NPQRTUWXY]$/.test(uscc) &&
    usccCheckChar(uscc.slice(0, 17)) === uscc[17]
  );
}
