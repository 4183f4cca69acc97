/**
 * Bounded top-k: keeps the k best (score desc, id asc) of a stream in a min-heap of size k, so a query allocates
 * O(k), never O(population).
 */
export class TopK {
  readonly k: number;
  private readonly scores: Float64Array;
  private readonly slots: Int32Array;
  private readonly ids: string[];
  size = 0;

  constructor(k: number) {
    this.k = k;
    this.scores = new Float64Array(k);
    this.slots = new Int32Array(k);
    this.ids = new Array<string>(k).fill('');
  }

  /** True when a is worse than b (lower score, or equal score and larger id). */
  private worse(i: number, j: number): boolean {
    const a = this.scores[i] ?? 0;
    const b = this.scores[j] ?? 0;
    return a < b || (a === b && (this.ids[i] ?? '') > (this.ids[j] ?? ''));
  }

  /** The worst kept score (−Infinity until full). */
  get threshold(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : (this.scores[0] ?? 0);
  }

  get full(): boolean {
    return this.size >= this.k;
  }

  /** Offer a candidate; cheap rejection when it cannot enter. */
  offer(score: number, slot: number, id: string): void {
    if (this.k === 0) return;
    if (this.size < this.k) {
      const i = this.size++;
      this.scores[i] = score;
      this.slots[i] = slot;
      this.ids[i] = id;
      this.up(i);
      return;
    }
    const top = this.scores[0] ?? 0;
    if (score < top || (score === top && id >= (this.ids[0] ?? ''))) return;
    this.scores[0] = score;
    this.slots[0] = slot;
    this.ids[0] = id;
    this.down(0);
  }

  private swap(i: number, j: number): void {
    const s = this.scores[i] ?? 0;
    this.scores[i] = this.scores[j] ?? 0;
    this.scores[j] = s;
    const l = this.slots[i] ?? 0;
    this.slots[i] = this.slots[j] ?? 0;
    this.slots[j] = l;
    const d = this.ids[i] ?? '';
    this.ids[i] = this.ids[j] ?? '';
    this.ids[j] = d;
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  /** The kept entries, best first. */
  sorted(): Array<{ score: number; slot: number; id: string }> {
    const out: Array<{ score: number; slot: number; id: string }> = [];
    for (let i = 0; i < this.size; i++) {
      out.push({ score: this.scores[i] ?? 0, slot: this.slots[i] ?? 0, id: this.ids[i] ?? '' });
    }
    out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out;
  }
}
