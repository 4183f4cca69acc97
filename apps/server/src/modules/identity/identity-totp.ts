import { generate, generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app speaks). One step of clock
 * drift either way is accepted; a code is single-use (ASVS 6.5.1): the step it matched is stored and any code of
 * that step or an earlier one is refused.
 */

export const TOTP_PERIOD_S = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(username: string, secret: string): string {
  return generateURI({ issuer: '桥梯 Qiaoti', label: username, secret });
}

export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replay' };

export async function checkTotp(
  secret: string,
  token: string,
  at: Date,
  lastStep: number | null,
): Promise<TotpCheck> {
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_S,
  });
  if (!result.valid || !('timeStep' in result)) return { ok: false, reason: 'invalid' };
  if (lastStep !== null && result.timeStep <= lastStep) return { ok: false, reason: 'replay' };
  return { ok: true, step: result.timeStep };
}
