import type { TPlaceList, TPlacesQuery } from '@qiaoti/contracts';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { type PlaceEntry, placeIndex } from './places.repository.ts';
import type { RegistryDeps } from './registry-deps.ts';

/** Villages and townships for selectors. Division names are public reference data, open to every signed-in user. */
export async function listPlaces(
  deps: RegistryDeps,
  _actor: Actor,
  input: TPlacesQuery,
): Promise<TPlaceList> {
  const index = await placeIndex(deps.db);
  const parent = index.get(input.parent);
  if (!parent) throw unknownCode('parent', input.parent);
  const places = [...index.values()].filter((p) => p.parentCode === parent.code).map(presentPlace);
  return { parent: presentPlace(parent), places };
}

const presentPlace = (p: PlaceEntry) => ({ code: p.code, name: p.name, level: p.level });

/** DESIGN §4.7: an unknown code is an error that names the code, never an empty result. */
export function unknownCode(field: string, code: string): AppError {
  return new AppError('UNKNOWN_CODE', `代码不存在：${code}`, { field, code });
}

/** Village and township names of a village code, for presenters. */
export function villageNames(
  index: Map<string, PlaceEntry>,
  villageCode: string | null,
): { villageName: string | null; townshipName: string | null } {
  if (!villageCode) return { villageName: null, townshipName: null };
  const village = index.get(villageCode);
  const township = village?.parentCode ? index.get(village.parentCode) : undefined;
  return { villageName: village?.name ?? null, townshipName: township?.name ?? null };
}

/** A village of the county, or UNKNOWN_CODE. */
export async function requireVillage(deps: RegistryDeps, field: string, code: string): Promise<PlaceEntry> {
  const p = (await placeIndex(deps.db)).get(code);
  if (p?.level !== 'village') throw unknownCode(field, code);
  return p;
}

// GB/T 2260 province-level codes: a hukou outside the county is recorded by its 6-digit code; we hold only
// the county's own divisions, so outside codes are checked against the province list and their shape.
const provinceCodes = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

/** 户籍地: a place of the county (township or village), or a 6-digit division code outside it. */
export async function requireHukouPlace(deps: RegistryDeps, code: string): Promise<void> {
  const index = await placeIndex(deps.db);
  if (index.has(code)) return;
  const outside =
    code.length === 6 &&
    !code.startsWith('410122') &&
    provinceCodes.has(code.slice(0, 2)) &&
    code.slice(2) !== '0000';
  if (!outside) throw unknownCode('hukouPlaceCode', code);
}
