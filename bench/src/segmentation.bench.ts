// `node --import tsx bench/src/segmentation.bench.ts [postings]`: Chinese segmentation for job search, measured —
// Intl.Segmenter (ICU) against jieba (@node-rs/jieba, jieba-rs) on the benchmark's synthetic postings (default 50,000):
// index build time, query time and result quality (precision@10, recall@100, MRR) on realistic queries judged by the
// occupation a relevant posting has. Writes bench/results/segmentation.json. Feeds docs/decisions/0007.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import {
  intlSegmenter,
  MatchingIndex,
  normalizeText,
  type TermMode,
  type WordSegmenter,
} from '@qiaoti/matching';
import { AS_OF, generatePostings, QUERIES } from './matching-data.ts';
import { type Figure, writeResults } from './results.ts';

const count = Number(process.argv[2] ?? 50_000);
const postings = generatePostings(count, new Map());
const occOf = new Map(postings.map((p) => [p.id, p.occupationCode]));
const relevantTotal = QUERIES.map(
  (q) => postings.filter((p) => q.relevant.includes(p.occupationCode)).length,
);

const jieba = Jieba.withDict(dict);
const WORD = /[\p{L}\p{N}]/u;
const jiebaCut = (forSearch: boolean): WordSegmenter => ({
  name: forSearch ? 'jieba cutForSearch' : 'jieba cut',
  cut: (text: string) =>
    (forSearch ? jieba.cutForSearch(normalizeText(text), true) : jieba.cut(normalizeText(text), true)).filter(
      (w) => WORD.test(w),
    ),
});

const variants: Array<{ key: string; segmenter: WordSegmenter; mode: TermMode }> = [
  { key: 'intl_words', segmenter: intlSegmenter(), mode: 'words' },
  { key: 'intl_bigrams', segmenter: intlSegmenter(), mode: 'words+bigrams' },
  { key: 'jieba_words', segmenter: jiebaCut(false), mode: 'words' },
  { key: 'jieba_search', segmenter: jiebaCut(true), mode: 'words' },
  { key: 'jieba_bigrams', segmenter: jiebaCut(false), mode: 'words+bigrams' },
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

const figures: Record<string, Figure> = {};
const rows: string[] = [];
for (const v of variants) {
  const index = new MatchingIndex({ segmenter: v.segmenter, termMode: v.mode, today: () => AS_OF });
  const t0 = performance.now();
  for (const p of postings) index.upsertPosting(p);
  const buildS = (performance.now() - t0) / 1000;
  const times: number[] = [];
  let p10 = 0;
  let recall = 0;
  let mrr = 0;
  for (let rep = 0; rep < 6; rep++) {
    for (const [i, q] of QUERIES.entries()) {
      const t = performance.now();
      const hits = index.searchPostings(q.q, 100);
      const ms = performance.now() - t;
      if (rep === 0) {
        const rel = hits.map((h) => q.relevant.includes(occOf.get(h.id) ?? ''));
        p10 += rel.slice(0, 10).filter(Boolean).length / 10;
        recall += rel.filter(Boolean).length / Math.max(1, Math.min(100, relevantTotal[i] ?? 0));
        const first = rel.indexOf(true);
        mrr += first < 0 ? 0 : 1 / (first + 1);
      } else times.push(ms);
    }
  }
  const n = QUERIES.length;
  const stats = index.stats();
  figures[`${v.key}_build_s`] = { value: buildS, unit: 's' };
  figures[`${v.key}_query_p50_ms`] = { value: pct(times, 50), unit: 'ms' };
  figures[`${v.key}_precision_at_10`] = { value: p10 / n, unit: 'ratio' };
  figures[`${v.key}_recall_at_100`] = { value: recall / n, unit: 'ratio' };
  figures[`${v.key}_mrr`] = { value: mrr / n, unit: 'ratio' };
  rows.push(
    `${v.key.padEnd(14)} build ${buildS.toFixed(2)} s · query p50 ${pct(times, 50).toFixed(3)} ms p99 ${pct(times, 99).toFixed(3)} ms · P@10 ${(p10 / n).toFixed(3)} · R@100 ${(recall / n).toFixed(3)} · MRR ${(mrr / n).toFixed(3)} · vocabulary ${stats.vocabulary}`,
  );
  // Per-query misses, for the decision record.
  const misses = QUERIES.filter((q) => {
    const hits = index.searchPostings(q.q, 10);
    return hits.filter((h) => q.relevant.includes(occOf.get(h.id) ?? '')).length < 5;
  }).map((q) => q.q);
  rows.push(`${''.padEnd(14)} queries with < 5 relevant in top 10: ${misses.join('，') || '—'}`);
  rows.push(
    `${''.padEnd(14)} cuts: ${['电商直播', '叉车司机', '外卖骑手', '焊工 郑州', '美团外卖配送'].map((q) => v.segmenter.cut(q).join('/')).join(' · ')}`,
  );
}
process.stdout.write(`${postings.length} postings, ${QUERIES.length} queries\n${rows.join('\n')}\n`);
writeResults('segmentation', figures);
