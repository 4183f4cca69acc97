import {
  checkIdNumber,
  checkPhone,
  maskIdNumber,
  maskPhone,
  type TCreatePersonRequest,
  type TMobilityEventList,
  type TPersonDetail,
  type TPersonSearchRequest,
  type TPersonSearchResponse,
  type TRevealRequest,
  type TRevealResponse,
  type TUpdatePersonRequest,
} from '@qiaoti/contracts';
import { type DB, type PersonUpdate, PiiIntegrityError } from '@qiaoti/db';
import type { Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import {
  currentFacts,
  insertMobilityEvents,
  listMobilityEvents,
  type NewMobilityEvent,
} from './facts.repository.ts';
import {
  findCurrentMembership,
  listCurrentMembersWithPersons,
  listRelations,
} from './households.repository.ts';
import {
  countPersonsOutOfScope,
  findPersonById,
  findPersonByIdForUpdate,
  findPersonCipher,
  findPersonIdByIdNumberIndex,
  findPersonsByIds,
  insertPerson,
  type PersonRecord,
  type PersonSearchFilter,
  searchPersons as searchPersonRows,
  updatePersonAtVersion,
} from './persons.repository.ts';
import { placeIndex } from './places.repository.ts';
import { requireHukouPlace, requireVillage } from './places.service.ts';
import { auditRegistry, type RegistryAction } from './registry-audit.ts';
import { businessDay, type RegistryDeps } from './registry-deps.ts';
import {
  makeLabeler,
  presentFact,
  presentHouseholdMember,
  presentMobilityEvent,
  presentPersonSummary,
} from './registry-presenters.ts';
import {
  isPersonInScope,
  isPlaceInScope,
  type RegistryScope,
  registryScopeOf,
  requirePermission,
} from './registry-scope.ts';

const SEARCH_LIMIT = 50;

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Search-first: by ID number, by phone, or by name within a village. Never a list of everyone. */
export async function searchPersons(
  deps: RegistryDeps,
  actor: Actor,
  input: TPersonSearchRequest,
): Promise<TPersonSearchResponse> {
  requirePermission(actor, 'registry.person.read');
  const scope = registryScopeOf(actor);
  let filter: PersonSearchFilter;
  let by: string;
  if (input.idNumber !== undefined) {
    filter = { idNumberIndex: deps.pii.blindIndex('id_number', normaliseIdNumber(input.idNumber)) };
    by = 'idNumber';
  } else if (input.phone !== undefined) {
    filter = { phoneIndex: deps.pii.blindIndex('phone', normalisePhone(input.phone)) };
    by = 'phone';
  } else if (input.name !== undefined && input.villageCode !== undefined) {
    await requireVillage(deps, 'villageCode', input.villageCode);
    filter = { name: input.name.trim(), villageCode: input.villageCode };
    by = 'name';
  } else {
    throw new AppError('VALIDATION_FAILED');
  }
  const rows = await searchPersonRows(deps.db, scope, filter, SEARCH_LIMIT);
  const truncated = rows.length > SEARCH_LIMIT;
  const found = rows.slice(0, SEARCH_LIMIT);
  // A hit outside the scope is answered as "no result" and audited as a denial.
  const hidden = await countPersonsOutOfScope(deps.db, scope, filter);
  const at = deps.clock();
  await auditRegistry(deps.db, actor, at, {
    event: 'person.search',
    objectType: 'person',
    objectId: found.length === 1 ? (found[0]?.id ?? null) : null,
    outcome: hidden > 0 && found.length === 0 ? 'denied' : 'success',
    details: {
      by,
      results: found.length,
      ...(hidden > 0 ? { outOfScope: hidden } : {}),
      ...('villageCode' in filter ? { villageCode: filter.villageCode } : {}),
    },
  });
  const places = await placeIndex(deps.db);
  const today = businessDay(at);
  return { persons: found.map((p) => presentPersonSummary(places, p, today)), truncated };
}

/**
 * A person in the actor's scope, or NOT_FOUND — the same answer whether the person is missing or out of scope,
 * and an out-of-scope attempt is audited as a denial.
 */
export async function getPersonInScope(
  deps: RegistryDeps,
  actor: Actor,
  scope: RegistryScope,
  id: string,
  event: RegistryAction,
): Promise<PersonRecord> {
  const person = await findPersonById(deps.db, id);
  if (!person) throw new AppError('NOT_FOUND');
  if (!isPersonInScope(scope, person)) {
    await auditDenied(deps, actor, event, 'person', id);
    throw new AppError('NOT_FOUND');
  }
  return person;
}

export async function auditDenied(
  deps: RegistryDeps,
  actor: Actor,
  event: RegistryAction,
  objectType: 'person' | 'household' | 'organisation',
  objectId: string,
  reason: 'out_of_scope' | 'no_permission' = 'out_of_scope',
): Promise<void> {
  await auditRegistry(deps.db, actor, deps.clock(), {
    event,
    objectType,
    objectId,
    outcome: 'denied',
    details: { reason },
  });
}

/**
 * Staff with registry.person.read see persons in their scope; a citizen (self.read) sees their own record. Anyone
 * else who reached the route (an employer holds self.read too) is refused, and the refusal audited.
 */
async function readScope(deps: RegistryDeps, actor: Actor, id: string): Promise<RegistryScope> {
  const scope = registryScopeOf(actor);
  const allowed =
    scope.kind === 'self'
      ? actor.permissions.has('self.read')
      : actor.permissions.has('registry.person.read');
  if (!allowed) {
    await auditDenied(deps, actor, 'person.view', 'person', id, 'no_permission');
    throw new AppError('FORBIDDEN');
  }
  return scope;
}

export async function getPerson(deps: RegistryDeps, actor: Actor, id: string): Promise<TPersonDetail> {
  const scope = await readScope(deps, actor, id);
  const person = await getPersonInScope(deps, actor, scope, id, 'person.view');
  await auditRegistry(deps.db, actor, deps.clock(), {
    event: 'person.view',
    objectType: 'person',
    objectId: id,
    outcome: 'success',
  });
  return presentPersonDetail(deps, actor, scope, person);
}

export async function presentPersonDetail(
  deps: RegistryDeps,
  actor: Actor,
  scope: RegistryScope,
  person: PersonRecord,
): Promise<TPersonDetail> {
  const today = businessDay(deps.clock());
  const places = await placeIndex(deps.db);
  const [membership, facts, events] = await Promise.all([
    findCurrentMembership(deps.db, person.id),
    currentFacts(deps.db, person.id, today),
    listMobilityEvents(deps.db, person.id, 20),
  ]);
  const label = await makeLabeler(deps.db, [
    ...facts.filter((f) => f.fact === 'employer').map((f) => f.value),
    ...events
      .filter((e) => e.kind === 'employer')
      .flatMap((e) => [e.fromValue, e.toValue].filter((v) => v !== null)),
  ]);
  let household: TPersonDetail['household'] = null;
  if (membership) {
    const { members, persons } = await listCurrentMembersWithPersons(deps.db, membership.householdId);
    const hh = await deps.db
      .selectFrom('households')
      .select('householdNumber')
      .where('id', '=', membership.householdId)
      .executeTakeFirst();
    household = {
      id: membership.householdId,
      householdNumber: hh?.householdNumber ?? null,
      relation: membership.relation as NonNullable<TPersonDetail['household']>['relation'],
      members: members.flatMap((m) => {
        const p = persons.get(m.personId);
        return p ? [presentHouseholdMember(places, p, m.relation, m.fromDate, today)] : [];
      }),
    };
  }
  const links = await listRelations(deps.db, person.id);
  const relatedIds = links.map((l) => (l.personId === person.id ? l.relatedPersonId : l.personId));
  const related = new Map((await findPersonsByIds(deps.db, relatedIds)).map((p) => [p.id, p]));
  const relationLabels = { parent: '父母', child: '子女', spouse: '配偶' } as const;
  const relations: TPersonDetail['relations'] = links.flatMap((l) => {
    const other = related.get(l.personId === person.id ? l.relatedPersonId : l.personId);
    // A relative outside the caller's scope is left out, like any other record there.
    if (
      !other ||
      (!isPersonInScope(scope, other) && !(household?.members.some((m) => m.person.id === other.id) ?? false))
    )
      return [];
    const kind = l.kind === 'spouse_of' ? 'spouse' : l.personId === person.id ? 'child' : 'parent';
    return [{ kind, kindLabel: relationLabels[kind], person: presentPersonSummary(places, other, today) }];
  });
  const isStaff = scope.kind !== 'self' && scope.kind !== 'none';
  return {
    ...presentPersonSummary(places, person, today),
    hukouPlaceCode: person.hukouPlaceCode,
    hukouPlaceName: person.hukouPlaceCode ? label('hukou', person.hukouPlaceCode) : null,
    hukouKind: person.hukouKind,
    education: person.education as TPersonDetail['education'],
    version: person.version,
    household,
    relations,
    facts: facts.map((f) => presentFact(label, f)),
    mobilityEvents: events.map((e) => presentMobilityEvent(label, e)),
    can: {
      edit: isStaff && actor.permissions.has('registry.person.write'),
      reveal: isStaff && actor.permissions.has('registry.person.reveal'),
    },
  };
}

export async function listPersonMobilityEvents(
  deps: RegistryDeps,
  actor: Actor,
  id: string,
): Promise<TMobilityEventList> {
  const scope = await readScope(deps, actor, id);
  await getPersonInScope(deps, actor, scope, id, 'person.view');
  const events = await listMobilityEvents(deps.db, id, 1000);
  const label = await makeLabeler(
    deps.db,
    events
      .filter((e) => e.kind === 'employer')
      .flatMap((e) => [e.fromValue, e.toValue].filter((v) => v !== null)),
  );
  return { events: events.map((e) => presentMobilityEvent(label, e)) };
}

// ── Reveal ──────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The full ID or phone number, for a stated purpose. Requires registry.person.reveal and the person in scope;
 * audited (event person.reveal with the purpose — never the value). A tampered ciphertext is an error, never
 * wrong data.
 */
export async function revealPersonField(
  deps: RegistryDeps,
  actor: Actor,
  id: string,
  input: TRevealRequest,
): Promise<TRevealResponse> {
  requirePermission(actor, 'registry.person.reveal');
  const scope = registryScopeOf(actor);
  await getPersonInScope(deps, actor, scope, id, 'person.reveal');
  const sealed = await findPersonCipher(deps.db, id);
  if (!sealed) throw new AppError('NOT_FOUND');
  const cipher = input.field === 'idNumber' ? sealed.idNumberCipher : sealed.phoneCipher;
  const at = deps.clock();
  let value: string | null = null;
  try {
    value = cipher === null ? null : deps.pii.decrypt(cipher);
  } catch (e) {
    if (!(e instanceof PiiIntegrityError)) throw e;
    await auditRegistry(deps.db, actor, at, {
      event: 'person.reveal',
      objectType: 'person',
      objectId: id,
      outcome: 'failure',
      details: { field: input.field, purpose: input.purpose, reason: 'integrity' },
    });
    throw new AppError('INTERNAL', e.message);
  }
  await auditRegistry(deps.db, actor, at, {
    event: 'person.reveal',
    objectType: 'person',
    objectId: id,
    outcome: 'success',
    details: { field: input.field, purpose: input.purpose },
  });
  return { field: input.field, value };
}

// ── Writing ─────────────────────────────────────────────────────────────────────────────────────────────────────

function normaliseIdNumber(raw: string) {
  const r = checkIdNumber(raw);
  if (!r.ok) throw fieldError('idNumber', r.reason);
  return r.idNumber;
}

function normalisePhone(raw: string) {
  const r = checkPhone(raw);
  if (!r.ok) throw fieldError('phone', r.reason);
  return r.phone;
}

export function fieldError(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', undefined, { issues: [{ path, message }] });
}

/** Staff may write where they may see: a village worker registers only residents of their village. */
export function writablePlaceError(
  scope: RegistryScope,
  villageCode: string | null | undefined,
): AppError | null {
  if (scope.kind === 'county') return null;
  if (villageCode && isPlaceInScope(scope, villageCode)) return null;
  return new AppError(
    'FORBIDDEN',
    scope.kind === 'village' ? '只能登记、修改居住在本村（社区）的人员' : '只能登记、修改本辖区的人员',
  );
}

/**
 * The same check before a transaction opens, with the denial audited (an audit written inside the transaction
 * would roll back with it).
 */
export async function requireWritablePlace(
  deps: RegistryDeps,
  actor: Actor,
  action: RegistryAction,
  objectType: 'person' | 'household',
  villageCode: string | null | undefined,
): Promise<void> {
  const denied = writablePlaceError(registryScopeOf(actor), villageCode);
  if (!denied) return;
  await auditRegistry(deps.db, actor, deps.clock(), {
    event: action,
    objectType,
    objectId: null,
    outcome: 'denied',
    details: { reason: 'out_of_scope', ...(villageCode ? { villageCode } : {}) },
  });
  throw denied;
}

const isUniqueViolation = (e: unknown, constraintPart: string) =>
  (e as { code?: string }).code === '23505' &&
  String((e as { constraint?: string; message?: string }).constraint ?? (e as Error).message).includes(
    constraintPart,
  );

/**
 * Registers one person inside the caller's transaction (used by create, household create and import): one person
 * per ID number, birth date and gender derived from it, ID and phone sealed with a blind index and a stored mask,
 * and the initial residence/hukou/education written as mobility events.
 */
export async function registerPerson(
  trx: Transaction<DB>,
  deps: RegistryDeps,
  actor: Actor,
  input: TCreatePersonRequest,
  options: { occurredOn: string; source: string; pathPrefix?: string },
): Promise<PersonRecord> {
  const prefix = options.pathPrefix ?? '';
  const id = checkIdNumber(input.idNumber);
  if (!id.ok) throw fieldError(`${prefix}idNumber`, id.reason);
  const phone = input.phone ? checkPhone(input.phone) : null;
  if (phone && !phone.ok) throw fieldError(`${prefix}phone`, phone.reason);
  const denied = writablePlaceError(registryScopeOf(actor), input.residenceVillageCode);
  if (denied) throw denied;
  if (input.residenceVillageCode)
    await requireVillage(deps, `${prefix}residenceVillageCode`, input.residenceVillageCode);
  if (input.hukouPlaceCode) await requireHukouPlace(deps, input.hukouPlaceCode);

  const idNumberIndex = deps.pii.blindIndex('id_number', id.idNumber);
  if (await findPersonIdByIdNumberIndex(trx, idNumberIndex)) throw duplicateId(prefix);
  let person: PersonRecord;
  try {
    person = await insertPerson(trx, {
      idNumberCipher: deps.pii.encrypt(id.idNumber),
      idNumberIndex,
      idNumberMasked: maskIdNumber(id.idNumber),
      name: input.name.trim(),
      gender: id.gender,
      birthDate: id.birthDate,
      hukouPlaceCode: input.hukouPlaceCode ?? null,
      hukouKind: input.hukouKind ?? null,
      residenceVillageCode: input.residenceVillageCode ?? null,
      education: input.education ?? null,
      phoneCipher: phone?.ok ? deps.pii.encrypt(phone.phone) : null,
      phoneIndex: phone?.ok ? deps.pii.blindIndex('phone', phone.phone) : null,
      phoneMasked: phone?.ok ? maskPhone(phone.phone) : null,
    });
  } catch (e) {
    if (isUniqueViolation(e, 'id_number_index')) throw duplicateId(prefix);
    throw e;
  }
  await insertMobilityEvents(
    trx,
    positionChanges(null, person).map((c) => ({
      ...c,
      personId: person.id,
      occurredOn: options.occurredOn,
      source: options.source,
    })),
  );
  return person;
}

const duplicateId = (prefix: string) =>
  new AppError('DUPLICATE_ID_NUMBER', undefined, {
    issues: [{ path: `${prefix}idNumber`, message: '该身份证号已登记' }],
  });

/** DESIGN §4.3: what moved between two states of a person (residence, hukou place and kind, education). */
function positionChanges(
  before: PersonRecord | null,
  after: PersonRecord,
): Omit<NewMobilityEvent, 'personId' | 'occurredOn' | 'source'>[] {
  const out: Omit<NewMobilityEvent, 'personId' | 'occurredOn' | 'source'>[] = [];
  const pairs: [string, string | null, string | null][] = [
    ['residence', before?.residenceVillageCode ?? null, after.residenceVillageCode],
    ['hukou', before?.hukouPlaceCode ?? null, after.hukouPlaceCode],
    ['hukou_kind', before?.hukouKind ?? null, after.hukouKind],
    ['education', before?.education ?? null, after.education],
  ];
  for (const [kind, from, to] of pairs) if (from !== to) out.push({ kind, fromValue: from, toValue: to });
  return out;
}

export async function createPerson(
  deps: RegistryDeps,
  actor: Actor,
  input: TCreatePersonRequest,
): Promise<TPersonDetail> {
  requirePermission(actor, 'registry.person.write');
  const scope = registryScopeOf(actor);
  await requireWritablePlace(deps, actor, 'person.create', 'person', input.residenceVillageCode);
  const at = deps.clock();
  const person = await deps.db.transaction().execute(async (trx) => {
    const p = await registerPerson(trx, deps, actor, input, {
      occurredOn: businessDay(at),
      source: 'registry',
    });
    await auditRegistry(trx, actor, at, {
      event: 'person.create',
      objectType: 'person',
      objectId: p.id,
      outcome: 'success',
      details: { fields: Object.keys(input).filter((k) => input[k as keyof typeof input] != null) },
    });
    return p;
  });
  return presentPersonDetail(deps, actor, scope, person);
}

/** Edits with optimistic locking; residence, hukou and education changes write mobility events. */
export async function updatePerson(
  deps: RegistryDeps,
  actor: Actor,
  id: string,
  input: TUpdatePersonRequest,
): Promise<TPersonDetail> {
  requirePermission(actor, 'registry.person.write');
  const scope = registryScopeOf(actor);
  const at = deps.clock();
  const today = businessDay(at);
  if (input.effectiveOn !== undefined && input.effectiveOn > today)
    throw fieldError('effectiveOn', '生效日期不能晚于今天');
  await getPersonInScope(deps, actor, scope, id, 'person.update');
  if (input.residenceVillageCode !== undefined) {
    await requireWritablePlace(deps, actor, 'person.update', 'person', input.residenceVillageCode);
    if (input.residenceVillageCode !== null)
      await requireVillage(deps, 'residenceVillageCode', input.residenceVillageCode);
  }
  if (input.hukouPlaceCode) await requireHukouPlace(deps, input.hukouPlaceCode);
  const phone = input.phone ? checkPhone(input.phone) : null;
  if (phone && !phone.ok) throw fieldError('phone', phone.reason);

  const changes: PersonUpdate = {};
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.hukouPlaceCode !== undefined) changes.hukouPlaceCode = input.hukouPlaceCode;
  if (input.hukouKind !== undefined) changes.hukouKind = input.hukouKind;
  if (input.residenceVillageCode !== undefined) changes.residenceVillageCode = input.residenceVillageCode;
  if (input.education !== undefined) changes.education = input.education;
  if (input.phone === null) {
    changes.phoneCipher = null;
    changes.phoneIndex = null;
    changes.phoneMasked = null;
  } else if (phone?.ok) {
    changes.phoneCipher = deps.pii.encrypt(phone.phone);
    changes.phoneIndex = deps.pii.blindIndex('phone', phone.phone);
    changes.phoneMasked = maskPhone(phone.phone);
  }

  const updated = await deps.db.transaction().execute(async (trx) => {
    const before = await findPersonByIdForUpdate(trx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const after = await updatePersonAtVersion(trx, id, input.version, changes, at);
    if (!after)
      throw new AppError('CONFLICT', '该人员信息已被他人修改，请刷新后重试', { version: before.version });
    await insertMobilityEvents(
      trx,
      positionChanges(before, after).map((c) => ({
        ...c,
        personId: id,
        occurredOn: input.effectiveOn ?? today,
        source: 'registry',
      })),
    );
    await auditRegistry(trx, actor, at, {
      event: 'person.update',
      objectType: 'person',
      objectId: id,
      outcome: 'success',
      details: { fields: Object.keys(input).filter((k) => k !== 'version' && k !== 'effectiveOn') },
    });
    return after;
  });
  return presentPersonDetail(deps, actor, scope, updated);
}
