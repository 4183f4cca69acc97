/**
 * The synthetic labour market of the matching benchmark, deterministic from its seed: job seekers drawn from the
 * synthetic county's persons (their village, education, occupation and income), and open postings by the county's
 * synthetic employers, with Chinese titles and descriptions written the way local postings are (common job names
 * such as 叉车司机, 外卖骑手, 月嫂 beside the classification's names, the county's garlic, strawberries and car plants).
 */
import { occupationAncestry, occupations } from '@qiaoti/contracts';
import type { EducationLevel } from '@qiaoti/contracts/registry';
import { createRng, generateCounty, generateEmployers, type Rng } from '@qiaoti/db/generator/index';
import { occupationFor } from '@qiaoti/db/generator/occupations';
import { villages } from '@qiaoti/db/generator/villages';
import type { HoursKind, PostingProfile, SeekerProfile } from '@qiaoti/matching';

export const AS_OF = '2026-11-28';

const fine = occupations.filter((o) => o.level === '细类');
const nameOf = new Map(fine.map((o) => [o.code, o.name]));

/** Everyday job names per 细类 (what employers write and people type). */
export const ALIASES: Readonly<Record<string, readonly string[]>> = {
  '6-30-05-01': ['叉车司机', '叉车工', '吊车司机'],
  '4-02-02-02': ['货车司机', '大车司机', '物流司机'],
  '4-01-06-02': ['直播带货主播', '电商主播', '直播运营'],
  '4-01-06-01': ['电商运营', '网店客服', '电商美工'],
  '4-10-08-01': ['外卖骑手', '美团骑手', '配送骑手'],
  '4-03-02-01': ['厨师', '炒锅师傅', '后厨厨师'],
  '4-03-02-02': ['面点师', '面食师傅'],
  '4-10-01-06': ['保姆', '月嫂', '育儿嫂'],
  '4-10-01-05': ['护工', '养老院护理员'],
  '4-14-01-02': ['医院护工', '陪护'],
  '4-09-08-01': ['保洁', '清洁工'],
  '4-07-05-01': ['保安', '门卫'],
  '4-02-05-01': ['搬运工', '装卸工'],
  '4-02-07-08': ['快递小哥', '快递派送员'],
  '6-18-02-04': ['电焊工', '氩弧焊工', '二保焊工'],
  '5-01-02-01': ['大蒜种植', '蔬菜种植工'],
  '5-01-02-02': ['草莓种植', '大棚种植工'],
  '5-05-05-01': ['农机手', '收割机司机', '拖拉机手'],
  '6-29-04-01': ['装修工', '油漆工', '瓷砖工'],
  '6-29-01-01': ['瓦工', '泥瓦工'],
  '6-22-02-01': ['汽车装配工', '总装工人'],
  '4-01-02-04': ['超市收银', '收银'],
  '4-01-02-03': ['导购', '店员'],
  '6-31-01-03': ['电工', '维修电工', '持证电工'],
  '4-02-06-01': ['仓库管理员', '库管'],
  '6-18-01-07': ['数控车床操作工', 'CNC操作工'],
  '2-08-03-00': ['幼儿园老师'],
  '4-04-05-03': ['客服专员', '电话客服'],
  '4-04-05-01': ['程序员', 'Java开发'],
  '4-04-05-05': ['数据标注员'],
  '4-13-01-05': ['短视频运营', '新媒体运营'],
  '5-01-02-03': ['香菇种植', '食用菌种植'],
  '6-24-04-00': ['电池生产工', '锂电池操作工'],
  '6-24-02-04': ['光伏组件操作工'],
};

const BENEFITS = [
  '五险一金',
  '包吃住',
  '月休四天',
  '节日福利',
  '按时发放工资',
  '提供工作餐',
  '有宿舍',
  '年底奖金',
];
const OUTSIDE_PLACES = ['郑州航空港区', '郑州市郑东新区', '郑州经开区', '开封市'];
const GENERIC_SKILLS = ['吃苦耐劳', '驾驶证C1', '会用智能手机', '普通话流利', '团队协作'];

