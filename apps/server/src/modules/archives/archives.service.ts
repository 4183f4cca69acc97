import {
  archiveMaterialClasses,
  type TArchiveDetail,
  type TMyArchive,
  type TNewMaterial,
  ZNewMaterial,
} from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findAgency } from './agencies.repository.ts';
import { actorAgency, presentAgency } from './agencies.service.ts';
import { shanghaiDay } from './archives.decisions.ts';
import {
  catalogueCounts,
  findArchive,
  findArchiveOfPerson,
  isPartyToTransfer,
  listHeld,
  listMaterials,
  listPledges,
  listVolumes,
} from './archives.repository.ts';
import { listCustody } from './custody.repository.ts';
import { transfersOfArchive } from './transfers.service.ts';

async function ledgerOf(db: Kysely<DB>, archiveId: string) {
  return (await listCustody(db, archiveId)).map((c) => ({
    seq: c.seq,
    from: c.fromName,
    to: c.toName,
    toAgencyId: c.toAgencyId,
    reason: c.reason,
    note: c.note,
    at: new Date(c.at).toISOString(),
  }));
}

async function catalogueOf(db: Kysely<DB>, archiveId: string) {
  const counts = new Map((await catalogueCounts(db, archiveId)).map((c) => [Number(c.class), c]));
  return Object.entries(archiveMaterialClasses).map(([k, label]) => {
    const c = counts.get(Number(k));
    return { class: Number(k), label, items: Number(c?.items ?? 0), pages: Number(c?.pages ?? 0) };
  });
}

/** Staff may read an archive their agency holds or is a party to a transfer of. */
async function readableArchive(db: Kysely<DB>, actor: Actor, id: string) {
  const archive = await findArchive(db, id);
  if (!archive) throw new AppError('NOT_FOUND');
  const mine = await actorAgency(db, actor);
  if (archive.custodianAgencyId !== mine.id && !(await isPartyToTransfer(db, id, mine.id))) {
    throw new AppError('NOT_FOUND');
  }
  return { archive, mine };
}

/** Archive page: person (masked), custodian, custody ledger, volumes, catalogue by class, materials, transfers. */
export async function getArchive(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  now: Date,
): Promise<TArchiveDetail> {
  const { archive } = await readableArchive(db, actor, id);
  const custodian = await findAgency(db, archive.custodianAgencyId);
  if (!custodian) throw new AppError('INTERNAL');
  const [ledger, volumes, catalogue, materials, pledges, transfers] = await Promise.all([
    ledgerOf(db, id),
    listVolumes(db, id),
    catalogueOf(db, id),
    listMaterials(db, id),
    listPledges(db, id),
    transfersOfArchive(db, id, shanghaiDay(now)),
  ]);
  await db
    .transaction()
    .execute((trx) =>
      recordAudit(trx, actor, { event: 'archive.view', objectType: 'archive', objectId: id, at: now }),
    );
  return {
    id: archive.id,
    archiveNumber: archive.archiveNumber,
    person: { id: archive.personId, name: archive.name, idNumberMasked: archive.idNumberMasked },
    custodian: presentAgency(custodian),
    ledger,
    volumes: volumes.map((v) => ({ kind: v.kind, volumeNumber: v.volumeNumber, items: Number(v.items) })),
    catalogue,
    materials: materials.map((m) => ({
      id: m.id,
      class: m.class,
      title: m.title,
      pages: m.pages,
      materialDate: m.materialDate,
      bornDigital: m.bornDigital,
      volume: m.volume,
    })),
    pledges: pledges.map((p) => ({ id: p.id, missing: p.missing, dueDate: p.dueDate, status: p.status })),
    transfers,
  };
}

/** The archives the acting agency holds now. */
export async function listArchives(
  db: Kysely<DB>,
  actor: Actor,
  q: { name?: string | undefined; offset: number; limit: number },
) {
  const mine = await actorAgency(db, actor);
  const { total, rows } = await listHeld(db, mine.id, {
    offset: q.offset,
    limit: q.limit,
    ...(q.name ? { name: q.name } : {}),
  });
  return {
    total,
    archives: rows.map((r) => ({
      id: r.id,
      archiveNumber: r.archiveNumber,
      personName: r.name,
      idNumberMasked: r.idNumberMasked,
      items: Number(r.items ?? 0),
      openTransfer: r.openTransfer ?? null,
    })),
  };
}

/** Adds a material item to an archive the acting agency holds. */
export async function addMaterial(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  archiveId: string,
  raw: TNewMaterial,
  now: Date,
): Promise<{ id: string }> {
  const input = ZNewMaterial.parse(raw);
  const { result } = await runIdempotent(
    db,
    actor,
    key,
    { op: 'archives.material', archiveId, input },
    async (trx) => {
      const archive = await findArchive(trx, archiveId);
      const mine = await actorAgency(trx, actor);
      if (!archive || archive.custodianAgencyId !== mine.id) throw new AppError('NOT_FOUND');
      const volume = await trx
        .selectFrom('archiveVolume')
        .select('id')
        .where('archiveId', '=', archiveId)
        .where('kind', '=', input.volume ?? 'original')
        .orderBy('volumeNumber')
        .executeTakeFirst();
      const row = await trx
        .insertInto('archiveMaterial')
        .values({
          archiveId,
          volumeId: volume?.id ?? null,
          class: input.class,
          title: input.title,
          pages: input.pages,
          materialDate: input.materialDate ?? null,
          bornDigital: input.bornDigital ?? false,
          createdBy: actor.accountId,
          createdAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        event: 'archive.material',
        objectType: 'archive',
        objectId: archiveId,
        details: { materialId: row.id, class: input.class },
        at: now,
      });
      return { id: row.id };
    },
  );
  return result;
}

/** The person's own archive: where it is, since when, history, catalogue by class, open pledges, transfers. */
export async function getMyArchive(db: Kysely<DB>, actor: Actor, now: Date): Promise<TMyArchive> {
  if (!actor.personId) throw new AppError('FORBIDDEN', '本账号未关联人员信息');
  const own = await findArchiveOfPerson(db, actor.personId);
  if (!own) return { archive: null };
  const archive = await findArchive(db, own.id);
  if (!archive) return { archive: null };
  const custodian = await findAgency(db, archive.custodianAgencyId);
  if (!custodian) throw new AppError('INTERNAL');
  const [ledger, catalogue, pledges, transfers] = await Promise.all([
    ledgerOf(db, own.id),
    catalogueOf(db, own.id),
    listPledges(db, own.id),
    transfersOfArchive(db, own.id, shanghaiDay(now)),
  ]);
  return {
    archive: {
      id: archive.id,
      archiveNumber: archive.archiveNumber,
      custodian: presentAgency(custodian),
      since: ledger.at(-1)?.at ?? new Date(now).toISOString(),
      ledger,
      catalogue,
      pledges: pledges.map((p) => ({ missing: p.missing, dueDate: p.dueDate, status: p.status })),
      transfers,
    },
  };
}
