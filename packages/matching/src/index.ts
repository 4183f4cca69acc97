/**
 * `@qiaoti/matching`: the explained, two-sided matching index of job seekers and postings, and keyword search over
 * postings with Chinese segmentation. Pure TypeScript, no database: the server feeds it and keeps it current.
 */
export {
  COUNTY_CODE,
  commuteKm,
  OUTSIDE_COUNTY_KM,
  resolvePlace,
  SAME_TOWNSHIP_KM,
  SAME_VILLAGE_KM,
  townships,
} from './geo.ts';
export { defaultSegmenter, jiebaSegmenter } from './jieba.ts';
export { MatchingIndex, type MatchingIndexOptions } from './matching-index.ts';
export { defaultConfig, defaultWeights, EDUCATION_RANK, OCCUPATION_FIT } from './scoring.ts';
export { intlSegmenter, normalizeText, searchTerms, type TermMode, type WordSegmenter } from './segment.ts';
export * from './types.ts';