function skillsOf(code: string): readonly string[] {
  for (const c of occupationAncestry(code)) {
    const o = occupations.find((x) => x.code === c);
    if (o && o.skills.length > 0) return o.skills;
  }
  return [];
}
const skillCache = new Map(fine.map((o) => [o.code, skillsOf(o.code)]));

function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0] as T);
  return out;
}

function ageOn(birthDate: string): number {
  return 2026 - Number(birthDate.slice(0, 4));
}

const HOURS_WANTED: readonly (readonly HoursKind[])[] = [
  ['full_time'],
  ['full_time'],
  ['full_time'],
  ['full_time', 'shift'],
  [],
  ['part_time', 'flexible'],
  ['flexible'],
];
const COMMUTE: readonly (number | null)[] = [5, 10, 15, 20, 20, 30, 50, null];

/**
 * Seekers from `persons` synthetic persons: working-age people, all the unemployed and shares of the others, cut at
 * `count`. Also returns the occupation frequencies among seekers (postings follow the same demand).
 */
export function generateSeekers(
  persons: number,
  count: number,
): { seekers: SeekerProfile[]; personsSeen: number; occupationWeights: Map<string, number> } {
  const rng = createRng('matching-bench-seekers');
  const share: Record<string, number> = {
    unemployed: 1,
    flexible: 0.85,
    migrant_worker: 0.7,
    farming: 0.62,
    employed: 0.55,
    self_employed: 0.3,
  };
  const seekers: SeekerProfile[] = [];
  const weights = new Map<string, number>();
  let seen = 0;
  for (const h of generateCounty({ seed: 'matching-bench', persons })) {
    for (const p of h.members) {
      seen++;
      if (seekers.length >= count) continue;
      const age = ageOn(p.birthDate);
      const status = p.employmentStatus;
      if (age < 16 || age > 62 || !status || !rng.chance(share[status] ?? 0)) continue;
      const main = p.occupationCode ?? occupationFor('employed', p.education, rng.next(), rng.next());
      const codes = main ? [main] : [];
      if (main && rng.chance(0.35)) {
        const extra = rng.pick(fine).code;
        if (extra !== main) codes.push(extra);
      }
      const skills = main ? sample(rng, skillCache.get(main) ?? [], rng.range(1, 4)) : [];
      if (rng.chance(0.3)) skills.push(rng.pick(GENERIC_SKILLS));
      for (const c of codes) weights.set(c, (weights.get(c) ?? 0) + 1);
      const income = p.monthlyIncomeFen;
      seekers.push({
        id: `s${p.index}`,
        occupationCodes: codes,
        skills,
        education: p.education,
        expectedWageFen: rng.chance(0.1)
          ? null
          : Math.round(
              (income && income > 150_000 ? income * (1 + rng.next() * 0.2) : rng.range(2500, 7000) * 100) /
                10_000,
            ) * 10_000,
        homeVillageCode: p.residenceVillageCode,
        maxCommuteKm: rng.pick(COMMUTE),
        hoursWanted: rng.pick(HOURS_WANTED),
        priority: status === 'unemployed' ? rng.chance(0.35) : rng.chance(0.04),
        available: rng.chance(0.92),
      });
    }
  }
  return { seekers, personsSeen: seen, occupationWeights: weights };
}

