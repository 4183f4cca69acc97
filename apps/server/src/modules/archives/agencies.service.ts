import type { TArchiveAgency } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { type AgencyRow, findAgencyOfOrganisation, listAgencies } from './agencies.repository.ts';

export function presentAgency(a: AgencyRow): TArchiveAgency {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    kind: a.kind,
    inCounty: a.inCounty,
    regionName: a.regionName,
    address: a.address,
    contact: a.contact,
  };
}

/** The archive agency the acting staff member works for (data scope of every staff action); refused otherwise. */
export async function actorAgency(db: Kysely<DB>, actor: Actor): Promise<AgencyRow> {
  if (!actor.organisationId) throw new AppError('FORBIDDEN', '本账号不属于任何档案管理机构');
  const agency = await findAgencyOfOrganisation(db, actor.organisationId);
  if (!agency?.inCounty) throw new AppError('FORBIDDEN', '本账号所在单位不是档案管理机构');
  return agency;
}

export async function getAgencies(db: Kysely<DB>, _actor: Actor): Promise<{ agencies: TArchiveAgency[] }> {
  return { agencies: (await listAgencies(db)).map(presentAgency) };
}
