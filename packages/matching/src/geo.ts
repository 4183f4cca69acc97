/**
 * Commute estimates between the county's villages and townships.
 *
 * The project has no official coordinates. `data/township-seats.json` holds APPROXIMATE seats of the 17 township-level
 * units (estimates to be confirmed by the county); a village is placed at its township's seat. So:
 * - same village: about 1 km (within a village);
 * - same township, another village (or a township-level workplace): a fixed intra-township estimate;
 * - other townships: straight-line distance between the seats × a road detour factor, rounded to whole km;
 * - a workplace outside the county: a stated assumption (the county seat to eastern Zhengzhou is roughly this far).
 * Every distance shown to people says 估算 or 假设: none of them is a measurement.
 */
import seats from './data/township-seats.json' with { type: 'json' };

export const COUNTY_CODE = seats.countyCode;
/** Same village: "约 1 公里内". */
export const SAME_VILLAGE_KM = 1;
/** Two places in one township (village to village, or to the township seat). */
export const SAME_TOWNSHIP_KM = 5;
/** A workplace outside the county (assumption). */
export const OUTSIDE_COUNTY_KM = 35;
/** Roads are longer than straight lines. */
export const ROAD_FACTOR = 1.3;

export interface Township {
  code: string;
  name: string;
  lat: number;
  lon: number;
}

export const townships: readonly Township[] = seats.townships.map((t) => ({
  code: t.code,
  name: t.name,
  lat: t.lat,
  lon: t.lon,
}));

const townshipIndexByCode = new Map(townships.map((t, i) => [t.code, i]));
const villageCodes: string[] = [];
const villageTownship: number[] = [];
for (const [i, t] of seats.townships.entries()) {
  for (const v of t.villages) {
    villageCodes.push(v);
    villageTownship.push(i);
  }
}
const villageIndexByCode = new Map(villageCodes.map((c, i) => [c, i]));

/** A place resolved to indices: township −1 = outside the county; village −1 = township level or outside. */
export interface Place {
  township: number;
  village: number;
}

export const OUTSIDE: Place = { township: -1, village: -1 };

/** The place of a 12-digit village or 9-digit township code of the county; undefined for any other code. */
export function resolvePlace(code: string): Place | undefined {
  if (code.length === 12) {
    const v = villageIndexByCode.get(code);
    return v === undefined ? undefined : { township: villageTownship[v] ?? -1, village: v };
  }
  if (code.length === 9) {
    const t = townshipIndexByCode.get(code);
    return t === undefined ? undefined : { township: t, village: -1 };
  }
  return undefined;
}

export function townshipOfIndex(i: number): Township | undefined {
  return townships[i];
}

function haversineKm(a: Township, b: Township): number {
  const r = 6371;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

const T = townships.length;
/** Estimated road km between township seats, T × T. */
const seatKm = new Float64Array(T * T);
for (let i = 0; i < T; i++) {
  for (let j = 0; j < T; j++) {
    const a = townships[i];
    const b = townships[j];
    seatKm[i * T + j] =
      i === j || !a || !b
        ? SAME_TOWNSHIP_KM
        : Math.max(SAME_TOWNSHIP_KM, Math.round(haversineKm(a, b) * ROAD_FACTOR));
  }
}

export const townshipCount = T;

/** Estimated commute km between a home and a workplace (both resolved). */
export function commuteKm(
  homeTownship: number,
  homeVillage: number,
  workTownship: number,
  workVillage: number,
): number {
  if (workTownship < 0 || homeTownship < 0) return OUTSIDE_COUNTY_KM;
  if (homeTownship === workTownship) {
    return homeVillage >= 0 && homeVillage === workVillage ? SAME_VILLAGE_KM : SAME_TOWNSHIP_KM;
  }
  return seatKm[homeTownship * T + workTownship] ?? OUTSIDE_COUNTY_KM;
}

/** The shortest estimated commute from a home township to any place in `workTownship` (for bounds). */
export function minCommuteKm(homeTownship: number, workTownship: number): number {
  if (workTownship < 0 || homeTownship < 0) return OUTSIDE_COUNTY_KM;
  if (homeTownship === workTownship) return SAME_VILLAGE_KM;
  return seatKm[homeTownship * T + workTownship] ?? OUTSIDE_COUNTY_KM;
}

/** How a commute is described to people: always marked as an estimate or assumption. */
export function describeCommute(
  km: number,
  homeTownship: number,
  homeVillage: number,
  workTownship: number,
  workVillage: number,
): string {
  if (workTownship < 0) return `县外岗位，通勤按约 ${OUTSIDE_COUNTY_KM} 公里计（假设）`;
  if (homeTownship === workTownship && homeVillage >= 0 && homeVillage === workVillage) {
    return '同村，通勤约 1 公里内';
  }
  if (homeTownship === workTownship) return `同一乡镇，通勤约 ${km} 公里（估算）`;
  return `通勤约 ${km} 公里（估算）`;
}
