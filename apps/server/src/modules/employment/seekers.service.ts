import {
  checkIdNumber,
  type EmploymentStatus,
  type SeekerStatus,
  type TRegisterSeekerRequest,
  type TSeeker,
  type TSeekerSearchRequest,
  type TSeekerSearchResponse,
  type TSeekerStatusRequest,
  type TUpdateSeekerRequest,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { currentRulebook } from '../policy/policy.service.ts';
import { factValueOn, insertFact, insertMobilityEvents } from '../registry/facts.repository.ts';
import { findPersonById, findPersonIdByIdNumberIndex } from '../registry/persons.repository.ts';
import { fieldError } from '../registry/persons.service.ts';
import type { PlaceEntry } from '../registry/places.repository.ts';
import { ageOn } from '../registry/registry-deps.ts';
import { isPersonInScope, type RegistryScope, registryScopeOf } from '../registry/registry-scope.ts';
import {
  auditEmployment,
  canManage,
  citizenPersonOf,
  denyNotFound,
  type EmploymentDeps,
  isStaff,
  maskName,
  occupationName,
  places,
  placeText,
  requireCountyPlace,
  requireOccupation,
  today,
} from './employment-common.ts';
import { refreshSeeker } from './matching.state.ts';
import {
  findSeeker,
  findSeekerByPerson,
  insertSeeker,
  type SeekerRow,
  searchSeekers,
  setSeekerStatus,
  updateSeekerAtVersion,
} from './seekers.repository.ts';
import { recheckHouseholdsOfPerson } from './zero-employment.service.ts';

// ── Presenters ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Full view for staff and the seeker themselves; `masked` (an employer's view) hides the name and ID number. */
export function presentSeeker(
  index: Map<string, PlaceEntry>,
  row: SeekerRow,
  day: string,
  options: { masked: boolean },
): TSeeker {
  return {
    id: row.id,
    personId: row.personId,
    name: options.masked ? maskName(row.name) : row.name,
    idNumberMasked: options.masked ? null : row.idNumberMasked,
    gender: options.masked ? null : row.gender,
    age: ageOn(row.birthDate, day),
    villageCode: options.masked ? null : row.residenceVillageCode,
    placeText: options.masked
      ? townshipText(index, row.residenceVillageCode)
      : placeText(index, row.residenceVillageCode),
    status: row.status,
    statusSince: row.statusSince,
    occupationsWanted: row.occupationsWanted.map((code) => ({ code, name: occupationName(code) })),
    skills: row.skills,
    education: row.education as TSeeker['education'],
    experienceYears: row.experienceYears,
    expectedWageFen: row.expectedWageFen,
    acceptablePlaces: row.acceptablePlaces.map((code) => ({ code, name: placeText(index, code) })),
    maxCommuteKm: row.maxCommuteKm,
    hoursWanted: row.hoursWanted as TSeeker['hoursWanted'],
    availableFrom: row.availableFrom,
    certificates: row.certificates,
    assistancePriority: options.masked ? false : row.assistancePriority,
    channel: row.channel,
    registeredOn: row.registeredOn,
    version: row.version,
  };
}

/** An employer learns the township only, never the village. */
function townshipText(index: Map<string, PlaceEntry>, villageCode: string | null): string {
  if (!villageCode) return '未登记';
  const v = index.get(villageCode);
  const t = v?.parentCode ? index.get(v.parentCode) : undefined;
  return t?.name ?? '中牟县';
}

// ── Access ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Staff see seekers living in their registry scope; a citizen sees their own registration. */
function seekerScope(actor: Actor): RegistryScope {
  const person = citizenPersonOf(actor);
  if (!isStaff(actor)) return person ? { kind: 'self', personId: person } : { kind: 'none' };
  return registryScopeOf(actor);
}

export async function loadSeekerInScope(
  deps: EmploymentDeps,
  actor: Actor,
  id: string,
  event: 'seeker.update' | 'seeker.status' | 'referral.create' = 'seeker.update',
): Promise<SeekerRow> {
  const row = await findSeeker(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const scope = seekerScope(actor);
  if (!isPersonInScope(scope, { id: row.personId, residenceVillageCode: row.residenceVillageCode })) {
    await denyNotFound(deps, actor, event, 'job_seeker', id);
  }
  return row;
}

async function checkFields(
  deps: EmploymentDeps,
  input: { occupationsWanted?: string[] | undefined; acceptablePlaces?: string[] | undefined },
): Promise<void> {
  for (const [i, code] of (input.occupationsWanted ?? []).entries())
    requireOccupation(`occupationsWanted.${i}`, code);
  for (const [i, code] of (input.acceptablePlaces ?? []).entries())
    await requireCountyPlace(deps, `acceptablePlaces.${i}`, code);
}

// ── Status: mobility events and dated facts ────────────────────────────────────────────────────────────────────

/** The registry's 就业状态 a seeker status implies (DESIGN §4.2), when it implies one. */
const registryStatusOf: Partial<Record<SeekerStatus, EmploymentStatus>> = {
  unemployed: 'unemployed',
  employed: 'employed',
  flexible: 'flexible',
};

/**
 * Writes what a status change means for the registry, in the change's transaction: a `job_seeker_status`
 * mobility event always, and where the status implies a 就业状态, the dated `employment_status` fact with its
 * `employment_status` mobility event when the value changes (as the registry's own fact service does).
 */
export async function recordStatusChange(
  trx: Transaction<DB>,
  actor: Actor,
  personId: string,
  from: SeekerStatus | null,
  to: SeekerStatus,
  since: string,
  source: string,
): Promise<void> {
  if (from !== to) {
    await insertMobilityEvents(trx, [
      { personId, kind: 'job_seeker_status', fromValue: from, toValue: to, occurredOn: since, source },
    ]);
  }
  const status = registryStatusOf[to];
  if (!status) return;
  const before = await factValueOn(trx, personId, 'employment_status', since);
  await insertFact(trx, {
    personId,
    fact: 'employment_status',
    value: status,
    validFrom: since,
    source,
    recordedBy: actor.accountId,
  });
  if (before !== status) {
    await insertMobilityEvents(trx, [
      {
        personId,
        kind: 'employment_status',
        fromValue: before,
        toValue: status,
        occurredOn: since,
        source,
      },
    ]);
    // 零就业家庭 is a live list: a member finding (or losing) work moves the household in the same transaction.
    await recheckHouseholdsOfPerson(trx, actor, await currentRulebook(trx), personId, since, new Date());
  }
}

// ── Services ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * 求职登记: a citizen registers themselves (portal); staff with employment.manage register a person in their
 * scope. One registration per person (CONFLICT otherwise). Education defaults to the registry's.
 */
export async function registerSeeker(
  deps: EmploymentDeps,
  actor: Actor,
  input: TRegisterSeekerRequest,
): Promise<TSeeker> {
  const self = citizenPersonOf(actor);
  let personId: string;
  let channel: 'portal' | 'staff';
  if (canManage(actor)) {
    if (!input.personId) throw fieldError('personId', '请先查到并选择求职人员');
    personId = input.personId;
    channel = 'staff';
  } else if (self) {
    if (input.personId && input.personId !== self) throw new AppError('FORBIDDEN', '只能为本人登记求职');
    personId = self;
    channel = 'portal';
  } else {
    throw new AppError('FORBIDDEN');
  }
  const person = await findPersonById(deps.db, personId);
  if (!person) throw new AppError('NOT_FOUND');
  if (channel === 'staff' && !isPersonInScope(registryScopeOf(actor), person)) {
    await denyNotFound(deps, actor, 'seeker.register', 'job_seeker', personId);
  }
  await checkFields(deps, input);
  if (await findSeekerByPerson(deps.db, personId)) throw new AppError('CONFLICT', '此人已进行求职登记');
  const day = today(deps);
  const at = deps.clock();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertSeeker(trx, {
      personId,
      status: input.status,
      statusSince: day,
      occupationsWanted: input.occupationsWanted,
      skills: input.skills,
      education: input.education ?? person.education,
      experienceYears: input.experienceYears,
      expectedWageFen: input.expectedWageFen,
      acceptablePlaces: input.acceptablePlaces,
      maxCommuteKm: input.maxCommuteKm,
      hoursWanted: input.hoursWanted,
      availableFrom: input.availableFrom,
      certificates: input.certificates,
      channel,
      registeredOn: day,
      registeredBy: actor.accountId,
    });
    await recordStatusChange(trx, actor, personId, null, input.status, day, `employment.seeker.${channel}`);
    await auditEmployment(trx, actor, at, {
      event: 'seeker.register',
      objectType: 'job_seeker',
      objectId: id,
      details: { personId, channel, status: input.status },
    });
    return id;
  });
  await refreshSeeker(deps.db, id);
  return getSeeker(deps, actor, id);
}

