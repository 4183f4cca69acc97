/**
 * The occupation hierarchy as small integers: every 细类 of `@qiaoti/contracts` `occupations` gets an index, with the
 * ids of its 小类, 中类 and 大类, so that relating two occupations costs three integer comparisons.
 */
import { occupationByCode, occupations } from '@qiaoti/contracts/occupations';

/** 4 = same 细类, 3 = same 小类, 2 = same 中类, 1 = same 大类, 0 = unrelated. */
export type OccupationRelation = 0 | 1 | 2 | 3 | 4;

export const fineOccupations = occupations.filter((o) => o.level === '细类');
export const fineCount = fineOccupations.length;
const fineIndexByCode = new Map(fineOccupations.map((o, i) => [o.code, i]));
const nodeIdByCode = new Map(occupations.map((o, i) => [o.code, i]));

/** Per 细类: node ids of its 小类, 中类, 大类 (−1 where missing). */
const small = new Int32Array(fineCount);
const middle = new Int32Array(fineCount);
const major = new Int32Array(fineCount);
for (const [i, o] of fineOccupations.entries()) {
  const s = o.parent ? occupationByCode(o.parent) : undefined;
  const m = s?.parent ? occupationByCode(s.parent) : undefined;
  const g = m?.parent ? occupationByCode(m.parent) : undefined;
  small[i] = s ? (nodeIdByCode.get(s.code) ?? -1) : -1;
  middle[i] = m ? (nodeIdByCode.get(m.code) ?? -1) : -1;
  major[i] = g ? (nodeIdByCode.get(g.code) ?? -1) : -1;
}

/** Index of a 细类 code, or undefined (unknown, or a code of a coarser level). */
export function fineIndex(code: string): number | undefined {
  return fineIndexByCode.get(code);
}

export function fineCode(i: number): string {
  return fineOccupations[i]?.code ?? '';
}

export function fineName(i: number): string {
  return fineOccupations[i]?.name ?? '';
}

export function relation(a: number, b: number): OccupationRelation {
  if (a === b) return 4;
  if (small[a] === small[b] && small[a] !== -1) return 3;
  if (middle[a] === middle[b] && middle[a] !== -1) return 2;
  if (major[a] === major[b] && major[a] !== -1) return 1;
  return 0;
}

/** The name of the group two related 细类 share at `rel` (小类/中类/大类). */
export function sharedGroupName(a: number, rel: OccupationRelation): string {
  const id = rel === 3 ? small[a] : rel === 2 ? middle[a] : rel === 1 ? major[a] : -1;
  return id !== undefined && id >= 0 ? (occupations[id]?.name ?? '') : '';
}

/** 细类 indices lying under an occupation code of any level (itself for a 细类); undefined for an unknown code. */
export function finesUnder(code: string): number[] | undefined {
  const node = nodeIdByCode.get(code);
  if (node === undefined) return undefined;
  const out: number[] = [];
  for (let i = 0; i < fineCount; i++) {
    if (small[i] === node || middle[i] === node || major[i] === node || fineIndexByCode.get(code) === i) {
      out.push(i);
    }
  }
  return out;
}
