import divisions from '../reference/zhongmou-divisions.json' with { type: 'json' };

/**
 * The county's 343 real villages with a relative population weight. 居委会/社区 in the county town are the most
 * populous, 村委会 inside 街道 next, then villages of the 镇/乡. The weights do not depend on the seed: they are a
 * property of the county (a stable hash of the village code gives each village a size within its class, so at
 * 1,000,000 persons villages hold ~1,500–3,600 people and communities ~3,500–8,000).
 */
export type VillageClass = 'community' | 'town_village' | 'rural';

export interface Village {
  code: string;
  name: string;
  townshipCode: string;
  townshipName: string;
  cls: VillageClass;
  weight: number;
}

const CLASS_WEIGHT: Record<VillageClass, number> = { community: 2.2, town_village: 1.15, rural: 1 };

function hash01(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

export const villages: readonly Village[] = divisions.townships.flatMap((t) =>
  t.villages.map((v) => {
    const cls: VillageClass = /居民委员会|社区/.test(v.name)
      ? 'community'
      : t.name.endsWith('街道')
        ? 'town_village'
        : 'rural';
    return {
      code: v.code,
      name: v.name,
      townshipCode: t.code,
      townshipName: t.name,
      cls,
      weight: CLASS_WEIGHT[cls] * (0.6 + 0.8 * hash01(v.code)),
    };
  }),
);

export const villageByCode: ReadonlyMap<string, Village> = new Map(villages.map((v) => [v.code, v]));

/** 东关村委会 → 东关村, 绿云社区居民委员会 → 绿云社区, 管道三公司居民委员会 → 管道三公司社区. */
export function shortVillageName(name: string): string {
  if (name.endsWith('社区居民委员会')) return name.slice(0, -5);
  if (name.endsWith('居民委员会')) return `${name.slice(0, -5)}社区`;
  if (name.endsWith('村委会')) return name.slice(0, -2);
  if (name.endsWith('村民委员会')) return name.slice(0, -4);
  return name;
}