const WAGE_BY_MAJOR: Record<string, [number, number]> = {
  '1': [8000, 15000],
  '2': [6000, 14000],
  '3': [3500, 6000],
  '4': [3000, 7000],
  '5': [2800, 5500],
  '6': [4000, 8500],
};
const EDU_MIN: readonly (EducationLevel | null)[] = [
  null,
  null,
  'junior_secondary',
  'junior_secondary',
  'senior_secondary',
];
const EDU_MIN_PRO: readonly (EducationLevel | null)[] = ['junior_college', 'bachelor', 'bachelor'];
const HOURS: readonly HoursKind[] = [
  'full_time',
  'full_time',
  'full_time',
  'full_time',
  'shift',
  'part_time',
  'flexible',
];

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `count` postings open on AS_OF, occupations weighted by seeker demand plus a uniform share. */
export function generatePostings(
  count: number,
  occupationWeights: ReadonlyMap<string, number>,
): PostingProfile[] {
  const rng = createRng('matching-bench-postings');
  const employers = generateEmployers({ seed: 'matching-bench', persons: 1_000_000 });
  const codes = fine.map((o) => o.code);
  const total = [...occupationWeights.values()].reduce((a, b) => a + b, 0) || 1;
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of codes) {
    acc += 0.7 * ((occupationWeights.get(c) ?? 0) / total) + 0.3 / codes.length;
    cumulative.push(acc);
  }
  const drawCode = () => {
    const u = rng.next() * acc;
    const i = cumulative.findIndex((x) => x > u);
    return codes[i < 0 ? codes.length - 1 : i] ?? '6-18-02-04';
  };
  const villagesByTownship = new Map<string, string[]>();
  for (const v of villages) {
    const list = villagesByTownship.get(v.townshipCode) ?? [];
    list.push(v.code);
    villagesByTownship.set(v.townshipCode, list);
  }
  const townshipName = new Map(villages.map((v) => [v.townshipCode, v.townshipName]));
  const out: PostingProfile[] = [];
  for (let i = 0; i < count; i++) {
    const code = drawCode();
    const name = nameOf.get(code) ?? '';
    const aliases = ALIASES[code] ?? [];
    const employer = rng.pick(employers);
    const u = rng.next();
    const placeCode =
      u < 0.1
        ? null
        : u < 0.4
          ? employer.placeCode
          : rng.pick(villagesByTownship.get(employer.placeCode) ?? [employer.placeCode]);
    const where =
      placeCode === null ? rng.pick(OUTSIDE_PLACES) : `中牟县${townshipName.get(employer.placeCode) ?? ''}`;
    const jobName = aliases.length > 0 && rng.chance(0.7) ? rng.pick(aliases) : name;
    const t = rng.int(4);
    const title =
      t === 0
        ? `招聘${jobName}`
        : t === 1
          ? `${jobName}（${where}）`
          : t === 2
            ? `急招${jobName}${rng.range(2, 20)}名`
            : jobName;
    const skills = sample(rng, skillCache.get(code) ?? [], rng.range(0, 4));
    const major = code.slice(0, 1);
    const [lo, hi] = WAGE_BY_MAJOR[major] ?? [3000, 7000];
    const wageMin = rng.range(lo, hi) * 100;
    const wageMax = wageMin + rng.range(0, 30) * 10_000;
    const educationMin = major === '2' || major === '1' ? rng.pick(EDU_MIN_PRO) : rng.pick(EDU_MIN);
    const perks = sample(rng, BENEFITS, rng.range(1, 3)).join('，');
    const alias = aliases.length > 0 ? `，${rng.pick(aliases)}` : '';
    const description =
      `${employer.name}招聘${name}${alias}。工作地点：${where}。` +
      (skills.length > 0 ? `要求：会${skills.join('、')}。` : '要求：身体健康，能吃苦。') +
      `待遇：月薪${wageMin / 100}-${wageMax / 100}元，${perks}。`;
    const openFrom = addDays(AS_OF, -rng.range(0, 80));
    out.push({
      id: `p${String(i).padStart(6, '0')}`,
      title,
      description,
      occupationCode: code,
      skills,
      educationMin,
      wageMinFen: wageMin,
      wageMaxFen: wageMax,
      placeCode,
      hours: rng.pick(HOURS),
      openFrom,
      closingDate: rng.chance(0.3) ? null : addDays(AS_OF, rng.range(0, 90)),
      employerId: `e${employer.index}`,
    });
  }
  return out;
}

