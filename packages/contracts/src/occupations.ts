/**
 * Occupation codes of 《中华人民共和国职业分类大典（2022年版）》, the curated and sourced subset the county uses
 * (copied from shared/data/occupations-2022.json; each row names its source). Postings and seekers may only use
 * codes in this list; matching relates occupations through the hierarchy 大类 → 中类 → 小类 → 细类.
 */
import data from './data/occupations-2022.json' with { type: 'json' };

export type OccupationLevel = '大类' | '中类' | '小类' | '细类';

export interface Occupation {
  code: string;
  name: string;
  level: OccupationLevel;
  parent: string | null;
  sectors: readonly string[];
  /** Descriptive skills (ours, not the classification's). */
  skills: readonly string[];
}

export const occupationEdition = data.edition;

export const occupations: readonly Occupation[] = data.rows.map((r) => ({
  code: r.code,
  name: r.name,
  level: r.level as OccupationLevel,
  parent: r.parent,
  sectors: 'sectors' in r && Array.isArray(r.sectors) ? r.sectors : [],
  skills: 'skills' in r && Array.isArray(r.skills) ? r.skills : [],
}));

const byCode = new Map(occupations.map((o) => [o.code, o]));

/** The occupation (any level) with this code, or undefined when the code is not in the list. */
export function occupationByCode(code: string): Occupation | undefined {
  return byCode.get(code);
}

/** A 细类 code ('D-DD-DD-DD') in the list: what postings and seekers carry. */
export function isOccupationCode(code: string): boolean {
  return byCode.get(code)?.level === '细类';
}

/** The codes from the occupation up to its 大类, nearest first (including the code itself). */
export function occupationAncestry(code: string): string[] {
  const out: string[] = [];
  for (let o = byCode.get(code); o; o = o.parent ? byCode.get(o.parent) : undefined) out.push(o.code);
  return out;
}