export async function getSeeker(deps: EmploymentDeps, actor: Actor, id: string): Promise<TSeeker> {
  const row = await loadSeekerInScope(deps, actor, id);
  return presentSeeker(await places(deps), row, today(deps), { masked: false });
}

/** The citizen's own registration, or null when they have not registered. */
export async function getMySeeker(deps: EmploymentDeps, actor: Actor): Promise<TSeeker | null> {
  const self = citizenPersonOf(actor);
  if (!self) throw new AppError('FORBIDDEN');
  const row = await findSeekerByPerson(deps.db, self);
  return row ? presentSeeker(await places(deps), row, today(deps), { masked: false }) : null;
}

export async function updateSeeker(
  deps: EmploymentDeps,
  actor: Actor,
  id: string,
  input: TUpdateSeekerRequest,
): Promise<TSeeker> {
  const row = await loadSeekerInScope(deps, actor, id);
  if (!canManage(actor) && citizenPersonOf(actor) !== row.personId) throw new AppError('FORBIDDEN');
  await checkFields(deps, input);
  const { version, ...fields } = input;
  const at = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateSeekerAtVersion(trx, id, version, fields)))
      throw new AppError('CONFLICT', '求职登记已被他人修改，请刷新后重试');
    await auditEmployment(trx, actor, at, {
      event: 'seeker.update',
      objectType: 'job_seeker',
      objectId: id,
      details: { fields: Object.keys(fields) },
    });
  });
  await refreshSeeker(deps.db, id);
  return getSeeker(deps, actor, id);
}

