import { type TFulfilPledge, type TPledge, ZFulfilPledge } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { runIdempotent } from '../../plugins/idempotency.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { actorAgency } from './agencies.service.ts';
import { shanghaiDay } from './archives.decisions.ts';

/**
 * 告知承诺 follow-up: the agency accepted an archive with materials missing and recorded the pledge at intake; when the
 * materials arrive they are added to the catalogue and the pledge is fulfilled in one step. Pledges past their due
 * date stay open and are listed in the 逾期 queue.
 */

function pledgeQuery(db: Kysely<DB>) {
  return db
    .selectFrom('archivePledge as g')
    .innerJoin('archive as a', 'a.id', 'g.archiveId')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .select([
      'g.id',
      'g.archiveId',
      'a.archiveNumber',
      'a.custodianAgencyId',
      'p.name as personName',
      'g.missing',
      'g.dueDate',
      'g.status',
      'g.fulfilledAt',
    ]);
}
type PledgeRow = Awaited<ReturnType<ReturnType<typeof pledgeQuery>['executeTakeFirstOrThrow']>>;

function present(r: PledgeRow, today: string): TPledge {
  return {
    id: r.id,
    archiveId: r.archiveId,
    archiveNumber: r.archiveNumber,
    personName: r.personName,
    missing: [...r.missing],
    dueDate: r.dueDate,
    status: r.status,
    overdue: r.status === 'open' && r.dueDate < today,
    fulfilledAt: r.fulfilledAt === null ? null : new Date(r.fulfilledAt).toISOString(),
  };
}

/** Pledges of the archives the acting agency holds: open (default), overdue only, or all. Earliest due first. */
export async function listPledgeQueue(
  db: Kysely<DB>,
  actor: Actor,
  filter: 'open' | 'overdue' | 'all',
  now: Date,
): Promise<{ pledges: TPledge[] }> {
  const mine = await actorAgency(db, actor);
  const today = shanghaiDay(now);
  let q = pledgeQuery(db).where('a.custodianAgencyId', '=', mine.id);
  if (filter !== 'all') q = q.where('g.status', '=', 'open');
  if (filter === 'overdue') q = q.where('g.dueDate', '<', today);
  const rows = await q.orderBy('g.status').orderBy('g.dueDate').orderBy('g.id').limit(500).execute();
  return { pledges: rows.map((r) => present(r, today)) };
}

/**
 * Fulfils a 告知承诺: the materials that arrived are added to the archive's catalogue and the pledge is marked
 * fulfilled, audited, in one transaction. Idempotent: a retry with the same key replays the answer; fulfilling an
 * already fulfilled pledge adds nothing and says so.
 */
export async function fulfilPledge(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  pledgeId: string,
  raw: TFulfilPledge,
  now: Date,
): Promise<{ pledge: TPledge; materialIds: string[]; alreadyFulfilled: boolean }> {
  const input = ZFulfilPledge.parse(raw);
  const { result } = await runIdempotent(
    db,
    actor,
    key,
    { op: 'archives.pledge.fulfil', pledgeId, input },
    async (trx) => {
      const mine = await actorAgency(trx, actor);
      const locked = await trx
        .selectFrom('archivePledge')
        .select(['id', 'status'])
        .where('id', '=', pledgeId)
        .forUpdate()
        .executeTakeFirst();
      const row = locked ? await pledgeQuery(trx).where('g.id', '=', pledgeId).executeTakeFirst() : undefined;
      if (!row || row.custodianAgencyId !== mine.id) throw new AppError('NOT_FOUND');
      const today = shanghaiDay(now);
      if (row.status === 'fulfilled')
        return { pledge: present(row, today), materialIds: [], alreadyFulfilled: true };
      const volumes = await trx
        .selectFrom('archiveVolume')
        .select(['id', 'kind'])
        .where('archiveId', '=', row.archiveId)
        .orderBy('volumeNumber')
        .execute();
      const materialIds: string[] = [];
      for (const m of input.materials) {
        const volume = volumes.find((v) => v.kind === (m.volume ?? 'original'));
        const inserted = await trx
          .insertInto('archiveMaterial')
          .values({
            archiveId: row.archiveId,
            volumeId: volume?.id ?? null,
            class: m.class,
            title: m.title,
            pages: m.pages,
            materialDate: m.materialDate ?? null,
            bornDigital: m.bornDigital ?? false,
            createdBy: actor.accountId,
            createdAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        materialIds.push(inserted.id);
      }
      await trx
        .updateTable('archivePledge')
        .set({ status: 'fulfilled', fulfilledAt: now })
        .where('id', '=', pledgeId)
        .execute();
      await recordAudit(trx, actor, {
        event: 'archive.pledge',
        objectType: 'archive',
        objectId: row.archiveId,
        details: {
          pledgeId,
          materialIds,
          classes: input.materials.map((m) => m.class),
        },
        at: now,
      });
      const after = await pledgeQuery(trx).where('g.id', '=', pledgeId).executeTakeFirstOrThrow();
      return { pledge: present(after, today), materialIds, alreadyFulfilled: false };
    },
  );
  return result;
}
