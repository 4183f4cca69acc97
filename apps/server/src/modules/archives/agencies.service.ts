import { randomUUID } from 'node:crypto';
import { type TArchiveAgency, type TCounterpartAgency, ZCounterpartAgency } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type AgencyRow, findAgency, findAgencyOfOrganisation, listAgencies } from './agencies.repository.ts';

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

/** Records a counterpart agency outside the county (跨省通办), by staff of an agency in the county; audited. */
export async function createCounterpart(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  raw: TCounterpartAgency,
  now: Date,
): Promise<TArchiveAgency> {
  const input = ZCounterpartAgency.parse(raw);
  const { result } = await runIdempotent(
    db,
    actor,
    key,
    { op: 'archives.agency.create', input },
    async (trx) => {
      await actorAgency(trx, actor);
      const same = await trx
        .selectFrom('archiveAgency')
        .select('id')
        .where('kind', '=', 'external')
        .where('name', '=', input.name)
        .where('regionName', '=', input.regionName)
        .executeTakeFirst();
      if (same) throw new AppError('CONFLICT', '该县外机构已有记录');
      const row = await trx
        .insertInto('archiveAgency')
        .values({
          code: `ext-${randomUUID().slice(0, 8)}`,
          name: input.name,
          kind: 'external',
          inCounty: false,
          regionName: input.regionName,
          address: input.address || null,
          contact: input.contact || null,
          createdAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        event: 'archive.agency',
        objectType: 'archive_agency',
        objectId: row.id,
        details: { step: 'create' },
        at: now,
      });
      const created = await findAgency(trx, row.id);
      if (!created) throw new AppError('INTERNAL');
      return presentAgency(created);
    },
  );
  return result;
}

/** Edits a counterpart agency's record (only agencies outside the county; in-county ones are set up centrally). */
export async function updateCounterpart(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  id: string,
  raw: TCounterpartAgency,
  now: Date,
): Promise<TArchiveAgency> {
  const input = ZCounterpartAgency.parse(raw);
  const { result } = await runIdempotent(
    db,
    actor,
    key,
    { op: 'archives.agency.update', id, input },
    async (trx) => {
      await actorAgency(trx, actor);
      const existing = await findAgency(trx, id);
      if (!existing) throw new AppError('NOT_FOUND');
      if (existing.inCounty) throw new AppError('FORBIDDEN', '县内档案机构的信息由系统管理员维护');
      await trx
        .updateTable('archiveAgency')
        .set({
          name: input.name,
          regionName: input.regionName,
          address: input.address || null,
          contact: input.contact || null,
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        event: 'archive.agency',
        objectType: 'archive_agency',
        objectId: id,
        details: { step: 'update' },
        at: now,
      });
      const updated = await findAgency(trx, id);
      if (!updated) throw new AppError('INTERNAL');
      return presentAgency(updated);
    },
  );
  return result;
}
