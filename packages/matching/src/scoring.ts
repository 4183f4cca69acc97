/**
 * The match score: six fits in 0..1 (occupation, skills, distance, wage, hours, education) times their weights
 * (scaled to sum 100), plus a boost in points for 就业援助对象. `scoreRaw` is the hot path (numbers only, no
 * allocation); `explain` gives the parts and the Chinese reasons for the few results shown.
 */
import { educationLevels } from '@qiaoti/contracts/registry';
import { commuteKm, describeCommute } from './geo.ts';
import { fineName, type OccupationRelation, relation, sharedGroupName } from './occupation.ts';
import {
  type EducationLevel,
  type HoursKind,
  hoursKinds,
  hoursLabels,
  type MatchingConfig,
  type MatchParts,
  type MatchResult,
  type MatchWeights,
} from './types.ts';

export const defaultWeights: Readonly<MatchWeights> = {
  occupation: 35,
  skills: 20,
  distance: 15,
  wage: 12,
  hours: 8,
  education: 10,
  priority: 10,
};

export const defaultConfig: Readonly<MatchingConfig> = {
  weights: defaultWeights,
  defaultMaxCommuteKm: 20,
};

/** Fit of the occupation part by relation (unrelated, same 大类, 中类, 小类, 细类). */
export const OCCUPATION_FIT: readonly number[] = [0, 0.2, 0.45, 0.7, 1];

/** 学历 tiers: 高中 and 中专/技校 are one tier. */
export const EDUCATION_RANK: Readonly<Record<EducationLevel, number>> = {
  none: 0,
  primary: 1,
  junior_secondary: 2,
  senior_secondary: 3,
  secondary_vocational: 3,
  junior_college: 4,
  bachelor: 5,
  master: 6,
  doctorate: 7,
};

export const HOURS_INDEX: Readonly<Record<HoursKind, number>> = {
  full_time: 0,
  part_time: 1,
  shift: 2,
  flexible: 3,
};

/** Fit of a posting's hours (column) for a seeker wanting one kind (row). */
const HOURS_PAIR: readonly (readonly number[])[] = [
  [1, 0.3, 0.6, 0.3],
  [0.3, 1, 0.2, 0.7],
  [0.7, 0.2, 1, 0.3],
  [0.3, 0.7, 0.2, 1],
];

/** HOURS_FIT[mask * 4 + postingHours]: best fit over the wanted kinds in `mask` (0 = any → 1). */
export const HOURS_FIT = new Float64Array(16 * 4);
for (let mask = 0; mask < 16; mask++) {
  for (let h = 0; h < 4; h++) {
    let best = mask === 0 ? 1 : 0;
    for (let w = 0; w < 4; w++) {
      if (mask & (1 << w)) best = Math.max(best, HOURS_PAIR[w]?.[h] ?? 0);
    }
    HOURS_FIT[mask * 4 + h] = best;
  }
}

/** A posting compiled for scoring. */
export interface PostingRec {
  slot: number;
  id: string;
  occ: number;
  /** Sorted skill ids. */
  skills: readonly number[];
  /** Education tier required, −1 = none. */
  eduMin: number;
  eduMinLevel: EducationLevel | null;
  wageMin: number;
  wageMax: number;
  township: number;
  village: number;
  hours: number;
  /** Days since 1970-01-01. */
  openDay: number;
  closeDay: number;
}

/** A seeker compiled for scoring. */
export interface SeekerRec {
  slot: number;
  id: string;
  occs: readonly number[];
  skills: readonly number[];
  /** Education tier, −1 = unknown. */
  edu: number;
  /** −1 = not stated. */
  expWage: number;
  township: number;
  village: number;
  maxKm: number;
  hoursMask: number;
  priority: boolean;
  available: boolean;
}

/** Weights scaled so that the six fits sum to 100; priority kept in points. */
export interface ScaledWeights {
  occupation: number;
  skills: number;
  distance: number;
  wage: number;
  hours: number;
  education: number;
  priority: number;
  maxKmDefault: number;
}

export function scaleWeights(config: MatchingConfig): ScaledWeights {
  const w = config.weights;
  const parts = [w.occupation, w.skills, w.distance, w.wage, w.hours, w.education];
  if (parts.some((x) => !Number.isFinite(x) || x < 0) || !Number.isFinite(w.priority) || w.priority < 0) {
    throw new RangeError('匹配权重须为非负数');
  }
  const sum = parts.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new RangeError('匹配权重之和须大于 0');
  const k = 100 / sum;
  return {
    occupation: w.occupation * k,
    skills: w.skills * k,
    distance: w.distance * k,
    wage: w.wage * k,
    hours: w.hours * k,
    education: w.education * k,
    priority: w.priority,
    maxKmDefault: config.defaultMaxCommuteKm,
  };
}

/** Best relation between any of the seeker's occupations and the posting's; −1 when the seeker names none. */
export function bestRelation(s: SeekerRec, p: PostingRec): OccupationRelation | -1 {
  if (s.occs.length === 0) return -1;
  let best: OccupationRelation = 0;
  for (let i = 0; i < s.occs.length; i++) {
    const r = relation(s.occs[i] ?? -1, p.occ);
    if (r > best) best = r;
  }
  return best;
}

