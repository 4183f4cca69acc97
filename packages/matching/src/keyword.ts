/**
 * Keyword search over postings: an inverted index from search terms (segmented words plus bigrams, `searchTerms`)
 * to postings, scored BM25-style over weighted fields (title ×3, occupation name and skills ×2, place and
 * description ×1), times the share of query terms a posting contains. Accumulation uses scratch arrays owned by
 * the index; a query touches only the postings on its terms' lists.
 */
import { searchTerms, type TermMode, type WordSegmenter } from './segment.ts';

const K1 = 1.2;
const B = 0.75;

export interface KeywordFields {
  title: string;
  occupationName: string;
  skills: readonly string[];
  placeName: string;
  description: string;
}

interface TermList {
  slots: number[];
  tfs: number[];
}

export class KeywordIndex {
  readonly segmenter: WordSegmenter;
  private readonly termIds = new Map<string, number>();
  private readonly lists: TermList[] = [];
  /** Per slot: the term ids it is listed under (for removal), its weighted length. */
  private readonly docTerms: (Int32Array | undefined)[] = [];
  private readonly docLen: number[] = [];
  private docs = 0;
  private totalLen = 0;
  private acc = new Float64Array(0);
  private hits = new Uint16Array(0);
  private readonly termCache = new Map<string, readonly string[]>();

  readonly mode: TermMode;

  constructor(segmenter: WordSegmenter, mode: TermMode = 'words+bigrams') {
    this.segmenter = segmenter;
    this.mode = mode;
  }

  get vocabulary(): number {
    return this.termIds.size;
  }

  add(slot: number, f: KeywordFields): void {
    this.remove(slot);
    const tf = new Map<string, number>();
    const put = (terms: readonly string[], weight: number) => {
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + weight);
    };
    put(this.cachedTerms(f.title), 3);
    put(this.cachedTerms(f.occupationName), 2);
    for (const s of f.skills) put(this.cachedTerms(s), 2);
    put(this.cachedTerms(f.placeName), 1);
    put(searchTerms(this.segmenter, f.description, this.mode), 1);
    const ids = new Int32Array(tf.size);
    let len = 0;
    let i = 0;
    for (const [term, n] of tf) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.lists.length;
        this.termIds.set(term, id);
        this.lists.push({ slots: [], tfs: [] });
      }
      const list = this.lists[id];
      if (list) {
        list.slots.push(slot);
        list.tfs.push(n);
      }
      ids[i++] = id;
      len += n;
    }
    this.docTerms[slot] = ids;
    this.docLen[slot] = len;
    this.docs++;
    this.totalLen += len;
  }

  /** Short fields repeat (occupation and place names, skills, common titles): segment each once. */
  private cachedTerms(text: string): readonly string[] {
    let terms = this.termCache.get(text);
    if (!terms) {
      terms = searchTerms(this.segmenter, text, this.mode);
      if (this.termCache.size >= 50_000) this.termCache.clear();
      this.termCache.set(text, terms);
    }
    return terms;
  }

  remove(slot: number): void {
    const ids = this.docTerms[slot];
    if (!ids) return;
    for (const id of ids) {
      const list = this.lists[id];
      if (!list) continue;
      const at = list.slots.indexOf(slot);
      if (at >= 0) {
        const last = list.slots.length - 1;
        list.slots[at] = list.slots[last] ?? 0;
        list.tfs[at] = list.tfs[last] ?? 0;
        list.slots.pop();
        list.tfs.pop();
      }
    }
    this.docTerms[slot] = undefined;
    this.totalLen -= this.docLen[slot] ?? 0;
    this.docLen[slot] = 0;
    this.docs--;
  }

  /** The distinct terms of a query (words and bigrams), in order. */
  queryTerms(query: string): string[] {
    return [...new Set(searchTerms(this.segmenter, query, this.mode))];
  }

  /** Whether a slot is listed under a term. */
  has(slot: number, term: string): boolean {
    const id = this.termIds.get(term);
    const ids = id === undefined ? undefined : this.docTerms[slot];
    return ids ? ids.includes(id ?? -1) : false;
  }

  /**
   * Scores every posting containing at least one term and calls `visit(slot, score)` for each. Terms unknown to
   * the index count in the denominator of the coordination factor (a posting must contain them to score fully).
   */
  score(terms: readonly string[], capacity: number, visit: (slot: number, score: number) => void): void {
    if (this.acc.length < capacity) {
      this.acc = new Float64Array(capacity * 2);
      this.hits = new Uint16Array(capacity * 2);
    }
    const acc = this.acc;
    const hits = this.hits;
    const touched: number[] = [];
    const avg = this.docs > 0 ? this.totalLen / this.docs : 1;
    for (const term of terms) {
      const id = this.termIds.get(term);
      const list = id === undefined ? undefined : this.lists[id];
      if (!list || list.slots.length === 0) continue;
      const df = list.slots.length;
      const idf = Math.log(1 + (this.docs - df + 0.5) / (df + 0.5));
      const { slots, tfs } = list;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i] ?? 0;
        const tf = tfs[i] ?? 0;
        const norm = tf + K1 * (1 - B + (B * (this.docLen[slot] ?? 0)) / avg);
        if ((hits[slot] ?? 0) === 0) touched.push(slot);
        acc[slot] = (acc[slot] ?? 0) + (idf * tf * (K1 + 1)) / norm;
        hits[slot] = (hits[slot] ?? 0) + 1;
      }
    }
    const total = terms.length;
    for (const slot of touched) {
      const coord = (hits[slot] ?? 0) / total;
      visit(slot, (acc[slot] ?? 0) * coord * coord);
      acc[slot] = 0;
      hits[slot] = 0;
    }
  }
}
