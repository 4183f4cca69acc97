/**
 * Chinese word segmentation for keyword search. The index takes any `WordSegmenter`: jieba by default (`jieba.ts`),
 * the platform's `Intl.Segmenter` (ICU's dictionary-based word breaker) as the fallback — see
 * docs/decisions/0007-chinese-segmentation.md for the measurements that chose jieba.
 */

export interface WordSegmenter {
  readonly name: string;
  /** The words of `text` (no punctuation or spaces), in order; repeated words repeat. */
  cut(text: string): string[];
}

/** NFKC (full-width → half-width), lower case: the same text in the index and in queries. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** `Intl.Segmenter` with `granularity: 'word'`, keeping word-like segments. */
export function intlSegmenter(locale = 'zh-CN'): WordSegmenter {
  const seg = new Intl.Segmenter(locale, { granularity: 'word' });
  return {
    name: `Intl.Segmenter(${locale})`,
    cut(text: string): string[] {
      const out: string[] = [];
      for (const s of seg.segment(normalizeText(text))) {
        if (s.isWordLike) out.push(s.segment);
      }
      return out;
    },
  };
}

const CJK = /^[\u3400-\u9fff\uf900-\ufaff]+$/;

/** How texts become search terms: the segmenter's words only, or words plus Chinese character bigrams. */
export type TermMode = 'words' | 'words+bigrams';

/**
 * Search terms of a text: the segmenter's words and, in 'words+bigrams' mode, character bigrams inside a Chinese word
 * of three or more characters and across a run of single Chinese characters (where a segmenter fell back to single
 * characters for a word it does not know: 电/商 → 电商, 外/卖/骑/手 → 外卖, 卖骑, 骑手). So "电商" finds "电商直播员",
 * and "叉车司机" finds "叉车" and "司机" however a sentence around it was cut.
 */
export function searchTerms(
  segmenter: WordSegmenter,
  text: string,
  mode: TermMode = 'words+bigrams',
): string[] {
  const words = segmenter.cut(text);
  if (mode === 'words') return words;
  const out: string[] = [];
  let run = '';
  const flush = () => {
    for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
    run = '';
  };
  for (const w of words) {
    out.push(w);
    const cjk = CJK.test(w);
    if (cjk && w.length === 1) {
      run += w;
      continue;
    }
    flush();
    if (cjk && w.length >= 3) {
      for (let i = 0; i + 2 <= w.length; i++) out.push(w.slice(i, i + 2));
    }
  }
  flush();
  return out;
}
