import {
  checkIdNumber,
  livelihoodKindLabels,
  type TLivelihoodRecord,
  type TLivelihoodResult,
  type TLivelihoodSearch,
} from '@qiaoti/contracts';
import type { LivelihoodKind } from '@qiaoti/db';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { DigitalDeps } from './digital.access.ts';
import {
  findPersonBrief,
  findPersonIdByIndex,
  insertLivelihoodRecord,
  listLivelihoodRecords,
} from './digital.repository.ts';

/**
 * 民生档案 one-stop query (issue 5 part 6): an index of which department holds which livelihood record of a person
 * (marriage, social and medical insurance, land contracts, housing, schooling, veterans' affairs …) — the index, not
 * the records. A citizen sees all of their own; staff search by person with a stated purpose; every query is audited.
 *
 * Scope: the one-stop desks — organisations with the `archives` or `services` duty (县人社局 archives, 县档案馆,
 * 县政务服务和大数据管理局) — see every department's entries; any other department with the permission sees only
 * the entries it holds itself.
 */

const ONE_STOP_DUTIES = ['archives', 'services'];

type Row = Awaited<ReturnType<typeof listLivelihoodRecords>>[number];

function present(row: Row): TLivelihoodRecord {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: livelihoodKindLabels[row.kind],
    holdingDepartment: { id: row.holdingOrganisationId, name: row.holdingName },
    referenceNumber: row.referenceNumber,
    recordDate: row.recordDate,
    summary: row.summary,
  };
}

/** A one-stop desk sees (and may load) every department's entries. */
export const isOneStop = (actor: Actor): boolean =>
  actor.organisationDuties.some((d) => ONE_STOP_DUTIES.includes(d));

function scopeOf(actor: Actor): { organisationId: string | null } {
  if (!actor.organisationId) throw new AppError('FORBIDDEN', '本账号不属于任何部门，不能查询民生档案');
  return { organisationId: isOneStop(actor) ? null : actor.organisationId };
}

export async function searchLivelihood(
  deps: DigitalDeps,
  actor: Actor,
  input: TLivelihoodSearch,
): Promise<TLivelihoodResult> {
  const scope = scopeOf(actor);
  let personId = input.personId;
  let unregisteredIndex: string | undefined;
  if (input.idNumber !== undefined) {
    const r = checkIdNumber(input.idNumber);
    if (!r.ok)
      throw new AppError('VALIDATION_FAILED', r.reason, {
        issues: [{ path: 'idNumber', message: r.reason }],
      });
    const index = deps.pii.blindIndex('id_number', r.idNumber);
    personId = await findPersonIdByIndex(deps.db, index);
    if (!personId) unregisteredIndex = index;
  }
  const person = personId ? await findPersonBrief(deps.db, personId) : undefined;
  const kinds = (input.kinds as LivelihoodKind[] | undefined) ?? null;
  // A person not in the registry may still have entries a department loaded: found by the ID number's blind index.
  const rows = person
    ? await listLivelihoodRecords(deps.db, person.id, { ...scope, kinds })
    : unregisteredIndex
      ? await listLivelihoodRecords(deps.db, { idNumberIndex: unregisteredIndex }, { ...scope, kinds })
      : [];
  // The query is recorded whatever it found, with its purpose — never the ID number searched for.
  await recordAudit(deps.db, actor, {
    event: 'livelihood.query',
    objectType: 'person',
    objectId: person?.id ?? null,
    details: {
      purpose: input.purpose,
      by: input.idNumber !== undefined ? 'idNumber' : 'personId',
      found: person !== undefined,
      records: rows.length,
      scope: scope.organisationId === null ? 'all' : 'own_department',
    },
    at: deps.clock(),
  });
  return {
    person: person ? { id: person.id, name: person.name, idNumberMasked: person.idNumberMasked } : null,
    records: rows.map(present),
    scope: scope.organisationId === null ? 'all' : [scope.organisationId],
  };
}

/** The citizen's own index entries, all departments, in one place. */
export async function myLivelihood(deps: DigitalDeps, actor: Actor): Promise<TLivelihoodResult> {
  if (!actor.personId) throw new AppError('NOT_FOUND', '本账号未关联人员信息');
  const person = await findPersonBrief(deps.db, actor.personId);
  if (!person) throw new AppError('NOT_FOUND', '本账号未关联人员信息');
  const rows = await listLivelihoodRecords(deps.db, person.id, { organisationId: null, kinds: null });
  await recordAudit(deps.db, actor, {
    event: 'livelihood.query',
    objectType: 'person',
    objectId: person.id,
    details: { purpose: '本人查询', by: 'self', found: true, records: rows.length, scope: 'self' },
    at: deps.clock(),
  });
  return {
    person: { id: person.id, name: person.name, idNumberMasked: person.idNumberMasked },
    records: rows.map(present),
    scope: 'all',
  };
}

/** A department adds an index entry for a record it holds. */
export async function addLivelihoodRecord(
  deps: DigitalDeps,
  actor: Actor,
  input: {
    personId: string;
    kind: LivelihoodKind;
    referenceNumber: string;
    recordDate: string;
    summary: string;
  },
): Promise<{ id: string }> {
  const holdingOrganisationId = actor.organisationId;
  if (!holdingOrganisationId) throw new AppError('FORBIDDEN', '本账号不属于任何部门');
  const person = await findPersonBrief(deps.db, input.personId);
  if (!person) throw new AppError('NOT_FOUND', '人员不存在');
  const at = deps.clock();
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertLivelihoodRecord(trx, {
      ...input,
      holdingOrganisationId,
      createdBy: actor.accountId,
    });
    if (!row) throw new AppError('CONFLICT', '该登记号已在索引中');
    await recordAudit(trx, actor, {
      event: 'livelihood.query',
      objectType: 'person',
      objectId: person.id,
      details: { action: 'index_add', kind: input.kind, recordId: row.id },
      at,
    });
    return { id: row.id };
  });
}
