/**
 * The in-memory matching index: open postings and registered seekers compiled to small records, bucketed by
 * 细类 occupation (and postings by township), so that a query scores the most related occupations first and stops
 * as soon as no unseen bucket could beat the current top k (an exact bound, not a heuristic). No database access.
 */

import { PostingBuckets, SeekerBuckets, TOWNS } from './buckets.ts';
import {
  COUNTY_CODE,
  minCommuteKm,
  OUTSIDE,
  OUTSIDE_COUNTY_KM,
  type Place,
  resolvePlace,
  townshipCount,
  townshipOfIndex,
} from './geo.ts';
import { TopK } from './heap.ts';
import { defaultSegmenter } from './jieba.ts';
import { KeywordIndex } from './keyword.ts';
import { fineCount, fineIndex, fineName, finesUnder, relation } from './occupation.ts';
import {
  bestRelation,
  defaultConfig,
  distanceFitAt,
  EDUCATION_RANK,
  educationFit,
  explain,
  HOURS_FIT,
  HOURS_INDEX,
  OCCUPATION_FIT,
  type PostingRec,
  type ScaledWeights,
  type SeekerRec,
  scaleWeights,
  scoreRaw,
  upperBound,
  wageFit,
} from './scoring.ts';
import { normalizeText, type TermMode, type WordSegmenter } from './segment.ts';
import {
  type IndexStats,
  type MatchingConfig,
  MatchingError,
  type MatchOptions,
  type MatchResult,
  type MatchWeights,
  type PostingProfile,
  type SearchFilters,
  type SearchHit,
  type SeekerProfile,
} from './types.ts';

export interface MatchingIndexOptions {
  /** Partial weights override the defaults (`defaultWeights`). */
  weights?: Partial<MatchWeights>;
  defaultMaxCommuteKm?: number;
  segmenter?: WordSegmenter;
  /** Search terms: words only, or words plus Chinese bigrams (default). */
  termMode?: TermMode;
  /** Today as `YYYY-MM-DD` (the server passes its clock); default: the date in China. */
  today?: () => string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EPS = 1e-9;
const chinaDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

function dayNumber(date: string, what: string): number {
  const t = DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(t)) throw new MatchingError('INVALID_PROFILE', `${what}日期格式应为 YYYY-MM-DD`, date);
  return Math.floor(t / 86_400_000);
}

function occupationIndex(code: string): number {
  const i = fineIndex(code);
  if (i === undefined) {
    throw new MatchingError(
      'UNKNOWN_OCCUPATION',
      `职业代码 ${code} 不在职业分类大典（2022）细类目录中`,
      code,
    );
  }
  return i;
}

function placeOf(code: string): Place {
  const p = resolvePlace(code);
  if (!p)
    throw new MatchingError('UNKNOWN_PLACE', `地点代码 ${code} 不是本县的村（社区）或乡镇（街道）代码`, code);
  return p;
}

function toExcluded(x: MatchOptions['excludeIds']): ReadonlySet<string> | undefined {
  if (!x) return undefined;
  return x instanceof Set ? x : new Set(x as readonly string[]);
}

export class MatchingIndex {
  private readonly w: ScaledWeights;
  private readonly today: () => string;
  private readonly keyword: KeywordIndex;
  private readonly skillIds = new Map<string, number>();
  private readonly skillIdByRaw = new Map<string, number>();

  private readonly postings: (PostingRec | undefined)[] = [];
  private readonly postingSlot = new Map<string, number>();
  private readonly freePostingSlots: number[] = [];
  private readonly postingBuckets = new PostingBuckets();
  /** Index townshipCount = outside the county. */
  private readonly postingsByTownship: Set<number>[] = Array.from(
    { length: townshipCount + 1 },
    () => new Set(),
  );

