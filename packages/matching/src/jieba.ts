/**
 * jieba (jieba-rs through `@node-rs/jieba`, a prebuilt native addon shipped in the npm package — no install
 * script) as a `WordSegmenter`: the default of the matching index (docs/decisions/0007-chinese-segmentation.md).
 * Loaded once per process; when the addon cannot load on a platform, the index falls back to `Intl.Segmenter`.
 */
import { createRequire } from 'node:module';
import { intlSegmenter, normalizeText, type WordSegmenter } from './segment.ts';

interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): { cut(text: string, hmm?: boolean): string[] } };
}
interface JiebaDict {
  dict: Uint8Array;
}

const WORD = /[\p{L}\p{N}]/u;
let cached: WordSegmenter | undefined;

/** jieba with its default dictionary and HMM for unknown words; punctuation and spaces dropped. */
export function jiebaSegmenter(): WordSegmenter {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const { Jieba } = require('@node-rs/jieba') as JiebaModule;
  const { dict } = require('@node-rs/jieba/dict.js') as JiebaDict;
  const jieba = Jieba.withDict(dict);
  cached = {
    name: 'jieba (@node-rs/jieba)',
    cut: (text: string) => jieba.cut(normalizeText(text), true).filter((w) => WORD.test(w)),
  };
  return cached;
}

/** jieba where it loads, else `Intl.Segmenter`. */
export function defaultSegmenter(): WordSegmenter {
  try {
    return jiebaSegmenter();
  } catch {
    return intlSegmenter();
  }
}