/** How many of the posting's skills the seeker has (both sorted). */
export function skillMatches(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

function skillsFit(s: SeekerRec, p: PostingRec): number {
  return p.skills.length === 0 ? 1 : skillMatches(s.skills, p.skills) / p.skills.length;
}

/** Fit of a commute of `km` for a seeker accepting `max` km (rises with `max`: a bucket's longest gives a bound). */
export function distanceFitAt(km: number, max: number): number {
  if (max <= 0) return 0;
  if (km <= max) return 1 - (0.5 * km) / max;
  return Math.max(0, 0.5 - (km - max) / max);
}

function distanceFit(km: number, s: SeekerRec): number {
  return s.township < 0 ? 0.5 : distanceFitAt(km, s.maxKm);
}

export function wageFit(exp: number, max: number): number {
  if (exp < 0) return 0.6;
  if (exp <= max) return 1;
  return Math.max(0, 1 - (2.5 * (exp - max)) / exp);
}

export function educationFit(edu: number, min: number): number {
  if (min < 0) return 1;
  if (edu < 0) return 0.5;
  if (edu >= min) return 1;
  return min - edu === 1 ? 0.4 : 0;
}

/** Score before the cap; `rel` is `bestRelation(s, p)` (passed in when the caller already knows it). */
export function scoreRaw(w: ScaledWeights, s: SeekerRec, p: PostingRec, rel: number): number {
  const km = commuteKm(s.township, s.village, p.township, p.village);
  return (
    w.occupation * (rel < 0 ? 0 : (OCCUPATION_FIT[rel] ?? 0)) +
    w.skills * skillsFit(s, p) +
    w.distance * distanceFit(km, s) +
    w.wage * wageFit(s.expWage, p.wageMax) +
    w.hours * (HOURS_FIT[s.hoursMask * 4 + p.hours] ?? 0) +
    w.education * educationFit(s.edu, p.eduMin) +
    (s.priority ? w.priority : 0)
  );
}

/** The most any pair can score when its occupation fit is `occFit`. */
export function upperBound(w: ScaledWeights, occFit: number, priority: boolean): number {
  return (
    w.occupation * occFit +
    w.skills +
    w.distance +
    w.wage +
    w.hours +
    w.education +
    (priority ? w.priority : 0)
  );
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const eduLabel = (p: PostingRec) => {
  const lvl = p.eduMinLevel;
  return lvl ? `要求${educationLevels[lvl]}及以上` : '';
};

/** The parts and reasons of one pair (for results shown to people). */
export function explain(w: ScaledWeights, s: SeekerRec, p: PostingRec, id: string): MatchResult {
  const rel = bestRelation(s, p);
  const reasons: string[] = [];
  const postingOcc = fineName(p.occ);
  if (rel === -1) reasons.push(`未填写期望职业（岗位为${postingOcc}）`);
  else if (rel === 4) reasons.push(`职业相同（${postingOcc}）`);
  else if (rel === 0) reasons.push(`职业不同（岗位为${postingOcc}）`);
  else {
    const group = sharedGroupName(p.occ, rel);
    const level = rel === 3 ? '小类' : rel === 2 ? '中类' : '大类';
    reasons.push(`职业相近（岗位为${postingOcc}，同属${level}“${group}”）`);
  }

  const matched = skillMatches(s.skills, p.skills);
  reasons.push(p.skills.length === 0 ? '岗位未列技能要求' : `${p.skills.length} 项技能中符合 ${matched} 项`);

  let km: number | null = null;
  if (s.township < 0) reasons.push('居住地未登记，距离未计入');
  else {
    km = commuteKm(s.township, s.village, p.township, p.village);
    const text = describeCommute(km, s.township, s.village, p.township, p.village);
    reasons.push(km > s.maxKm ? `${text}，超出可接受的 ${s.maxKm} 公里` : text);
  }

  if (s.expWage < 0) reasons.push('未填写期望工资');
  else if (s.expWage < p.wageMin) reasons.push('岗位工资高于期望');
  else if (s.expWage <= p.wageMax) reasons.push('期望工资在范围内');
  else {
    const pct = Math.round(((s.expWage - p.wageMax) / s.expWage) * 100);
    reasons.push(`岗位最高工资低于期望约 ${pct}%`);
  }

  const hoursFit = HOURS_FIT[s.hoursMask * 4 + p.hours] ?? 0;
  const postingHours = hoursLabels[hoursKinds[p.hours] ?? 'full_time'];
  if (s.hoursMask === 0) reasons.push(`工时不限（岗位为${postingHours}）`);
  else if (hoursFit === 1) reasons.push(`工时相符（${postingHours}）`);
  else reasons.push(`工时不完全相符（岗位为${postingHours}）`);

  const eduFit = educationFit(s.edu, p.eduMin);
  if (p.eduMin < 0) reasons.push('无学历要求');
  else if (s.edu < 0) reasons.push(`学历未登记（${eduLabel(p)}）`);
  else if (eduFit === 1) reasons.push(`学历符合（${eduLabel(p)}）`);
  else if (eduFit > 0) reasons.push(`学历略低于要求（${eduLabel(p)}）`);
  else reasons.push(`学历低于要求（${eduLabel(p)}）`);

  if (s.priority && w.priority > 0) reasons.push(`就业援助对象，优先推荐（加 ${round1(w.priority)} 分）`);

  const parts: MatchParts = {
    occupation: round1(w.occupation * (rel < 0 ? 0 : (OCCUPATION_FIT[rel] ?? 0))),
    skills: round1(w.skills * skillsFit(s, p)),
    distance: round1(w.distance * distanceFit(km ?? 0, s)),
    wage: round1(w.wage * wageFit(s.expWage, p.wageMax)),
    hours: round1(w.hours * hoursFit),
    education: round1(w.education * eduFit),
    priority: s.priority ? round1(w.priority) : 0,
  };
  const raw = scoreRaw(w, s, p, rel);
  return { id, score: round1(Math.min(100, raw)), parts, reasons, distanceKm: km };
}