  private readonly seekers: (SeekerRec | undefined)[] = [];
  private readonly seekerSlot = new Map<string, number>();
  private readonly freeSeekerSlots: number[] = [];
  private readonly seekerBuckets = new SeekerBuckets();
  /** Seekers by skill id (for postings that list skills). */
  private readonly seekersBySkill = new Map<number, Set<number>>();
  private seekerStamp = new Uint32Array(1024);
  private epoch = 0;
  private readonly levelOf = new Int8Array(fineCount);
  private readonly distBound = new Float64Array(TOWNS);
  private readonly order: Array<{ bound: number; slots: Set<number>; rel: number }> = [];

  constructor(options: MatchingIndexOptions = {}) {
    const config: MatchingConfig = {
      weights: { ...defaultConfig.weights, ...options.weights },
      defaultMaxCommuteKm: options.defaultMaxCommuteKm ?? defaultConfig.defaultMaxCommuteKm,
    };
    this.w = scaleWeights(config);
    this.today = options.today ?? (() => chinaDate.format(new Date()));
    this.keyword = new KeywordIndex(options.segmenter ?? defaultSegmenter(), options.termMode);
  }

  /** The weights in force, scaled so the six fits sum to 100 (priority in points). */
  get weights(): Readonly<MatchWeights> {
    const { maxKmDefault: _, ...w } = this.w;
    return w;
  }

  // ── postings ──────────────────────────────────────────────────────────────────────────────────────────────

