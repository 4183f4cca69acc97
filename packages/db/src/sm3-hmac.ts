/**
 * HMAC-SM3 with a fixed key, in JavaScript. Why not `createHmac('sm3', key)`: every call through node:crypto costs a
 * fixed 20–80 µs on these machines (OpenSSL context set-up and the native crossing), which made encryption the
 * slowest part of an import (measured: 205 µs per row for ID encrypt + index, most of it in three HMAC calls). Here
 * the key's inner and outer pad blocks are compressed once, so an HMAC of a short message is two SM3 compressions
 * (~2 µs). The output is byte-for-byte that of node:crypto (`sm3-hmac.test.ts` checks it on random keys and inputs).
 * SM3 per GB/T 32905-2016.
 */

const IV = new Int32Array([
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
]);

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

/** T_j rotated left by j mod 32, precomputed. */
const TJ = new Int32Array(64);
for (let j = 0; j < 64; j++) TJ[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);

const W = new Int32Array(68);
const W1 = new Int32Array(64);

// All arithmetic stays in int32 (`| 0`), which V8 keeps unboxed; typed-array reads are in bounds by construction.
/** One SM3 compression of the 64-byte block at `off` into `v` (in place). */
function compress(v: Int32Array, block: Uint8Array, off: number): void {
  const w = W;
  const w1 = W1;
  for (let i = 0; i < 16; i++) {
    const o = off + i * 4;
    w[i] =
      ((block[o] as number) << 24) |
      ((block[o + 1] as number) << 16) |
      ((block[o + 2] as number) << 8) |
      (block[o + 3] as number);
  }
  for (let j = 16; j < 68; j++) {
    const x = (w[j - 16] as number) ^ (w[j - 9] as number) ^ rotl(w[j - 3] as number, 15);
    w[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(w[j - 13] as number, 7) ^ (w[j - 6] as number);
  }
  for (let j = 0; j < 64; j++) w1[j] = (w[j] as number) ^ (w[j + 4] as number);
  let a = v[0] as number;
  let b = v[1] as number;
  let c = v[2] as number;
  let d = v[3] as number;
  let e = v[4] as number;
  let f = v[5] as number;
  let g = v[6] as number;
  let h = v[7] as number;
  for (let j = 0; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + (TJ[j] as number)) | 0, 7);
    const ss2 = ss1 ^ a12;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = (ff + d + ss2 + (w1[j] as number)) | 0;
    const tt2 = (gg + h + ss1 + (w[j] as number)) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  v[0] = (v[0] as number) ^ a;
  v[1] = (v[1] as number) ^ b;
  v[2] = (v[2] as number) ^ c;
  v[3] = (v[3] as number) ^ d;
  v[4] = (v[4] as number) ^ e;
  v[5] = (v[5] as number) ^ f;
  v[6] = (v[6] as number) ^ g;
  v[7] = (v[7] as number) ^ h;
}

/** Finishes a hash whose state `start` has absorbed `prefixBytes` (a multiple of 64) with `msg`. */
function finish(start: Int32Array, prefixBytes: number, msg: Uint8Array): Buffer {
  const v = new Int32Array(start);
  const total = prefixBytes + msg.length;
  const full = msg.length - (msg.length % 64);
  for (let off = 0; off < full; off += 64) compress(v, msg, off);
  const restLen = msg.length - full;
  const tail = new Uint8Array(restLen + 9 > 64 ? 128 : 64);
  tail.set(msg.subarray(full));
  tail[restLen] = 0x80;
  const bits = total * 8;
  const dv = new DataView(tail.buffer);
  dv.setUint32(tail.length - 8, Math.floor(bits / 0x1_0000_0000));
  dv.setUint32(tail.length - 4, bits >>> 0);
  for (let off = 0; off < tail.length; off += 64) compress(v, tail, off);
  const out = Buffer.allocUnsafe(32);
  for (let i = 0; i < 8; i++) out.writeInt32BE(v[i] as number, i * 4);
  return out;
}

/** SM3 of a message (for tests; production code hashes with node:crypto). */
export function sm3(msg: Uint8Array): Buffer {
  return finish(IV, 0, msg);
}

export type Sm3Hmac = (...parts: (Uint8Array | string)[]) => Buffer;

/** HMAC-SM3 under a fixed key: `mac(part1, part2, …)` is HMAC over the parts concatenated. */
export function createSm3Hmac(key: Uint8Array): Sm3Hmac {
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? sm3(key) : key);
  const ipad = new Uint8Array(64);
  const opad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    ipad[i] = (k[i] ?? 0) ^ 0x36;
    opad[i] = (k[i] ?? 0) ^ 0x5c;
  }
  const inner = new Int32Array(IV);
  compress(inner, ipad, 0);
  const outer = new Int32Array(IV);
  compress(outer, opad, 0);
  return (...parts) => {
    const msg =
      parts.length === 1 && typeof parts[0] !== 'string' && parts[0]
        ? parts[0]
        : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    return finish(outer, 64, finish(inner, 64, msg));
  };
}
