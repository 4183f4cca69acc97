import {
  checkIdNumber,
  type TAddHouseholdMemberRequest,
  type TCreateHouseholdRequest,
  type THouseholdDetail,
  type THouseholdSearchRequest,
  type THouseholdSearchResponse,
  type TUpdateHouseholdRequest,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import {
  endMembership,
  findCurrentMembership,
  findHouseholdById,
  findHouseholdByIdForUpdate,
  findHouseholdIdByNumber,
  type HouseholdRecord,
  insertHousehold,
  insertMembership,
  linkPersons,
  listCurrentMembers,
  listCurrentMembersWithPersons,
  searchHouseholds as searchHouseholdRows,
  setHouseholdHead,
  setMemberRelation,
  updateHouseholdFields,
} from './households.repository.ts';
import { findPersonById, findPersonIdByIdNumberIndex } from './persons.repository.ts';
import { auditDenied, fieldError, registerPerson, requireWritablePlace } from './persons.service.ts';
import { placeIndex } from './places.repository.ts';
import { requireVillage } from './places.service.ts';
import { auditRegistry, type RegistryAction } from './registry-audit.ts';
import { businessDay, type RegistryDeps } from './registry-deps.ts';
import { presentHouseholdMember, presentHouseholdSummary } from './registry-presenters.ts';
import {
  isPersonInScope,
  isPlaceInScope,
  type RegistryScope,
  registryScopeOf,
  requirePermission,
} from './registry-scope.ts';

export async function getHouseholdInScope(
  deps: RegistryDeps,
  actor: Actor,
  scope: RegistryScope,
  id: string,
  event: RegistryAction,
): Promise<HouseholdRecord> {
  const household = await findHouseholdById(deps.db, id);
  if (!household) throw new AppError('NOT_FOUND');
  if (!isPlaceInScope(scope, household.villageCode)) {
    await auditDenied(deps, actor, event, 'household', id);
    throw new AppError('NOT_FOUND');
  }
  return household;
}

async function presentHousehold(
  deps: RegistryDeps,
  actor: Actor,
  household: HouseholdRecord,
): Promise<THouseholdDetail> {
  const today = businessDay(deps.clock());
  const places = await placeIndex(deps.db);
  const { members, persons } = await listCurrentMembersWithPersons(deps.db, household.id);
  const headName = household.headPersonId ? (persons.get(household.headPersonId)?.name ?? null) : null;
  return {
    ...presentHouseholdSummary(places, { ...household, headName, memberCount: members.length }),
    headPersonId: household.headPersonId,
    members: members.flatMap((m) => {
      const p = persons.get(m.personId);
      return p ? [presentHouseholdMember(places, p, m.relation, m.fromDate, today)] : [];
    }),
    can: { edit: actor.permissions.has('registry.household.write') },
  };
}

export async function getHousehold(deps: RegistryDeps, actor: Actor, id: string): Promise<THouseholdDetail> {
  requirePermission(actor, 'registry.household.read');
  const scope = registryScopeOf(actor);
  const household = await getHouseholdInScope(deps, actor, scope, id, 'household.view');
  await auditRegistry(deps.db, actor, deps.clock(), {
    event: 'household.view',
    objectType: 'household',
    objectId: id,
    outcome: 'success',
  });
  return presentHousehold(deps, actor, household);
}

/** A member's relation to the head that is a family link in its own right: spouse, child, parent. */
async function linkToHead(
  trx: Transaction<DB>,
  headId: string | null,
  personId: string,
  relation: string,
  fromDate: string,
): Promise<void> {
  if (!headId) return;
  if (relation === 'spouse')
    await linkPersons(trx, { personId: headId, relatedPersonId: personId, kind: 'spouse_of', fromDate });
  else if (relation === 'child')
    await linkPersons(trx, { personId: headId, relatedPersonId: personId, kind: 'parent_of', fromDate });
  else if (relation === 'parent')
    await linkPersons(trx, { personId, relatedPersonId: headId, kind: 'parent_of', fromDate });
}

async function countAll(deps: RegistryDeps, input: THouseholdSearchRequest): Promise<number> {
  if (input.householdNumber !== undefined)
    return (
      await searchHouseholdRows(
        deps.db,
        { kind: 'county' },
        { householdNumber: input.householdNumber.trim() },
      )
    ).length;
  const id = input.idNumber === undefined ? null : checkIdNumber(input.idNumber);
  if (!id?.ok) return 0;
  const personId = await findPersonIdByIdNumberIndex(deps.db, deps.pii.blindIndex('id_number', id.idNumber));
  return personId
    ? (await searchHouseholdRows(deps.db, { kind: 'county' }, { memberPersonId: personId })).length
    : 0;
}

/** By 户号, or by the ID number of a current member; only households in the actor's scope. */
export async function searchHouseholds(
  deps: RegistryDeps,
  actor: Actor,
  input: THouseholdSearchRequest,
): Promise<THouseholdSearchResponse> {
  requirePermission(actor, 'registry.household.read');
  const scope = registryScopeOf(actor);
  let rows: Awaited<ReturnType<typeof searchHouseholdRows>> = [];
  let by: string;
  if (input.householdNumber !== undefined) {
    by = 'householdNumber';
    rows = await searchHouseholdRows(deps.db, scope, { householdNumber: input.householdNumber.trim() });
  } else if (input.idNumber !== undefined) {
    by = 'idNumber';
    const id = checkIdNumber(input.idNumber);
    if (!id.ok) throw fieldError('idNumber', id.reason);
    const personId = await findPersonIdByIdNumberIndex(
      deps.db,
      deps.pii.blindIndex('id_number', id.idNumber),
    );
    if (personId) rows = await searchHouseholdRows(deps.db, scope, { memberPersonId: personId });
  } else {
    throw new AppError('VALIDATION_FAILED');
  }
  // A match outside the scope is answered as "no result" and audited as a denial.
  const hidden = scope.kind === 'county' ? 0 : Math.max(0, (await countAll(deps, input)) - rows.length);
  await auditRegistry(deps.db, actor, deps.clock(), {
    event: 'household.search',
    objectType: 'household',
    objectId: rows.length === 1 ? (rows[0]?.id ?? null) : null,
    outcome: hidden > 0 && rows.length === 0 ? 'denied' : 'success',
    details: { by, results: rows.length, ...(hidden > 0 ? { outOfScope: hidden } : {}) },
  });
  const places = await placeIndex(deps.db);
  return {
    households: rows.map((r) => presentHouseholdSummary(places, r)),
  };
}

/** A household and all its members (existing persons or new registrations) in one transaction: never half. */
export async function createHousehold(
  deps: RegistryDeps,
  actor: Actor,
  input: TCreateHouseholdRequest,
): Promise<THouseholdDetail> {
  requirePermission(actor, 'registry.household.write');
  const scope = registryScopeOf(actor);
  await requireWritablePlace(deps, actor, 'household.create', 'household', input.villageCode);
  for (const m of input.members)
    if ('person' in m)
      await requireWritablePlace(deps, actor, 'household.create', 'person', m.person.residenceVillageCode);
  await requireVillage(deps, 'villageCode', input.villageCode);
  const at = deps.clock();
  const today = businessDay(at);
  const fromDate = input.fromDate ?? today;
  if (fromDate > today) throw fieldError('fromDate', '入户日期不能晚于今天');
  const newMembers = input.members.filter((m) => 'person' in m).length;
  if (newMembers > 0) requirePermission(actor, 'registry.person.write');

  const household = await deps.db.transaction().execute(async (trx) => {
    if (input.householdNumber && (await findHouseholdIdByNumber(trx, input.householdNumber.trim())))
      throw new AppError('CONFLICT', '该户号已登记', {
        issues: [{ path: 'householdNumber', message: '该户号已登记' }],
      });
    const h = await insertHousehold(trx, {
      householdNumber: input.householdNumber?.trim() || null,
      villageCode: input.villageCode,
      address: input.address?.trim() || null,
    });
    const seen = new Set<string>();
    const joined: { personId: string; relation: string }[] = [];
    for (const [i, m] of input.members.entries()) {
      let personId: string;
      if ('personId' in m) {
        const p = await findPersonById(trx, m.personId);
        if (!p || !isPersonInScope(scope, p))
          throw fieldError(`members.${i}.personId`, '人员不存在或无权查看');
        personId = p.id;
      } else {
        const p = await registerPerson(trx, deps, actor, m.person, {
          occurredOn: fromDate,
          source: 'registry.household',
          pathPrefix: `members.${i}.person.`,
        });
        personId = p.id;
      }
      if (seen.has(personId)) throw fieldError(`members.${i}`, '同一人员不能重复加入');
      seen.add(personId);
      if (await findCurrentMembership(trx, personId))
        throw new AppError('CONFLICT', '该人员已属于其他家庭户，请先从原户迁出', {
          issues: [{ path: `members.${i}`, message: '该人员已属于其他家庭户，请先从原户迁出' }],
        });
      await insertMembership(trx, { householdId: h.id, personId, relation: m.relation, fromDate });
      if (m.relation === 'head') await setHouseholdHead(trx, h.id, personId, at);
      joined.push({ personId, relation: m.relation });
    }
    const headId = joined.find((j) => j.relation === 'head')?.personId ?? null;
    for (const j of joined) await linkToHead(trx, headId, j.personId, j.relation, fromDate);
    await auditRegistry(trx, actor, at, {
      event: 'household.create',
      objectType: 'household',
      objectId: h.id,
      outcome: 'success',
      details: { members: input.members.length, newPersons: newMembers },
    });
    return (await findHouseholdById(trx, h.id)) ?? h;
  });
  return presentHousehold(deps, actor, household);
}

export async function addHouseholdMember(
  deps: RegistryDeps,
  actor: Actor,
  householdId: string,
  input: TAddHouseholdMemberRequest,
): Promise<THouseholdDetail> {
  requirePermission(actor, 'registry.household.write');
  const scope = registryScopeOf(actor);
  await getHouseholdInScope(deps, actor, scope, householdId, 'household.member.add');
  const person = await findPersonById(deps.db, input.personId);
  if (!person || !isPersonInScope(scope, person)) {
    if (person) await auditDenied(deps, actor, 'household.member.add', 'person', person.id);
    throw new AppError('NOT_FOUND');
  }
  const at = deps.clock();
  const today = businessDay(at);
  const fromDate = input.fromDate ?? today;
  if (fromDate > today) throw fieldError('fromDate', '入户日期不能晚于今天');
  const household = await deps.db.transaction().execute(async (trx) => {
    const h = await findHouseholdByIdForUpdate(trx, householdId);
    if (!h) throw new AppError('NOT_FOUND');
    if (await findCurrentMembership(trx, person.id))
      throw new AppError('CONFLICT', '该人员已属于一个家庭户，请先从原户迁出');
    await insertMembership(trx, { householdId, personId: person.id, relation: input.relation, fromDate });
    await linkToHead(trx, h.headPersonId, person.id, input.relation, fromDate);
    await auditRegistry(trx, actor, at, {
      event: 'household.member.add',
      objectType: 'household',
      objectId: householdId,
      outcome: 'success',
      details: { personId: person.id, relation: input.relation },
    });
    return h;
  });
  return presentHousehold(deps, actor, household);
}

/** Ends a membership today (the history stays). The head leaves last: change the head first. */
export async function removeHouseholdMember(
  deps: RegistryDeps,
  actor: Actor,
  householdId: string,
  personId: string,
): Promise<THouseholdDetail> {
  requirePermission(actor, 'registry.household.write');
  const scope = registryScopeOf(actor);
  await getHouseholdInScope(deps, actor, scope, householdId, 'household.member.remove');
  const at = deps.clock();
  const today = businessDay(at);
  const household = await deps.db.transaction().execute(async (trx) => {
    const h = await findHouseholdByIdForUpdate(trx, householdId);
    if (!h) throw new AppError('NOT_FOUND');
    const members = await listCurrentMembers(trx, householdId);
    const member = members.find((m) => m.personId === personId);
    if (!member) throw new AppError('NOT_FOUND');
    if (member.relation === 'head' && members.length > 1)
      throw new AppError('CONFLICT', '户主不能在其他成员之前迁出，请先变更户主');
    if (member.fromDate > today) throw new AppError('CONFLICT', '该成员的入户日期晚于今天，无法迁出');
    await endMembership(trx, householdId, personId, today);
    if (member.relation === 'head') await setHouseholdHead(trx, householdId, null, at);
    await auditRegistry(trx, actor, at, {
      event: 'household.member.remove',
      objectType: 'household',
      objectId: householdId,
      outcome: 'success',
      details: { personId },
    });
    return (await findHouseholdById(trx, householdId)) ?? h;
  });
  return presentHousehold(deps, actor, household);
}

/** Address, 户号, or a change of head: the new head must be a current member; the former head takes a relation. */
export async function updateHousehold(
  deps: RegistryDeps,
  actor: Actor,
  householdId: string,
  input: TUpdateHouseholdRequest,
): Promise<THouseholdDetail> {
  requirePermission(actor, 'registry.household.write');
  const scope = registryScopeOf(actor);
  await getHouseholdInScope(deps, actor, scope, householdId, 'household.update');
  const at = deps.clock();
  const household = await deps.db.transaction().execute(async (trx) => {
    const h = await findHouseholdByIdForUpdate(trx, householdId);
    if (!h) throw new AppError('NOT_FOUND');
    const number = input.householdNumber?.trim();
    if (number && number !== h.householdNumber && (await findHouseholdIdByNumber(trx, number)))
      throw new AppError('CONFLICT', '该户号已登记', {
        issues: [{ path: 'householdNumber', message: '该户号已登记' }],
      });
    await updateHouseholdFields(
      trx,
      householdId,
      {
        ...(input.householdNumber !== undefined ? { householdNumber: number || null } : {}),
        ...(input.address !== undefined ? { address: input.address?.trim() || null } : {}),
      },
      at,
    );
    if (input.newHeadPersonId && input.formerHeadRelation) {
      const members = await listCurrentMembers(trx, householdId);
      if (!members.some((m) => m.personId === input.newHeadPersonId))
        throw fieldError('newHeadPersonId', '新户主须是本户现有成员');
      if (h.headPersonId && h.headPersonId !== input.newHeadPersonId)
        await setMemberRelation(trx, householdId, h.headPersonId, input.formerHeadRelation);
      await setMemberRelation(trx, householdId, input.newHeadPersonId, 'head');
      await setHouseholdHead(trx, householdId, input.newHeadPersonId, at);
    }
    await auditRegistry(trx, actor, at, {
      event: 'household.update',
      objectType: 'household',
      objectId: householdId,
      outcome: 'success',
      details: { fields: Object.keys(input) },
    });
    return (await findHouseholdById(trx, householdId)) ?? h;
  });
  return presentHousehold(deps, actor, household);
}
