import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createSm3Hmac } from './sm3-hmac.ts';

/**
 * Personal data at rest: SM4-CBC encrypt-then-MAC with HMAC-SM3 (Node has no SM4-GCM), plus an HMAC-SM3 blind
 * index for exact lookup. Three keys are derived from one 32-byte master key so they never coincide.
 * Format: `v1:` + base64(iv ‖ ciphertext ‖ mac), where mac = HMAC-SM3(macKey, "v1" ‖ iv ‖ ciphertext).
 */
export interface PiiCrypto {
  encrypt(plaintext: string): string;
  /** `encrypt` of many values at once (bulk imports, the generator): the same format, far fewer native calls. */
  encryptMany(plaintexts: readonly string[]): string[];
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

/**
 * The master key of each crypto object, kept in this module only: `startPiiPreparer` hands it to its worker thread;
 * no caller can read it back from the object.
 */
const masterKeys = new WeakMap<PiiCrypto, string>();

export function createPiiCrypto(masterKeyHex: string): PiiCrypto {
  const master = Buffer.from(masterKeyHex, 'hex');
  if (master.length !== 32) throw new Error('加密主密钥须为 32 字节（64 位十六进制）');
  const crypto = buildPiiCrypto(master);
  masterKeys.set(crypto, masterKeyHex);
  return crypto;
}

function buildPiiCrypto(master: Buffer): PiiCrypto {
  const encKey = derive(master, 'sm4').subarray(0, 16);
  // HMAC-SM3 under fixed keys in JavaScript, and CBC chained by hand over one long-lived SM4-ECB context: each
  // node:crypto call costs 20–100 µs on these machines, which made encryption the bulk of an import's time.
  // Output is identical to createHmac('sm3') and createCipheriv('sm4-cbc') (see pii-crypto.test.ts).
  const macOf = createSm3Hmac(derive(master, 'mac'));
  const indexOf = createSm3Hmac(derive(master, 'index'));
  const ecb = createCipheriv('sm4-ecb', encKey, null);
  ecb.setAutoPadding(false);

  let ivPool = randomBytes(0);
  let ivAt = 0;
  const nextIv = (): Buffer => {
    if (ivAt + 16 > ivPool.length) {
      ivPool = randomBytes(16 * 1024);
      ivAt = 0;
    }
    const iv = ivPool.subarray(ivAt, ivAt + 16);
    ivAt += 16;
    return iv;
  };

  /** SM4-CBC with PKCS#7 padding of every value, block position by block position, one ECB call per position. */
  const cbcMany = (plaintexts: readonly string[]): { iv: Buffer; ct: Buffer }[] => {
    const items = plaintexts.map((p) => {
      const raw = Buffer.from(p, 'utf8');
      const pad = 16 - (raw.length % 16);
      const padded = Buffer.alloc(raw.length + pad, pad);
      raw.copy(padded);
      return { iv: nextIv(), padded, ct: Buffer.allocUnsafe(padded.length) };
    });
    const maxBlocks = Math.max(0, ...items.map((i) => i.padded.length / 16));
    for (let b = 0; b < maxBlocks; b++) {
      const active = items.filter((i) => i.padded.length > b * 16);
      const input = Buffer.allocUnsafe(active.length * 16);
      active.forEach((item, n) => {
        const prev = b === 0 ? item.iv : item.ct.subarray((b - 1) * 16, b * 16);
        for (let j = 0; j < 16; j++) input[n * 16 + j] = (item.padded[b * 16 + j] ?? 0) ^ (prev[j] ?? 0);
      });
      const output = ecb.update(input);
      active.forEach((item, n) => {
        output.copy(item.ct, b * 16, n * 16, n * 16 + 16);
      });
    }
    return items;
  };

  const seal = ({ iv, ct }: { iv: Buffer; ct: Buffer }) =>
    `v1:${Buffer.concat([iv, ct, macOf(VERSION, iv, ct)]).toString('base64')}`;

  return {
    encrypt(plaintext) {
      const [item] = cbcMany([plaintext]);
      if (!item) throw new Error('encrypt failed');
      return seal(item);
    },
    encryptMany(plaintexts) {
      return cbcMany(plaintexts).map(seal);
    },
    decrypt(sealed) {
      if (!sealed.startsWith('v1:')) throw new PiiIntegrityError();
      const raw = Buffer.from(sealed.slice(3), 'base64');
      if (raw.length < 16 + 16 + 32) throw new PiiIntegrityError();
      const iv = raw.subarray(0, 16);
      const ct = raw.subarray(16, raw.length - 32);
      const tag = raw.subarray(raw.length - 32);
      if (!timingSafeEqual(tag, macOf(VERSION, iv, ct))) throw new PiiIntegrityError();
      const decipher = createDecipheriv('sm4-cbc', encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    },
    blindIndex(field, value) {
      return indexOf(`${field}:${value}`).toString('hex');
    },
  };
}

export interface PiiPrepareRequest {
  readonly seq: number;
  readonly ids: readonly string[];
  readonly phones: readonly (string | null)[];
}

/** Per row of the request, in its order: what `blindIndex` and `encryptMany` give on the main thread. */
export interface PiiPrepared {
  readonly seq: number;
  readonly idIndexes: string[];
  readonly idCiphers: string[];
  readonly phoneIndexes: (string | null)[];
  readonly phoneCiphers: (string | null)[];
}

/** Blind indexes and sealed ID and phone numbers, computed on a worker thread (see `startPiiPreparer`). */
export interface PiiPreparer {
  prepare(ids: readonly string[], phones: readonly (string | null)[]): Promise<PiiPrepared>;
  close(): Promise<void>;
}

/**
 * A worker thread that prepares the personal data of a bulk load (blind indexes, SM4 sealing) while the main
 * thread does other work — an import writes chunk k into PGlite (which runs on the main thread) while the worker
 * prepares chunk k+1 on the other core. The key reaches the worker in memory (`workerData`), never a file or a
 * log. Returns null where no worker entry exists (so the caller prepares inline, as before). The entry is
 * `pii-worker.mjs` next to the bundled server, or `pii-worker.ts` next to this file under tsx.
 */
export function startPiiPreparer(crypto: PiiCrypto): PiiPreparer | null {
  const masterKeyHex = masterKeys.get(crypto);
  if (!masterKeyHex) return null;
  const entry = [
    new URL('./pii-worker.mjs', import.meta.url),
    new URL('./pii-worker.ts', import.meta.url),
  ].find((u) => existsSync(fileURLToPath(u)));
  if (!entry) return null;
  // A small heap: the worker holds one chunk's strings at a time (a default young generation alone is ~32 MB of
  // resident memory the import's peak would carry).
  // No inherited `--import tsx`: Node 24 strips the types of pii-worker.ts itself (erasable syntax only), so the
  // worker does not load a TypeScript loader of its own (~60 MB more resident memory at an import's peak).
  const worker = new Worker(entry, {
    execArgv: [],
    workerData: { masterKeyHex },
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  worker.unref();
  const waiting = new Map<number, { resolve: (p: PiiPrepared) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let failed: Error | null = null;
  const failAll = (e: Error) => {
    failed = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: PiiPrepared | { seq: number; error: string }) => {
    const w = waiting.get(m.seq);
    waiting.delete(m.seq);
    if ('error' in m) w?.reject(new Error(m.error));
    else w?.resolve(m);
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => failAll(new Error(`加密工作线程已退出（${code}）`)));
  return {
    prepare(ids, phones) {
      if (failed) return Promise.reject(failed);
      const request: PiiPrepareRequest = { seq: ++seq, ids, phones };
      return new Promise<PiiPrepared>((resolve, reject) => {
        waiting.set(request.seq, { resolve, reject });
        worker.ref();
        worker.postMessage(request);
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/** SM3 digest as hex (GB/T 32905). */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}
