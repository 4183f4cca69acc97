import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Personal data at rest: SM4-CBC encrypt-then-MAC with HMAC-SM3 (Node has no SM4-GCM), plus an HMAC-SM3 blind
 * index for exact lookup. Three keys are derived from one 32-byte master key so they never coincide.
 * Format: `v1:` + base64(iv ‖ ciphertext ‖ mac), where mac = HMAC-SM3(macKey, "v1" ‖ iv ‖ ciphertext).
 */
export interface PiiCrypto {
  encrypt(plaintext: string): string;
  /** Throws `PiiIntegrityError` when the MAC does not match (a flipped byte, a swapped value, a wrong key). */
  decrypt(sealed: string): string;
  /** Deterministic keyed digest for equality lookups; `field` keeps ID and phone indexes apart. */
  blindIndex(field: 'id_number' | 'phone', value: string): string;
}

export class PiiIntegrityError extends Error {
  constructor() {
    super('加密字段校验失败（数据可能被篡改）');
    this.name = 'PiiIntegrityError';
  }
}

const VERSION = Buffer.from('v1');

function derive(master: Buffer, label: string): Buffer {
  return createHmac('sm3', master).update(`qiaoti/${label}`).digest();
}

export function createPiiCrypto(masterKeyHex: string): PiiCrypto {
  const master = Buffer.from(masterKeyHex, 'hex');
  if (master.length !== 32) throw new Error('加密主密钥须为 32 字节（64 位十六进制）');
  const encKey = derive(master, 'sm4').subarray(0, 16);
  const macKey = derive(master, 'mac');
  const indexKey = derive(master, 'index');

  const mac = (iv: Buffer, ct: Buffer) =>
    createHmac('sm3', macKey).update(VERSION).update(iv).update(ct).digest();

  return {
    encrypt(plaintext) {
      const iv = randomBytes(16);
      const cipher = createCipheriv('sm4-cbc', encKey, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, ct, mac(iv, ct)]).toString('base64')}`;
    },
    decrypt(sealed) {
      if (!sealed.startsWith('v1:')) throw new PiiIntegrityError();
      const raw = Buffer.from(sealed.slice(3), 'base64');
      if (raw.length < 16 + 16 + 32) throw new PiiIntegrityError();
      const iv = raw.subarray(0, 16);
      const ct = raw.subarray(16, raw.length - 32);
      const tag = raw.subarray(raw.length - 32);
      if (!timingSafeEqual(tag, mac(iv, ct))) throw new PiiIntegrityError();
      const decipher = createDecipheriv('sm4-cbc', encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    },
    blindIndex(field, value) {
      return createHmac('sm3', indexKey).update(`${field}:${value}`).digest('hex');
    },
  };
}

/** SM3 digest as hex (GB/T 32905). */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}
