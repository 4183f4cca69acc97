/**
 * National standards the registry checks: GB 11643 citizen ID numbers and GB 32100 unified social credit codes.
 * Shared by server and web so a form says exactly what the server will say.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string; gender: 'M' | 'F'; regionCode: string }
  | { ok: false; reason: string };

/** The GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Full-width digits and letters to half-width, spaces of every kind removed. */
export function normaliseText(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00A0\u200B]/g, '');
}

export function checkIdNumber(raw: string, today = new Date()): IdNumberCheck {
  const s = normaliseText(raw).toUpperCase();
  if (s === '') return { ok: false, reason: '身份证号为空' };
  if (/^\d(\.\d+)?E\+\d+$/i.test(s)) {
    return {
      ok: false,
      reason: '身份证号被 Excel 转成了科学计数法（如 4.10122E+17），后几位已丢失，请把该列设为文本后重新录入',
    };
  }
  if (/^\d{15}$/.test(s)) return { ok: false, reason: '15 位旧身份证号不再受理，请提供 18 位身份证号' };
  if (!/^\d{17}[\dX]$/.test(s))
    return { ok: false, reason: '身份证号须为 18 位，前 17 位为数字，最后一位为数字或 X' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || y < 1890) {
    return { ok: false, reason: '身份证号中的出生日期不存在' };
  }
  if (birth.getTime() > today.getTime()) return { ok: false, reason: '身份证号中的出生日期晚于今天' };
  if (idNumberCheckChar(s.slice(0, 17)) !== s[17])
    return { ok: false, reason: '身份证号校验位不正确，请核对' };
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  const gender = Number(s[16]) % 2 === 1 ? 'M' : 'F';
  return { ok: true, idNumber: s, birthDate, gender, regionCode: s.slice(0, 6) };
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character for the first 17 characters, or null when one is not in the code's alphabet. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

export type UsccCheck = { ok: true; uscc: string } | { ok: false; reason: string };

export function checkUscc(raw: string): UsccCheck {
  const s = normaliseText(raw).toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) {
    return { ok: false, reason: '统一社会信用代码须为 18 位，由数字和大写字母组成（不含 I、O、Z、S、V）' };
  }
  if (usccCheckChar(s.slice(0, 17)) !== s[17])
    return { ok: false, reason: '统一社会信用代码校验位不正确，请核对' };
  return { ok: true, uscc: s };
}

export type PhoneCheck = { ok: true; phone: string } | { ok: false; reason: string };

export function checkPhone(raw: string): PhoneCheck {
  const s = normaliseText(raw)
    .replace(/^(\+?86)/, '')
    .replaceAll('-', '');
  if (/^1[3-9]\d{9}$/.test(s)) return { ok: true, phone: s };
  if (/^0\d{2,3}\d{7,8}$/.test(s)) return { ok: true, phone: s };
  return { ok: false, reason: '手机号须为 11 位（1 开头），座机须带区号' };
}

/** ID in lists: first and last character only, never the birth digits. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 1)}${'*'.repeat(Math.max(0, id.length - 2))}${id.slice(-1)}`;
}

/** Phone: first 3 and last 4 (138****1234). */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
