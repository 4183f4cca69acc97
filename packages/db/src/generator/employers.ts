import type { GeneratedEmployer, GenerateOptions } from './model.ts';
import { employerSectors } from './occupations.ts';
import { createRng } from './prng.ts';
import { syntheticUscc, type UsccKind } from './synthetic-ids.ts';
import { villageByCode, villages } from './villages.ts';

/**
 * Employers of the synthetic county: companies (and 农民专业合作社 for farming sectors) registered in 中牟县, each
 * in one of the sectors the occupations map to, with a checksum-valid, recognisably synthetic 统一社会信用代码.
 * About one employer per 250 persons (at least one per sector); deterministic from the seed.
 */

const TRADE_CHARS = '宏达鑫源恒盛华泰中原金牟兴隆丰瑞博远通顺康利嘉成新创佳和祥富润德信安永锦腾豫昌';

const SUFFIX: Record<string, readonly [string, UsccKind]> = {
  制造业: ['机械制造有限公司', 'company'],
  智能网联汽车: ['汽车零部件有限公司', 'company'],
  软件信息技术: ['信息技术有限公司', 'company'],
  物流: ['物流有限公司', 'company'],
  新能源: ['新能源科技有限公司', 'company'],
  建筑: ['建筑工程有限公司', 'company'],
  生物医药: ['生物医药有限公司', 'company'],
  水产养殖: ['水产养殖专业合作社', 'cooperative'],
  医疗卫生: ['医疗服务有限公司', 'company'],
  公共服务: ['物业服务有限公司', 'company'],
  教育: ['教育咨询有限公司', 'company'],
  零售: ['商贸有限公司', 'company'],
  电子商务: ['电子商务有限公司', 'company'],
  乡村旅游: ['文化旅游有限公司', 'company'],
  餐饮: ['餐饮管理有限公司', 'company'],
  公益性岗位: ['环境卫生服务有限公司', 'company'],
  花卉园艺: ['花卉种植专业合作社', 'cooperative'],
  家政服务: ['家政服务有限公司', 'company'],
  现代农业: ['种植专业合作社', 'cooperative'],
};

export function employerCount(persons: number): number {
  return Math.min(99_999, Math.max(employerSectors.length, Math.round(persons / 250)));
}

export function generateEmployers(options: GenerateOptions): GeneratedEmployer[] {
  const rng = createRng(`${options.seed}/employers`);
  const block = options.idBlock ?? 0;
  const places = options.villageCodes
    ? options.villageCodes.map((c) => villageByCode.get(c)).filter((v) => v !== undefined)
    : villages;
  const count = employerCount(options.persons);
  const names = new Set<string>();
  const out: GeneratedEmployer[] = [];
  for (let i = 0; i < count; i++) {
    const sector =
      employerSectors[i < employerSectors.length ? i : rng.int(employerSectors.length)] ?? '零售';
    const [suffix, kind] = SUFFIX[sector] ?? ['有限公司', 'company'];
    const place = rng.pick(places);
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || names.has(name)); attempt++) {
      const a = TRADE_CHARS[rng.int(TRADE_CHARS.length)] ?? '宏';
      const b = TRADE_CHARS[rng.int(TRADE_CHARS.length)] ?? '达';
      name =
        kind === 'cooperative' ? `中牟县${place.townshipName}${a}${b}${suffix}` : `中牟县${a}${b}${suffix}`;
    }
    if (names.has(name)) name = `中牟县${place.townshipName}第${i}${suffix}`;
    names.add(name);
    out.push({ index: i, name, uscc: syntheticUscc(kind, block, i), sector, placeCode: place.townshipCode });
  }
  return out;
}

export function employerIndexBySector(employers: readonly GeneratedEmployer[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const e of employers) {
    const list = map.get(e.sector) ?? [];
    list.push(e.index);
    map.set(e.sector, list);
  }
  return map;
}
