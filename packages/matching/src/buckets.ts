/**
 * Buckets for exact pruning. Records are grouped by their 细类 and by the attributes the other parts of the score
 * depend on (township; for seekers priority, education, commute and wage bands; for postings minimum education and
 * hours). Each bucket keeps the extremes of its members (largest acceptable commute, lowest expected wage, highest
 * education, highest wage offered), so a query can compute the best score any member could reach and skip buckets
 * that cannot beat its current top k. Extremes are never narrowed on removal: they stay valid upper bounds.
 */
import { townshipCount } from './geo.ts';
import { fineCount } from './occupation.ts';
import type { PostingRec, SeekerRec } from './scoring.ts';

/** Township slots: the county's townships, plus one for outside the county (postings) or an unknown home (seekers). */
export const TOWNS = townshipCount + 1;

export interface SeekerBucket {
  readonly town: number;
  readonly priority: boolean;
  /** Members whose education is not known (fit 0.5 for all). */
  readonly eduUnknown: boolean;
  /** Members whose expected wage is not known (fit 0.6 for all). */
  readonly wageUnknown: boolean;
  readonly slots: Set<number>;
  maxEdu: number;
  maxKm: number;
  minWage: number;
}

export interface PostingBucket {
  readonly town: number;
  readonly eduMin: number;
  readonly hours: number;
  readonly slots: Set<number>;
  maxWage: number;
}

const eduGroup = (tier: number) => (tier < 0 ? 0 : tier <= 1 ? 1 : tier === 2 ? 2 : tier === 3 ? 3 : 4);
const kmBand = (km: number) => (km <= 10 ? 0 : km <= 25 ? 1 : 2);
const wageBand = (fen: number) =>
  fen < 0 ? 0 : fen < 400_000 ? 1 : fen < 550_000 ? 2 : fen < 700_000 ? 3 : 4;

export class SeekerBuckets {
  private readonly byKey = new Map<number, SeekerBucket>();
  /** Per 细类 (index fineCount: seekers naming no occupation), its buckets. */
  readonly byFine: SeekerBucket[][] = Array.from({ length: fineCount + 1 }, () => []);

  private keysOf(s: SeekerRec): Array<[number, number]> {
    const town = s.township < 0 ? townshipCount : s.township;
    const rest =
      (((town * 2 + (s.priority ? 1 : 0)) * 5 + eduGroup(s.edu)) * 3 + kmBand(s.maxKm)) * 5 +
      wageBand(s.expWage);
    const occs = s.occs.length === 0 ? [fineCount] : s.occs;
    return occs.map((f) => [f, f * TOWNS * 2 * 5 * 3 * 5 + rest]);
  }

  add(s: SeekerRec): void {
    for (const [f, key] of this.keysOf(s)) {
      let b = this.byKey.get(key);
      if (!b) {
        b = {
          town: s.township < 0 ? townshipCount : s.township,
          priority: s.priority,
          eduUnknown: s.edu < 0,
          wageUnknown: s.expWage < 0,
          slots: new Set(),
          maxEdu: s.edu,
          maxKm: s.maxKm,
          minWage: s.expWage,
        };
        this.byKey.set(key, b);
        this.byFine[f]?.push(b);
      }
      b.slots.add(s.slot);
      if (s.edu > b.maxEdu) b.maxEdu = s.edu;
      if (s.maxKm > b.maxKm) b.maxKm = s.maxKm;
      if (s.expWage < b.minWage) b.minWage = s.expWage;
    }
  }

  remove(s: SeekerRec): void {
    for (const [, key] of this.keysOf(s)) this.byKey.get(key)?.slots.delete(s.slot);
  }

  get size(): number {
    return this.byKey.size;
  }
}

export class PostingBuckets {
  private readonly byKey = new Map<number, PostingBucket>();
  readonly byFine: PostingBucket[][] = Array.from({ length: fineCount }, () => []);

  private keyOf(p: PostingRec): number {
    const town = p.township < 0 ? townshipCount : p.township;
    return ((p.occ * TOWNS + town) * 9 + (p.eduMin + 1)) * 4 + p.hours;
  }

  add(p: PostingRec): void {
    const key = this.keyOf(p);
    let b = this.byKey.get(key);
    if (!b) {
      b = {
        town: p.township < 0 ? townshipCount : p.township,
        eduMin: p.eduMin,
        hours: p.hours,
        slots: new Set(),
        maxWage: p.wageMax,
      };
      this.byKey.set(key, b);
      this.byFine[p.occ]?.push(b);
    }
    b.slots.add(p.slot);
    if (p.wageMax > b.maxWage) b.maxWage = p.wageMax;
  }

  remove(p: PostingRec): void {
    this.byKey.get(this.keyOf(p))?.slots.delete(p.slot);
  }

  get size(): number {
    return this.byKey.size;
  }
}
