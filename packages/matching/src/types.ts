/**
 * Public types of the matching index (`@qiaoti/matching`). Pure data: the server loads postings and seekers from the
 * database, hands them to a `MatchingIndex`, and keeps it current with `upsert…`/`remove…` after each change.
 */
import type { EducationLevel } from '@qiaoti/contracts/registry';

export type { EducationLevel };

/** Working hours of a posting, and what a seeker wants. */
export type HoursKind = 'full_time' | 'part_time' | 'shift' | 'flexible';

export const hoursKinds: readonly HoursKind[] = ['full_time', 'part_time', 'shift', 'flexible'];

export const hoursLabels: Readonly<Record<HoursKind, string>> = {
  full_time: '全职',
  part_time: '非全日制',
  shift: '倒班',
  flexible: '灵活用工',
};

/** An open job posting as the index sees it. */
export interface PostingProfile {
  id: string;
  title: string;
  description: string;
  /** 职业分类大典 (2022) 细类 code `D-DD-DD-DD` from `@qiaoti/contracts` `occupations`. */
  occupationCode: string;
  skills: readonly string[];
  /** Lowest accepted 学历; null = no requirement. */
  educationMin: EducationLevel | null;
  /** Monthly wage range in fen. */
  wageMinFen: number;
  wageMaxFen: number;
  /** 12-digit village or 9-digit township code of the county; null = a workplace outside the county. */
  placeCode: string | null;
  hours: HoursKind;
  /** `YYYY-MM-DD`: the posting is open from this day … */
  openFrom: string;
  /** … through this day (inclusive); null = open until withdrawn. */
  closingDate: string | null;
  employerId: string;
}

/** A registered job seeker as the index sees it (no name, no ID number: the index never needs them). */
export interface SeekerProfile {
  id: string;
  /** Wanted occupations, 细类 codes; empty = not stated. */
  occupationCodes: readonly string[];
  skills: readonly string[];
  education: EducationLevel | null;
  /** Expected monthly wage in fen; null = not stated. */
  expectedWageFen: number | null;
  /** 12-digit village code of the seeker's home; null = not known. */
  homeVillageCode: string | null;
  /** Longest acceptable commute; null = the index default (`MatchingConfig.defaultMaxCommuteKm`). */
  maxCommuteKm: number | null;
  /** Acceptable hours; empty = any. */
  hoursWanted: readonly HoursKind[];
  /** 就业援助对象 (persons given priority in public employment services). */
  priority: boolean;
  /** Looking for work now (registered and not employed or suspended). */
  available: boolean;
}

/**
 * Points each part may contribute. The six fit weights are scaled so that together they give 100; `priority` is a
 * boost in points added for 就业援助对象 (score capped at 100).
 */
export interface MatchWeights {
  occupation: number;
  skills: number;
  distance: number;
  wage: number;
  hours: number;
  education: number;
  priority: number;
}

export interface MatchingConfig {
  weights: MatchWeights;
  /** Commute assumed acceptable when a seeker did not state one, km. */
  defaultMaxCommuteKm: number;
}

/** The points each part contributed (sum of the six fits + priority boost = score before the cap). */
export interface MatchParts {
  occupation: number;
  skills: number;
  distance: number;
  wage: number;
  hours: number;
  education: number;
  priority: number;
}

/** One ranked result: a posting for a seeker, or a seeker for a posting. */
export interface MatchResult {
  id: string;
  /** 0..100, one decimal. */
  score: number;
  parts: MatchParts;
  /** Why, in Chinese, one sentence per part: "职业相同（焊工）", "4 项技能中符合 3 项", "通勤约 12 公里（估算）" … */
  reasons: string[];
  /** Estimated commute in km (null when the seeker's home is unknown). */
  distanceKm: number | null;
}

export interface MatchOptions {
  /** `YYYY-MM-DD`: only postings open on this day are ranked. Default: the index's `today()`. */
  asOf?: string;
  /** Results with a lower score are left out. */
  minScore?: number;
  /** Leave these ids out (postings already applied to, candidates already referred). */
  excludeIds?: ReadonlySet<string> | readonly string[];
  /** For postings → candidates: include seekers who are not `available` (default false). */
  includeUnavailable?: boolean;
}

export interface SearchFilters {
  /** Village (12), township (9) or county (6, `410122`) code: the posting's place must lie inside. */
  placeCode?: string;
  /** Occupation code of any level (大类 `6`, 中类 `6-25`, 小类 `6-25-02`, 细类): the posting's 细类 must lie inside. */
  occupationCode?: string;
  hours?: HoursKind;
  /** The posting's upper wage must reach this. */
  wageMinFen?: number;
  /** Default: the index's `today()`. */
  asOf?: string;
}

export interface SearchHit {
  id: string;
  /** Relevance (BM25-like, higher is better; not bounded). */
  score: number;
  /** The query terms found in this posting. */
  matched: string[];
}

export interface IndexStats {
  postings: number;
  openPostings: number;
  seekers: number;
  availableSeekers: number;
  vocabulary: number;
  segmenter: string;
}

export type MatchingErrorCode =
  | 'UNKNOWN_OCCUPATION'
  | 'UNKNOWN_PLACE'
  | 'UNKNOWN_POSTING'
  | 'UNKNOWN_SEEKER'
  | 'INVALID_PROFILE'
  | 'INVALID_QUERY';

/** Thrown for unknown codes and ids in a query, never an empty result. The message is Chinese, for people. */
export class MatchingError extends Error {
  readonly code: MatchingErrorCode;
  /** The offending value (a code or id — never personal data). */
  readonly value: string;
  constructor(code: MatchingErrorCode, message: string, value: string) {
    super(message);
    this.name = 'MatchingError';
    this.code = code;
    this.value = value;
  }
}
