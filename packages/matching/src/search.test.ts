import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  intlSegmenter,
  jiebaSegmenter,
  MatchingError,
  MatchingIndex,
  type PostingProfile,
  searchTerms,
} from './index.ts';

const today = () => '2026-11-28';

function posting(id: string, over: Partial<PostingProfile>): PostingProfile {
  return {
    id,
    title: '',
    description: '',
    occupationCode: '6-18-02-04',
    skills: [],
    educationMin: null,
    wageMinFen: 400_000,
    wageMaxFen: 600_000,
    placeCode: '410122001201',
    hours: 'full_time',
    openFrom: '2026-11-01',
    closingDate: null,
    employerId: 'e-1',
    ...over,
  };
}

function market(): MatchingIndex {
  const index = new MatchingIndex({ today });
  index.upsertPosting(
    posting('weld-zz', {
      title: '电焊工（郑州航空港区）',
      description: '郑州航空港区钢结构厂招聘焊工，会气体保护焊，包吃住。',
      placeCode: null,
    }),
  );
  index.upsertPosting(
    posting('weld-county', {
      title: '招聘焊工',
      description: '中牟县汽车零部件厂招聘焊工3名，月休四天。',
      placeCode: '410122102',
      openFrom: '2026-11-20',
    }),
  );
  index.upsertPosting(
    posting('live', {
      title: '直播带货主播',
      description: '电商直播，销售中牟大蒜、草莓，会短视频剪辑优先。',
      occupationCode: '4-01-06-02',
      skills: ['直播带货', '短视频策划'],
      hours: 'flexible',
    }),
  );
  index.upsertPosting(
    posting('shop', {
      title: '电商运营',
      description: '网店运营，商品上架，客户服务。',
      occupationCode: '4-01-06-01',
      wageMaxFen: 450_000,
    }),
  );
  index.upsertPosting(
    posting('forklift', {
      title: '急招叉车司机5名',
      description: '物流园仓库叉车作业，持叉车证。',
      occupationCode: '6-30-05-01',
      hours: 'shift',
    }),
  );
  index.upsertPosting(
    posting('truck', {
      title: '货车司机',
      description: '县内配送，C1 驾驶证即可。',
      occupationCode: '4-02-02-02',
    }),
  );
  index.upsertPosting(
    posting('cashier', {
      title: '超市收银员',
      description: '大型超市收银，熟悉收银系统。',
      occupationCode: '4-01-02-04',
      hours: 'part_time',
      closingDate: '2026-11-30',
    }),
  );
  index.upsertPosting(posting('closed', { title: '焊工', description: '已招满', closingDate: '2026-11-01' }));
  return index;
}

describe('search: Chinese segmentation of typical queries', () => {
  const seg = intlSegmenter();
  it('keeps words and adds bigrams where a segmenter fell back to single characters', () => {
    assert.deepEqual(searchTerms(seg, '焊工 郑州'), ['焊工', '郑州']);
    const live = searchTerms(seg, '电商直播');
    assert.ok(live.includes('电商'), live.join('/'));
    assert.ok(live.includes('直播'), live.join('/'));
    const forklift = searchTerms(seg, '叉车司机');
    assert.ok(forklift.includes('叉车') && forklift.includes('司机'), forklift.join('/'));
    assert.deepEqual(searchTerms(seg, 'ＣＮＣ操作工，Java'), searchTerms(seg, 'cnc操作工,java'));
    assert.deepEqual(searchTerms(seg, '  ，。 '), []);
  });
});

describe('search: jieba, the default segmenter', () => {
  it('cuts typical job queries into whole words', () => {
    const jieba = jiebaSegmenter();
    assert.deepEqual(jieba.cut('焊工 郑州'), ['焊工', '郑州']);
    assert.deepEqual(jieba.cut('电商直播'), ['电商', '直播']);
    assert.deepEqual(jieba.cut('叉车司机'), ['叉车', '司机']);
    assert.deepEqual(jieba.cut('外卖骑手！'), ['外卖', '骑手']);
    // A word jieba does not know falls apart into characters; the bigrams put it back together.
    assert.deepEqual(jieba.cut('月嫂'), ['月', '嫂']);
    assert.ok(searchTerms(jieba, '月嫂').includes('月嫂'));
    assert.match(new MatchingIndex().stats().segmenter, /^jieba/);
  });

  it('with bigrams, a part of a word jieba keeps whole still matches', () => {
    const terms = searchTerms(jiebaSegmenter(), '招聘装修工');
    assert.ok(terms.includes('装修工') && terms.includes('装修'), terms.join('/'));
  });
});

describe('search: keyword search over postings', () => {
  const index = market();
  const ids = (q: string, filters = {}) => index.searchPostings(q, 10, filters).map((h) => h.id);

  it('"焊工 郑州" ranks the welding job in Zhengzhou first, then other welding jobs; closed ones never', () => {
    const hits = index.searchPostings('焊工 郑州', 10);
    assert.deepEqual(
      hits.map((h) => h.id),
      ['weld-zz', 'weld-county'],
    );
    assert.deepEqual(hits[0]?.matched, ['焊工', '郑州']);
    assert.deepEqual(hits[1]?.matched, ['焊工']);
  });

  it('"电商直播" finds the live-streaming post first, then the e-commerce one', () => {
    const r = ids('电商直播');
    assert.equal(r[0], 'live');
    assert.ok(r.includes('shop'));
    assert.ok(!r.includes('forklift'));
  });

  it('"叉车司机" finds the forklift job first, other drivers after', () => {
    assert.deepEqual(ids('叉车司机'), ['forklift', 'truck']);
  });

  it('finds postings by occupation name and township name', () => {
    assert.equal(ids('互联网营销师')[0], 'live');
    assert.deepEqual(ids('官渡镇'), ['weld-county']);
  });

  it('applies filters: place, occupation group, hours, wage, day', () => {
    assert.deepEqual(ids('焊工', { placeCode: '410122' }), ['weld-county']);
    assert.deepEqual(ids('焊工', { placeCode: '410122102' }), ['weld-county']);
    assert.deepEqual(ids('电商', { occupationCode: '4-01-06' }).sort(), ['live', 'shop']);
    assert.deepEqual(ids('电商', { wageMinFen: 500_000 }), ['live']);
    assert.deepEqual(ids('司机', { hours: 'shift' }), ['forklift']);
    assert.deepEqual(ids('收银', { asOf: '2026-12-01' }), []);
  });

  it('an empty query lists open postings by the filters, newest first', () => {
    assert.deepEqual(ids('', { occupationCode: '6-18' }), ['weld-county', 'weld-zz']);
    assert.equal(ids('').length, 7);
  });

  it('unknown filter codes and over-long queries are errors', () => {
    assert.throws(
      () => ids('焊工', { occupationCode: '7-01' }),
      (e) => e instanceof MatchingError && e.code === 'UNKNOWN_OCCUPATION',
    );
    assert.throws(
      () => ids('焊工', { placeCode: '410100' }),
      (e) => e instanceof MatchingError && e.code === 'UNKNOWN_PLACE',
    );
    assert.throws(
      () => ids('焊'.repeat(201)),
      (e) => e instanceof MatchingError && e.code === 'INVALID_QUERY',
    );
  });

  it('forgets removed postings', () => {
    const local = market();
    local.removePosting('weld-zz');
    assert.deepEqual(
      local.searchPostings('焊工 郑州', 10).map((h) => h.id),
      ['weld-county'],
    );
    assert.equal(local.searchPostings('航空港', 10).length, 0);
  });
});
