/**
 * The generator's random numbers: sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, from PractRand).
 *
 * Why sfc32: it is seedable (Math.random is not), uses only 32-bit adds, xors and shifts — the operations V8 runs
 * fastest on small integers, no BigInt and no 64-bit multiply as xoshiro256 / PCG would need in JavaScript —, it has
 * 128 bits of state (period ≥ 2^32 guaranteed by its counter, ~2^127 on average) and passes PractRand and BigCrush.
 * Its state is seeded through splitmix32 so that neighbouring seeds (1, 2, 3 …) give unrelated streams.
 * It is not a cryptographic generator, and need not be: the output is synthetic data, never a secret.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** Standard normal (Box–Muller, one value per call). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
}

/** A number seed as given, or a string seed hashed (FNV-1a, 32 bits). */
export function seedToUint32(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed >>> 0;
  let h = 0x811c9dc5;
  for (const ch of String(seed)) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number | string): Rng {
  const sm = splitmix32(seedToUint32(seed));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32(); // warm up past the seeding
  const next = () => u32() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    normal() {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

/** Picks from weighted choices in O(log n): build once, draw many times. */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;
  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('weighted table: bad input');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i] ?? 0;
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }
  static of<T>(pairs: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
    return new WeightedTable(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  }
  draw(rng: Rng): T {
    return this.at(rng.next());
  }
  /** The item at quantile u in [0, 1) (used to correlate draws through a latent score). */
  at(u: number): T {
    const x = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    const item = this.items[lo];
    if (item === undefined) throw new Error('weighted table: empty');
    return item;
  }
}