  private skillVector(skills: readonly string[]): number[] {
    const ids = new Set<number>();
    for (const raw of skills) {
      let id = this.skillIdByRaw.get(raw);
      if (id === undefined) {
        const s = normalizeText(raw).trim();
        if (!s) continue;
        id = this.skillIds.get(s);
        if (id === undefined) {
          id = this.skillIds.size;
          this.skillIds.set(s, id);
        }
        if (this.skillIdByRaw.size < 100_000) this.skillIdByRaw.set(raw, id);
      }
      ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  }

  /** Compiles (and validates) a posting without storing it. */
  private compilePosting(p: PostingProfile, slot: number): PostingRec {
    const occ = occupationIndex(p.occupationCode);
    const place = p.placeCode === null ? OUTSIDE : placeOf(p.placeCode);
    if (!Number.isFinite(p.wageMinFen) || !Number.isFinite(p.wageMaxFen) || p.wageMinFen > p.wageMaxFen) {
      throw new MatchingError('INVALID_PROFILE', '工资范围不正确（最低不能高于最高）', p.id);
    }
    const hours = HOURS_INDEX[p.hours];
    if (hours === undefined) throw new MatchingError('INVALID_PROFILE', '工时类型不正确', p.id);
    return {
      slot,
      id: p.id,
      occ,
      skills: this.skillVector(p.skills),
      eduMin: p.educationMin === null ? -1 : EDUCATION_RANK[p.educationMin],
      eduMinLevel: p.educationMin,
      wageMin: p.wageMinFen,
      wageMax: p.wageMaxFen,
      township: place.township,
      village: place.village,
      hours,
      openDay: dayNumber(p.openFrom, '开始'),
      closeDay: p.closingDate === null ? Number.MAX_SAFE_INTEGER : dayNumber(p.closingDate, '截止'),
    };
  }

  upsertPosting(p: PostingProfile): void {
    const existing = this.postingSlot.get(p.id);
    const slot = existing ?? this.freePostingSlots.pop() ?? this.postings.length;
    const rec = this.compilePosting(p, slot);
    if (existing !== undefined) this.unlinkPosting(existing);
    this.postings[slot] = rec;
    this.postingSlot.set(p.id, slot);
    const town = rec.township < 0 ? townshipCount : rec.township;
    this.postingBuckets.add(rec);
    this.postingsByTownship[town]?.add(slot);
    const seat = townshipOfIndex(rec.township);
    this.keyword.add(slot, {
      title: p.title,
      occupationName: fineName(rec.occ),
      skills: p.skills,
      placeName: seat ? seat.name : '县外',
      description: p.description,
    });
  }

  private unlinkPosting(slot: number): void {
    const rec = this.postings[slot];
    if (!rec) return;
    const town = rec.township < 0 ? townshipCount : rec.township;
    this.postingBuckets.remove(rec);
    this.postingsByTownship[town]?.delete(slot);
    this.keyword.remove(slot);
    this.postings[slot] = undefined;
  }

  /** Removes a posting (withdrawn, filled); false when it was not in the index. */
  removePosting(id: string): boolean {
    const slot = this.postingSlot.get(id);
    if (slot === undefined) return false;
    this.unlinkPosting(slot);
    this.postingSlot.delete(id);
    this.freePostingSlots.push(slot);
    return true;
  }

  hasPosting(id: string): boolean {
    return this.postingSlot.has(id);
  }

  // ── seekers ───────────────────────────────────────────────────────────────────────────────────────────────

  private compileSeeker(s: SeekerProfile, slot: number): SeekerRec {
    const occs = [...new Set(s.occupationCodes.map(occupationIndex))];
    const place = s.homeVillageCode === null ? OUTSIDE : placeOf(s.homeVillageCode);
    let hoursMask = 0;
    for (const h of s.hoursWanted) {
      const i = HOURS_INDEX[h];
      if (i === undefined) throw new MatchingError('INVALID_PROFILE', '工时类型不正确', s.id);
      hoursMask |= 1 << i;
    }
    const maxKm = s.maxCommuteKm ?? this.w.maxKmDefault;
    if (!(maxKm > 0)) throw new MatchingError('INVALID_PROFILE', '可接受通勤距离须大于 0', s.id);
    if (s.expectedWageFen !== null && !(s.expectedWageFen >= 0)) {
      throw new MatchingError('INVALID_PROFILE', '期望工资不正确', s.id);
    }
    return {
      slot,
      id: s.id,
      occs,
      skills: this.skillVector(s.skills),
      edu: s.education === null ? -1 : EDUCATION_RANK[s.education],
      expWage: s.expectedWageFen ?? -1,
      township: place.township,
      village: place.village,
      maxKm,
      hoursMask,
      priority: s.priority,
      available: s.available,
    };
  }

  upsertSeeker(s: SeekerProfile): void {
    const existing = this.seekerSlot.get(s.id);
    const slot = existing ?? this.freeSeekerSlots.pop() ?? this.seekers.length;
    const rec = this.compileSeeker(s, slot);
    if (existing !== undefined) this.unlinkSeeker(existing);
    this.seekers[slot] = rec;
    this.seekerSlot.set(s.id, slot);
    this.seekerBuckets.add(rec);
    for (const skill of rec.skills) {
      let set = this.seekersBySkill.get(skill);
      if (!set) {
        set = new Set();
        this.seekersBySkill.set(skill, set);
      }
      set.add(slot);
    }
    if (slot >= this.seekerStamp.length) {
      const grown = new Uint32Array(Math.max(slot + 1, this.seekerStamp.length * 2));
      grown.set(this.seekerStamp);
      this.seekerStamp = grown;
    }
  }

  private unlinkSeeker(slot: number): void {
    const rec = this.seekers[slot];
    if (!rec) return;
    this.seekerBuckets.remove(rec);
    for (const skill of rec.skills) this.seekersBySkill.get(skill)?.delete(slot);
    this.seekers[slot] = undefined;
  }

  removeSeeker(id: string): boolean {
    const slot = this.seekerSlot.get(id);
    if (slot === undefined) return false;
    this.unlinkSeeker(slot);
    this.seekerSlot.delete(id);
    this.freeSeekerSlots.push(slot);
    return true;
  }

  hasSeeker(id: string): boolean {
    return this.seekerSlot.has(id);
  }

  // ── queries ───────────────────────────────────────────────────────────────────────────────────────────────

  private seekerFor(x: string | SeekerProfile): SeekerRec {
    if (typeof x !== 'string') return this.compileSeeker(x, -1);
    const slot = this.seekerSlot.get(x);
    const rec = slot === undefined ? undefined : this.seekers[slot];
    if (!rec) throw new MatchingError('UNKNOWN_SEEKER', '求职登记不存在或已不在匹配范围内', x);
    return rec;
  }

  private postingFor(x: string | PostingProfile): PostingRec {
    if (typeof x !== 'string') return this.compilePosting(x, -1);
    const slot = this.postingSlot.get(x);
    const rec = slot === undefined ? undefined : this.postings[slot];
    if (!rec) throw new MatchingError('UNKNOWN_POSTING', '岗位不存在或已不在匹配范围内', x);
    return rec;
  }

  private asOfDay(asOf: string | undefined): number {
    const d = asOf ?? this.today();
    if (!DATE.test(d)) throw new MatchingError('INVALID_QUERY', '日期格式应为 YYYY-MM-DD', d);
    return dayNumber(d, '查询');
  }

  private static checkN(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 10_000) {
      throw new MatchingError('INVALID_QUERY', '结果数量须为 0 到 10000 的整数', String(n));
    }
  }

