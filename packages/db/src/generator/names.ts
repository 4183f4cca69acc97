import { type Rng, WeightedTable } from './prng.ts';

/**
 * Chinese names for synthetic persons. Surname weights follow the national frequency order (公安部 2020 ranking)
 * leaning towards Henan, where 王、李、张、刘 lead; given names are drawn from character pools that changed with the
 * times (建国、秀英 for the 1950s, 伟、丽 for the 1980s, 浩宇、梓涵 for the 2010s).
 */
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 8.6],
  ['李', 8.1],
  ['张', 8.0],
  ['刘', 6.2],
  ['陈', 3.2],
  ['杨', 3.3],
  ['赵', 2.6],
  ['黄', 1.5],
  ['周', 1.6],
  ['吴', 1.3],
  ['徐', 1.4],
  ['孙', 2.0],
  ['马', 2.1],
  ['朱', 1.4],
  ['胡', 1.3],
  ['郭', 2.2],
  ['何', 0.8],
  ['高', 1.7],
  ['林', 0.5],
  ['罗', 0.7],
  ['郑', 1.0],
  ['梁', 1.0],
  ['谢', 0.7],
  ['宋', 1.5],
  ['唐', 0.6],
  ['许', 1.0],
  ['韩', 1.1],
  ['冯', 1.0],
  ['邓', 0.5],
  ['曹', 0.9],
  ['彭', 0.5],
  ['曾', 0.3],
  ['肖', 0.6],
  ['田', 0.9],
  ['董', 0.9],
  ['袁', 0.6],
  ['潘', 0.4],
  ['于', 0.7],
  ['蒋', 0.4],
  ['蔡', 0.5],
  ['余', 0.4],
  ['杜', 0.8],
  ['叶', 0.4],
  ['程', 0.8],
  ['苏', 0.7],
  ['魏', 0.9],
  ['吕', 0.8],
  ['丁', 0.6],
  ['任', 0.7],
  ['沈', 0.4],
  ['姚', 0.6],
  ['卢', 0.5],
  ['姜', 0.5],
  ['崔', 0.7],
  ['钟', 0.2],
  ['谭', 0.2],
  ['陆', 0.3],
  ['汪', 0.2],
  ['范', 0.6],
  ['金', 0.3],
  ['石', 0.5],
  ['廖', 0.2],
  ['贾', 0.8],
  ['夏', 0.4],
  ['韦', 0.1],
  ['付', 0.6],
  ['方', 0.3],
  ['白', 0.6],
  ['邹', 0.2],
  ['孟', 0.7],
  ['熊', 0.2],
  ['秦', 0.5],
  ['邱', 0.2],
  ['江', 0.2],
  ['尹', 0.3],
  ['薛', 0.4],
  ['闫', 0.6],
  ['段', 0.4],
  ['雷', 0.3],
  ['侯', 0.6],
  ['龙', 0.1],
  ['史', 0.5],
  ['陶', 0.2],
  ['黎', 0.1],
  ['贺', 0.3],
  ['顾', 0.1],
  ['毛', 0.4],
  ['郝', 0.5],
  ['龚', 0.1],
  ['邵', 0.3],
  ['万', 0.3],
  ['钱', 0.2],
  ['严', 0.2],
  ['武', 0.6],
  ['戴', 0.2],
  ['莫', 0.1],
  ['孔', 0.3],
  ['常', 0.5],
  ['牛', 0.6],
  ['申', 0.3],
  ['岳', 0.3],
  ['耿', 0.3],
  ['樊', 0.3],
  ['楚', 0.1],
];

type Era = 0 | 1 | 2 | 3;

// Given names: [era][sex] → whole two-character names and single characters to combine.
const GIVEN: Record<'M' | 'F', readonly string[][]> = {
  M: [
    '建国 建华 国庆 国强 振华 保国 德胜 文明 树林 长海 新民 学文 玉成 金生 永福 志刚 春生 满仓 富贵 海军 卫东 红旗 爱国 保安'.split(
      ' ',
    ),
    '建军 建伟 国伟 志强 海涛 永强 卫国 建平 红军 晓东 文军 新华 庆丰 立新 振兴 小军 俊峰 海龙 东升 向阳 伟 强 军 刚 勇 平 斌 辉'.split(
      ' ',
    ),
    '伟 磊 涛 鹏 超 杰 浩 亮 明 飞 帅 阳 健 鑫 凯 博 帆 旭 俊杰 志伟 晓龙 海洋 文博 明辉 晨阳 亚飞 振宇 家乐 一鸣 浩然'.split(
      ' ',
    ),
    '浩宇 子轩 宇轩 梓豪 俊熙 一诺 浩然 子墨 睿 宸 奕辰 铭泽 沐阳 嘉懿 博文 锦程 皓轩 子骞 明哲 天佑 昊天 景行 思远 承泽'.split(
      ' ',
    ),
  ],
  F: [
    '秀英 桂英 秀兰 玉兰 桂兰 凤英 玉梅 秀珍 淑珍 桂芝 玉珍 凤兰 秀云 桂荣 春梅 翠兰 素芳 爱华 金花 银花 美英 淑英 红英 玉芬'.split(
      ' ',
    ),
    '丽 红 霞 燕 芳 敏 艳 萍 娟 梅 玲 华 静 丽娟 红霞 海燕 晓燕 春燕 俊霞 爱玲 玉霞 丽华 小红 彩霞 晓丽 艳红 素梅 秋菊'.split(
      ' ',
    ),
    '静 丹 婷 雪 倩 璐 佳 琳 洁 颖 欢 蕾 慧 晶 晓静 佳佳 梦瑶 雅婷 文静 亚楠 晓雪 思雨 梦洁 一帆 欣怡 佳琪 雨欣 若男'.split(
      ' ',
    ),
    '梓涵 一诺 欣怡 若汐 子涵 雨桐 可馨 诗涵 语桐 梓萱 依诺 思彤 芷若 沐晴 安然 语嫣 书瑶 婉清 悦然 紫萱 亦菲 心怡 佳怡 清欢'.split(
      ' ',
    ),
  ],
};

const SINGLE_CHAR_PAIRING: Record<'M' | 'F', string> = {
  M: '建国伟志明海文俊振兴华强军东永庆德福春晓宇浩泽博',
  F: '丽秀玉红桂春晓雪佳梦雨欣思静婷芳美慧晶琳',
};

const surnames = WeightedTable.of(SURNAMES);

function eraOf(birthYear: number): Era {
  if (birthYear < 1960) return 0;
  if (birthYear < 1980) return 1;
  if (birthYear < 2000) return 2;
  return 3;
}

export function drawSurname(rng: Rng): string {
  return surnames.draw(rng);
}

export function drawGivenName(rng: Rng, sex: 'M' | 'F', birthYear: number): string {
  const pool = GIVEN[sex][eraOf(birthYear)] ?? [];
  const first = rng.pick(pool);
  // A single-character pick sometimes gets a second character, so names do not repeat too much.
  if (first.length === 1 && rng.chance(0.45)) {
    const chars = SINGLE_CHAR_PAIRING[sex];
    const ch = chars[rng.int(chars.length)] ?? '';
    return ch === first ? first : rng.chance(0.5) ? first + ch : ch + first;
  }
  return first;
}
