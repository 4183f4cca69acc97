import {
  educationLevels,
  employmentStatuses,
  householdRelations,
  hukouKinds,
  incomeBands,
  mobilityEventKinds,
  type THouseholdMember,
  type TMobilityEvent,
  type TPersonFact,
  type TPersonSummary,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import { findOccupation } from '@qiaoti/db/reference/occupations';
import type { Kysely } from 'kysely';
import type { FactRecord, MobilityEventRecord, ScalarValue } from './facts.repository.ts';
import type { PersonRecord } from './persons.repository.ts';
import { type PlaceEntry, placeIndex } from './places.repository.ts';
import { villageNames } from './places.service.ts';
import { ageOn } from './registry-deps.ts';

/**
 * Rows are not API shapes (STYLE 5): presenters map them explicitly. ID and phone leave here masked only — the
 * stored masks; ciphertexts and blind indexes are never selected for a response.
 */
export function presentPersonSummary(
  places: Map<string, PlaceEntry>,
  person: PersonRecord,
  today: string,
): TPersonSummary {
  return {
    id: person.id,
    name: person.name,
    gender: person.gender,
    birthDate: person.birthDate,
    age: ageOn(person.birthDate, today),
    idNumberMasked: person.idNumberMasked,
    phoneMasked: person.phoneMasked,
    villageCode: person.residenceVillageCode,
    ...villageNames(places, person.residenceVillageCode),
  };
}

export function placeLabel(places: Map<string, PlaceEntry>, code: string): string {
  const p = places.get(code);
  if (!p) return code;
  const parent = p.level === 'village' && p.parentCode ? places.get(p.parentCode) : undefined;
  return parent ? `${parent.name}${p.name}` : p.name;
}

const enumLabel = (table: Record<string, string>, v: ScalarValue): string =>
  typeof v === 'string' ? (table[v] ?? v) : String(v);

/** Turns stored values (codes, ids, fen) into words for people. Built per response: it looks up employers once. */
export async function makeLabeler(db: Kysely<DB>, employerIds: readonly ScalarValue[]) {
  const places = await placeIndex(db);
  const ids = [...new Set(employerIds.filter((v): v is string => typeof v === 'string'))].filter((v) =>
    /^[0-9a-f-]{36}$/i.test(v),
  );
  const employers = new Map(
    ids.length === 0
      ? []
      : (await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute()).map(
          (r) => [r.id, r.name] as const,
        ),
  );
  return (kind: string, v: ScalarValue | null): string | null => {
    if (v === null) return null;
    switch (kind) {
      case 'residence':
      case 'hukou':
      case 'place':
        return placeLabel(places, String(v));
      case 'hukou_kind':
        return enumLabel(hukouKinds, v);
      case 'employment_status':
        return enumLabel(employmentStatuses, v);
      case 'employer':
        return employers.get(String(v)) ?? String(v);
      case 'occupation':
      case 'occupation_code':
        return findOccupation(String(v))?.name ?? String(v);
      case 'income_band':
        return incomeBands.find((b) => b.code === v)?.label ?? String(v);
      case 'monthly_income_fen':
        return `${(Number(v) / 100).toFixed(2)} 元/月`;
      case 'education':
        return enumLabel(educationLevels, v);
      default:
        return String(v);
    }
  };
}
export type Labeler = Awaited<ReturnType<typeof makeLabeler>>;

export function presentMobilityEvent(label: Labeler, e: MobilityEventRecord): TMobilityEvent {
  return {
    id: e.id,
    kind: e.kind,
    kindLabel: (mobilityEventKinds as Record<string, string>)[e.kind] ?? e.kind,
    fromValue: e.fromValue,
    toValue: e.toValue,
    fromLabel: label(e.kind, e.fromValue),
    toLabel: label(e.kind, e.toValue),
    occurredOn: e.occurredOn,
    source: e.source,
    recordedAt: e.recordedAt.toISOString(),
  };
}

export function presentFact(label: Labeler, f: FactRecord): TPersonFact {
  return {
    id: f.id,
    fact: f.fact as TPersonFact['fact'],
    value: f.value,
    label: label(f.fact, f.value) ?? '',
    validFrom: f.validFrom,
    source: f.source,
    recordedAt: f.recordedAt.toISOString(),
  };
}

export function presentHouseholdMember(
  places: Map<string, PlaceEntry>,
  person: PersonRecord,
  relation: string,
  fromDate: string,
  today: string,
): THouseholdMember {
  const rel = relation as THouseholdMember['relation'];
  return {
    person: presentPersonSummary(places, person, today),
    relation: rel,
    relationLabel: householdRelations[rel] ?? relation,
    fromDate,
  };
}

/** The fields a household shows everywhere (search results and its own page): number, place, head, size. */
export function presentHouseholdSummary(
  places: Map<string, PlaceEntry>,
  h: {
    id: string;
    householdNumber: string | null;
    villageCode: string;
    address: string | null;
    headName: string | null;
    memberCount: number;
  },
) {
  const names = villageNames(places, h.villageCode);
  return {
    id: h.id,
    householdNumber: h.householdNumber,
    villageCode: h.villageCode,
    villageName: names.villageName ?? h.villageCode,
    townshipName: names.townshipName ?? '',
    address: h.address,
    headName: h.headName,
    memberCount: h.memberCount,
  };
}