/** Keyword queries with the 细类 a relevant posting has (for judging result quality). */
export const QUERIES: ReadonlyArray<{ q: string; relevant: readonly string[] }> = [
  { q: '焊工 郑州', relevant: ['6-18-02-04'] },
  { q: '电商直播', relevant: ['4-01-06-02', '4-01-06-01'] },
  { q: '叉车司机', relevant: ['6-30-05-01'] },
  { q: '货车司机', relevant: ['4-02-02-02'] },
  { q: '外卖骑手', relevant: ['4-10-08-01'] },
  { q: '厨师', relevant: ['4-03-02-01'] },
  { q: '月嫂', relevant: ['4-10-01-06'] },
  { q: '保安', relevant: ['4-07-05-01'] },
  { q: '护工', relevant: ['4-10-01-05', '4-14-01-02'] },
  { q: '养老护理', relevant: ['4-10-01-05'] },
  { q: '电工', relevant: ['6-31-01-03'] },
  { q: '汽车装配', relevant: ['6-22-02-01'] },
  { q: '大蒜种植', relevant: ['5-01-02-01'] },
  { q: '草莓', relevant: ['5-01-02-02'] },
  { q: '收银员', relevant: ['4-01-02-04'] },
  { q: '仓库管理', relevant: ['4-02-06-01'] },
  { q: '快递员', relevant: ['4-02-07-08'] },
  { q: '保洁', relevant: ['4-09-08-01'] },
  { q: '装修', relevant: ['6-29-04-01'] },
  { q: '数控车床', relevant: ['6-18-01-07'] },
  { q: '幼儿园老师', relevant: ['2-08-03-00'] },
  { q: '光伏', relevant: ['6-24-02-04', '6-28-01-10'] },
  { q: '司机', relevant: ['4-02-02-02', '6-30-05-01', '5-05-05-01', '6-30-05-05'] },
  { q: '客服', relevant: ['4-04-05-03', '4-07-02-03', '4-01-06-01'] },
  { q: '程序员', relevant: ['4-04-05-01'] },
  { q: '民宿管家', relevant: ['4-14-06-02'] },
  { q: '导游', relevant: ['4-07-04-01'] },
  { q: '餐厅服务员', relevant: ['4-03-02-05'] },
  { q: '面点师', relevant: ['4-03-02-02'] },
  { q: '钢筋工', relevant: ['6-29-01-04'] },
  { q: '瓦工', relevant: ['6-29-01-01'] },
  { q: '搬运工', relevant: ['4-02-05-01'] },
  { q: '美团外卖配送', relevant: ['4-10-08-01'] },
  { q: '保洁 兼职', relevant: ['4-09-08-01'] },
  { q: '短视频运营', relevant: ['4-13-01-05'] },
  { q: '数据标注', relevant: ['4-04-05-05'] },
  { q: '网约配送员', relevant: ['4-10-08-01'] },
  { q: '农机手', relevant: ['5-05-05-01'] },
  { q: '食用菌', relevant: ['5-01-02-03'] },
  { q: '锂电池', relevant: ['6-24-04-00'] },
  // Colloquial: the words people type are not the posting's words.
  { q: '送外卖', relevant: ['4-10-08-01'] },
  { q: '开叉车', relevant: ['6-30-05-01'] },
  { q: '开货车', relevant: ['4-02-02-02'] },
  { q: '直播卖货', relevant: ['4-01-06-02'] },
  { q: '电焊', relevant: ['6-18-02-04'] },
  { q: '带孩子 保姆', relevant: ['4-10-01-06'] },
  { q: '大棚', relevant: ['5-01-02-02'] },
  { q: '装卸', relevant: ['4-02-05-01'] },
  { q: '库管', relevant: ['4-02-06-01'] },
  { q: '骑手', relevant: ['4-10-08-01'] },
  { q: '数控', relevant: ['6-18-01-07'] },
  { q: '电商', relevant: ['4-01-06-01', '4-01-06-02'] },
  { q: '护理', relevant: ['4-10-01-05', '4-14-01-02'] },
  { q: '快递', relevant: ['4-02-07-08', '4-02-07-09', '4-02-07-11'] },
];
