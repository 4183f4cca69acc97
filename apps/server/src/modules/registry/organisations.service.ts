import {
  checkUscc,
  type TCreateOrganisationRequest,
  type TOrganisation,
  type TOrganisationList,
  type TOrganisationListQuery,
} from '@qiaoti/contracts';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import {
  findOrganisationByUscc,
  insertOrganisation,
  listOrganisations as listOrganisationRows,
  type OrganisationRecord,
} from './organisations.repository.ts';
import { fieldError } from './persons.service.ts';
import { type PlaceEntry, placeIndex } from './places.repository.ts';
import { unknownCode } from './places.service.ts';
import { auditRegistry } from './registry-audit.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { placeLabel } from './registry-presenters.ts';
import { requirePermission } from './registry-scope.ts';

function present(places: Map<string, PlaceEntry>, o: OrganisationRecord): TOrganisation {
  return {
    id: o.id,
    kind: o.kind,
    code: o.code,
    name: o.name,
    uscc: o.uscc,
    placeCode: o.placeCode,
    placeName: o.placeCode ? placeLabel(places, o.placeCode) : null,
    duties: [...o.duties],
  };
}

/**
 * Departments, township governments and employers. Public bodies are listed to every holder of
 * registry.organisation.read; an employer's account sees, among employers, only its own organisation.
 */
export async function listOrganisations(
  deps: RegistryDeps,
  actor: Actor,
  input: TOrganisationListQuery,
): Promise<TOrganisationList> {
  requirePermission(actor, 'registry.organisation.read');
  const isEmployer = actor.organisationKind === 'employer' || actor.roles.includes('employer');
  let rows: OrganisationRecord[];
  if (isEmployer) {
    const publicBodies =
      input.kind === 'employer'
        ? []
        : (await listOrganisationRows(deps.db, { kind: input.kind, q: input.q }, input.limit)).filter(
            (o) => o.kind !== 'employer',
          );
    const own =
      actor.organisationId && (input.kind === undefined || input.kind === 'employer')
        ? await listOrganisationRows(
            deps.db,
            { kind: 'employer', q: input.q, onlyId: actor.organisationId },
            1,
          )
        : [];
    rows = [...own, ...publicBodies];
  } else {
    rows = await listOrganisationRows(deps.db, { kind: input.kind, q: input.q }, input.limit);
  }
  const places = await placeIndex(deps.db);
  return {
    organisations: rows.slice(0, input.limit).map((o) => present(places, o)),
    truncated: rows.length > input.limit,
  };
}

/** Registers an employer: 统一社会信用代码 per GB 32100, one organisation per code. */
export async function createOrganisation(
  deps: RegistryDeps,
  actor: Actor,
  input: TCreateOrganisationRequest,
): Promise<TOrganisation> {
  requirePermission(actor, 'registry.organisation.write');
  const uscc = checkUscc(input.uscc);
  if (!uscc.ok) throw fieldError('uscc', uscc.reason);
  const places = await placeIndex(deps.db);
  if (input.placeCode) {
    const p = places.get(input.placeCode);
    if (!p || (p.level !== 'township' && p.level !== 'village'))
      throw unknownCode('placeCode', input.placeCode);
  }
  const at = deps.clock();
  const org = await deps.db.transaction().execute(async (trx) => {
    if (await findOrganisationByUscc(trx, uscc.uscc))
      throw new AppError('CONFLICT', '该统一社会信用代码已登记', {
        issues: [{ path: 'uscc', message: '该统一社会信用代码已登记' }],
      });
    const o = await insertOrganisation(trx, {
      kind: 'employer',
      name: input.name.trim(),
      uscc: uscc.uscc,
      placeCode: input.placeCode ?? null,
    });
    await auditRegistry(trx, actor, at, {
      event: 'organisation.create',
      objectType: 'organisation',
      objectId: o.id,
      outcome: 'success',
      details: { kind: 'employer' },
    });
    return o;
  });
  return present(places, org);
}