  /** The best open postings for a seeker (stored id, or a profile not stored), best first. */
  topPostingsForSeeker(seeker: string | SeekerProfile, n: number, options: MatchOptions = {}): MatchResult[] {
    MatchingIndex.checkN(n);
    const s = this.seekerFor(seeker);
    const day = this.asOfDay(options.asOf);
    if (n === 0) return [];
    const excluded = toExcluded(options.excludeIds);
    const heap = new TopK(n);
    const w = this.w;
    const levelOf = this.levelOf;
    const noOcc = s.occs.length === 0;
    for (let f = 0; f < fineCount; f++) {
      let best = 0;
      for (const o of s.occs) best = Math.max(best, relation(o, f));
      levelOf[f] = best;
    }
    // Upper bound of the distance part per workplace township, for this seeker (exact minimum commute).
    const distBound = this.distBound;
    for (let t = 0; t < TOWNS; t++) {
      distBound[t] =
        s.township < 0
          ? 0.5
          : distanceFitAt(t === townshipCount ? OUTSIDE_COUNTY_KM : minCommuteKm(s.township, t), s.maxKm);
    }
    const order = this.order;
    for (let level = 4; level >= 0; level--) {
      if (noOcc && level > 0) continue;
      const occPart = w.occupation * (OCCUPATION_FIT[level] ?? 0);
      if (heap.full && heap.threshold > upperBound(w, OCCUPATION_FIT[level] ?? 0, s.priority) + EPS) break;
      const fixed = occPart + w.skills + (s.priority ? w.priority : 0);
      const rel = noOcc ? -1 : level;
      order.length = 0;
      for (let f = 0; f < fineCount; f++) {
        if (levelOf[f] !== level) continue;
        for (const b of this.postingBuckets.byFine[f] ?? []) {
          if (b.slots.size === 0) continue;
          const bound =
            fixed +
            w.distance * (distBound[b.town] ?? 1) +
            w.wage * wageFit(s.expWage, b.maxWage) +
            w.hours * (HOURS_FIT[s.hoursMask * 4 + b.hours] ?? 1) +
            w.education * educationFit(s.edu, b.eduMin);
          if (heap.full && heap.threshold > bound + EPS) continue;
          order.push({ bound, slots: b.slots, rel });
        }
      }
      this.scanInOrder(heap, (slot, r) => {
        const p = this.postings[slot];
        if (!p || p.openDay > day || p.closeDay < day) return;
        if (excluded?.has(p.id)) return;
        heap.offer(scoreRaw(w, s, p, r), slot, p.id);
      });
    }
    const out: MatchResult[] = [];
    for (const e of heap.sorted()) {
      const p = this.postings[e.slot];
      if (!p) continue;
      const r = explain(w, s, p, p.id);
      if (options.minScore === undefined || r.score >= options.minScore) out.push(r);
    }
    return out;
  }

