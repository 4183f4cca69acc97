import { randomInt } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { commonPasswords } from './identity-common-passwords.ts';

/**
 * Passwords (等保 身份鉴别 a; ASVS 6.2): at least 8 characters from 3 of the 4 classes (lowercase, uppercase,
 * digits, other), up to 128 allowed (ASVS 6.2.9 asks for 64), not containing the username, not a common password.
 * ASVS 6.2.5 advises against composition rules; 等保 requires them, and 等保 governs here (SECURITY.md §3).
 */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** The reason a password is refused, in Chinese, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 位`;
  if (length > PASSWORD_MAX) return `密码不能超过 ${PASSWORD_MAX} 位`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  const lower = password.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  if (commonPasswords.has(lower)) return '该密码过于常见，容易被猜中，请换一个';
  return null;
}

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// `Algorithm` is an ambient const enum (not importable as a value here): 2 is Argon2id.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** How many times a password was checked against a hash: the rate-limit test counts what reached it. */
export const passwordVerifications = { count: 0 };

// Checked when the username is unknown, so that answer takes as long as a wrong password does.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  passwordVerifications.count++;
  dummyHash ??= hashPassword('dummy-password-never-matches-Aa1!');
  const target = stored ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return stored !== null && ok;
  } catch {
    return false;
  }
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '@#%+=-_';

/** A random 16-character password with all four classes (for new accounts and resets; shown once). */
export function generatePassword(): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const pick = (set: string) => set[randomInt(set.length)] ?? 'x';
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < 16) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const a = chars[i] ?? '';
    chars[i] = chars[j] ?? '';
    chars[j] = a;
  }
  return chars.join('');
}