/** Staff change a seeker's status (registered, unemployed, employed, in training, flexible): mobility events follow. */
export async function changeSeekerStatus(
  deps: EmploymentDeps,
  actor: Actor,
  id: string,
  input: TSeekerStatusRequest,
): Promise<TSeeker> {
  if (!canManage(actor)) throw new AppError('FORBIDDEN');
  const row = await loadSeekerInScope(deps, actor, id, 'seeker.status');
  const day = today(deps);
  if (input.since > day) throw fieldError('since', '起始日期不能晚于今天');
  if (input.since < row.registeredOn) throw fieldError('since', '起始日期不能早于求职登记日期');
  if (input.status === row.status) throw new AppError('CONFLICT', '状态未改变');
  const at = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await setSeekerStatus(trx, id, input.status, input.since);
    await recordStatusChange(
      trx,
      actor,
      row.personId,
      row.status,
      input.status,
      input.since,
      'employment.seeker',
    );
    await auditEmployment(trx, actor, at, {
      event: 'seeker.status',
      objectType: 'job_seeker',
      objectId: id,
      details: { from: row.status, to: input.status, since: input.since },
    });
  });
  await refreshSeeker(deps.db, id);
  return getSeeker(deps, actor, id);
}

/** Search-first: by ID number (POST body), name in a village, status or wanted occupation — within scope. */
export async function searchSeekersFor(
  deps: EmploymentDeps,
  actor: Actor,
  input: TSeekerSearchRequest,
): Promise<TSeekerSearchResponse> {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const scope = registryScopeOf(actor);
  if (input.occupationCode) requireOccupation('occupationCode', input.occupationCode);
  if (input.villageCode) await requireCountyPlace(deps, 'villageCode', input.villageCode, 'village');
  let personId: string | undefined;
  let unregisteredPerson: TSeekerSearchResponse['unregisteredPerson'] = null;
  if (input.idNumber !== undefined) {
    const r = checkIdNumber(input.idNumber);
    if (!r.ok) throw fieldError('idNumber', r.reason);
    const found = await findPersonIdByIdNumberIndex(deps.db, deps.pii.blindIndex('id_number', r.idNumber));
    const person = found ? await findPersonById(deps.db, found) : undefined;
    if (!person || !isPersonInScope(scope, person)) {
      await auditEmployment(deps.db, actor, deps.clock(), {
        event: 'person.view',
        objectType: 'job_seeker',
        objectId: null,
        details: { action: 'seeker.search', by: 'idNumber', results: 0 },
      });
      return { items: [], total: 0, unregisteredPerson: null };
    }
    personId = person.id;
    if (!(await findSeekerByPerson(deps.db, person.id))) {
      unregisteredPerson = { personId: person.id, name: person.name, idNumberMasked: person.idNumberMasked };
    }
  }
  const { rows, total } = await searchSeekers(deps.db, {
    scope,
    ...(personId ? { personId } : {}),
    ...(input.name ? { name: input.name.trim() } : {}),
    ...(input.villageCode ? { villageCode: input.villageCode } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.occupationCode ? { occupationCode: input.occupationCode } : {}),
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  await auditEmployment(deps.db, actor, deps.clock(), {
    event: 'person.view',
    objectType: 'job_seeker',
    objectId: rows.length === 1 ? (rows[0]?.id ?? null) : null,
    details: {
      action: 'seeker.search',
      by: input.idNumber !== undefined ? 'idNumber' : 'filter',
      results: rows.length,
    },
  });
  const index = await places(deps);
  const day = today(deps);
  return {
    items: rows.map((r) => presentSeeker(index, r, day, { masked: false })),
    total,
    unregisteredPerson,
  };
}