  /** The best candidates for a posting (stored id, or a profile not stored), best first. */
  topCandidatesForPosting(
    posting: string | PostingProfile,
    n: number,
    options: MatchOptions = {},
  ): MatchResult[] {
    MatchingIndex.checkN(n);
    const p = this.postingFor(posting);
    if (n === 0) return [];
    const excluded = toExcluded(options.excludeIds);
    const withUnavailable = options.includeUnavailable === true;
    const heap = new TopK(n);
    const w = this.w;
    const levelOf = this.levelOf;
    for (let f = 0; f < fineCount; f++) levelOf[f] = relation(f, p.occ);
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.seekerStamp.fill(0);
      this.epoch = 1;
    }
    const stamp = this.seekerStamp;
    const epoch = this.epoch;
    const visit = (slot: number, level: number) => {
      if (stamp[slot] === epoch) return;
      const s = this.seekers[slot];
      if (!s) return;
      // A seeker naming several occupations is first met at the best level (levels run downwards) — unless that
      // bucket was skipped by its bound; the true relation keeps the score exact either way.
      const rel = s.occs.length > 1 ? bestRelation(s, p) : level;
      if (rel !== level && !(rel === -1 && level === 0)) return;
      stamp[slot] = epoch;
      if (!s.available && !withUnavailable) return;
      if (excluded?.has(s.id)) return;
      heap.offer(scoreRaw(w, s, p, rel), slot, s.id);
    };
    // Phase A: seekers having at least one of the posting's skills (inverted skill lists), scored in full.
    // Everyone met later has none of them: their skill part is exactly 0, which tightens every bound.
    let skillsLeft = w.skills;
    if (p.skills.length > 0) {
      skillsLeft = 0;
      for (const skill of p.skills) {
        for (const slot of this.seekersBySkill.get(skill) ?? []) {
          if (stamp[slot] === epoch) continue;
          stamp[slot] = epoch;
          const s = this.seekers[slot];
          if (!s || (!s.available && !withUnavailable) || excluded?.has(s.id)) continue;
          heap.offer(scoreRaw(w, s, p, bestRelation(s, p)), slot, s.id);
        }
      }
    }
    const workTown = p.township;
    const order = this.order;
    for (let level = 4; level >= 0; level--) {
      const occPart = w.occupation * (OCCUPATION_FIT[level] ?? 0);
      const levelMax = upperBound(w, OCCUPATION_FIT[level] ?? 0, true) - w.skills + skillsLeft;
      if (heap.full && heap.threshold > levelMax + EPS) break;
      const fixed = occPart + skillsLeft + w.hours;
      order.length = 0;
      for (let f = 0; f <= fineCount; f++) {
        if (f < fineCount ? levelOf[f] !== level : level !== 0) continue;
        const rel = f < fineCount ? level : -1;
        for (const b of this.seekerBuckets.byFine[f] ?? []) {
          if (b.slots.size === 0) continue;
          const dist =
            b.town === townshipCount
              ? 0.5
              : distanceFitAt(workTown < 0 ? OUTSIDE_COUNTY_KM : minCommuteKm(b.town, workTown), b.maxKm);
          const bound =
            fixed +
            w.distance * dist +
            w.wage * (b.wageUnknown ? 0.6 : wageFit(b.minWage, p.wageMax)) +
            w.education * (b.eduUnknown ? educationFit(-1, p.eduMin) : educationFit(b.maxEdu, p.eduMin)) +
            (b.priority ? w.priority : 0);
          if (heap.full && heap.threshold > bound + EPS) continue;
          order.push({ bound, slots: b.slots, rel });
        }
      }
      this.scanInOrder(heap, visit);
    }
    const out: MatchResult[] = [];
    for (const e of heap.sorted()) {
      const s = this.seekers[e.slot];
      if (!s) continue;
      const r = explain(w, s, p, s.id);
      if (options.minScore === undefined || r.score >= options.minScore) out.push(r);
    }
    return out;
  }

  /**
   * Scans the buckets gathered in `order`, most promising first (so the top k fills with good results early),
   * skipping those whose bound fell below the top k's threshold meanwhile.
   */
  private scanInOrder(heap: TopK, visit: (slot: number, rel: number) => void): void {
    const order = this.order;
    if (order.length <= 8192) order.sort((a, b) => b.bound - a.bound);
    for (const o of order) {
      if (heap.full && heap.threshold > o.bound + EPS) {
        if (order.length <= 8192) break;
        continue;
      }
      for (const slot of o.slots) visit(slot, o.rel);
    }
    order.length = 0;
  }

  /** Explains one pair (a seeker and a posting, stored or not): why a job was recommended. */
  explainMatch(seeker: string | SeekerProfile, posting: string | PostingProfile): MatchResult {
    const s = this.seekerFor(seeker);
    const p = this.postingFor(posting);
    return explain(this.w, s, p, p.id);
  }

  /**
   * Keyword search over open postings (title, occupation name, skills, township, description), best first.
   * An empty query lists the open postings that pass the filters, newest first.
   */
  searchPostings(query: string, n: number, filters: SearchFilters = {}): SearchHit[] {
    MatchingIndex.checkN(n);
    if (query.length > 200) throw new MatchingError('INVALID_QUERY', '搜索词过长（最多 200 字）', '');
    const day = this.asOfDay(filters.asOf);
    const fines = filters.occupationCode === undefined ? undefined : finesUnder(filters.occupationCode);
    if (filters.occupationCode !== undefined && (!fines || fines.length === 0)) {
      throw new MatchingError(
        'UNKNOWN_OCCUPATION',
        `职业代码 ${filters.occupationCode} 不在职业分类大典（2022）目录中`,
        filters.occupationCode,
      );
    }
    const fineSet = fines ? new Set(fines) : undefined;
    let place: Place | 'county' | undefined;
    if (filters.placeCode !== undefined)
      place = filters.placeCode === COUNTY_CODE ? 'county' : placeOf(filters.placeCode);
    const hours = filters.hours === undefined ? undefined : HOURS_INDEX[filters.hours];
    if (filters.hours !== undefined && hours === undefined) {
      throw new MatchingError('INVALID_QUERY', '工时类型不正确', filters.hours);
    }
    const wageMin = filters.wageMinFen;
    const passes = (p: PostingRec): boolean => {
      if (p.openDay > day || p.closeDay < day) return false;
      if (fineSet && !fineSet.has(p.occ)) return false;
      if (hours !== undefined && p.hours !== hours) return false;
      if (wageMin !== undefined && p.wageMax < wageMin) return false;
      if (place === 'county') return p.township >= 0;
      if (place) {
        if (p.township !== place.township) return false;
        if (place.village >= 0 && p.village !== place.village) return false;
      }
      return true;
    };

    const terms = this.keyword.queryTerms(query);
    const heap = new TopK(n);
    if (terms.length === 0) {
      const scan = (slot: number) => {
        const p = this.postings[slot];
        if (p && passes(p)) heap.offer(p.openDay, slot, p.id);
      };
      if (place && place !== 'county')
        for (const slot of this.postingsByTownship[place.township] ?? []) scan(slot);
      else for (let slot = 0; slot < this.postings.length; slot++) scan(slot);
      return heap.sorted().map((e) => ({ id: e.id, score: 0, matched: [] }));
    }
    this.keyword.score(terms, this.postings.length, (slot, score) => {
      const p = this.postings[slot];
      if (p && passes(p)) heap.offer(score, slot, p.id);
    });
    return heap.sorted().map((e) => ({
      id: e.id,
      score: Math.round(e.score * 1000) / 1000,
      matched: terms.filter((t) => this.keyword.has(e.slot, t)),
    }));
  }

  stats(asOf?: string): IndexStats {
    const day = this.asOfDay(asOf);
    let open = 0;
    for (const p of this.postings) if (p && p.openDay <= day && p.closeDay >= day) open++;
    let available = 0;
    for (const s of this.seekers) if (s?.available) available++;
    return {
      postings: this.postingSlot.size,
      openPostings: open,
      seekers: this.seekerSlot.size,
      availableSeekers: available,
      vocabulary: this.keyword.vocabulary,
      segmenter: `${this.keyword.segmenter.name}, ${this.keyword.mode}`,
    };
  }
}
