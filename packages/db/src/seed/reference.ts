import type { Kysely } from 'kysely';
import divisions from '../reference/zhongmou-divisions.json' with { type: 'json' };
import type { DB } from '../schema.ts';
import { departments } from './departments.ts';

export { divisions };

export interface PlaceSeed {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parentCode: string | null;
}

/** Province, city and county (GB/T 2260), the 17 township-level units and 343 villages (statistical codes). */
export function placeSeeds(): PlaceSeed[] {
  const out: PlaceSeed[] = [
    { code: divisions.province.code, name: divisions.province.name, level: 'province', parentCode: null },
    {
      code: divisions.city.code,
      name: divisions.city.name,
      level: 'city',
      parentCode: divisions.province.code,
    },
    {
      code: divisions.county.code,
      name: divisions.county.name,
      level: 'county',
      parentCode: divisions.city.code,
    },
  ];
  for (const t of divisions.townships) {
    out.push({ code: t.code, name: t.name, level: 'township', parentCode: divisions.county.code });
    for (const v of t.villages)
      out.push({ code: v.code, name: v.name, level: 'village', parentCode: t.code });
  }
  return out;
}

/** Idempotent: inserts what is missing, changes nothing that is there (and returns at once when all is there). */
export async function seedReferenceData(db: Kysely<DB>): Promise<void> {
  const places = placeSeeds();
  const [placeCount, orgCount] = await Promise.all([
    db
      .selectFrom('places')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('organisations')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('code', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);
  if (
    Number(placeCount.n) >= places.length &&
    Number(orgCount.n) >= departments.length + divisions.townships.length
  ) {
    return;
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('places')
      .values(places)
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await trx
      .insertInto('organisations')
      .values(
        departments.map((d) => ({
          kind: 'department' as const,
          code: d.code,
          name: d.name,
          placeCode: divisions.county.code,
          duties: [...d.duties],
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await trx
      .insertInto('organisations')
      .values(
        divisions.townships.map((t) => ({
          kind: 'township_government' as const,
          code: `town-${t.code}`,
          name: `${t.name}${t.name.endsWith('街道') ? '办事处' : '人民政府'}`,
          placeCode: t.code,
          duties: ['registry'],
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  });
}
