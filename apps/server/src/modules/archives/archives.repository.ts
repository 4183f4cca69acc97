import type { DB } from '@qiaoti/db';
import { type Kysely, sql } from 'kysely';

export async function findArchive(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('archive as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .select([
      'a.id',
      'a.archiveNumber',
      'a.personId',
      'a.custodianAgencyId',
      'a.custodySeq',
      'p.name',
      'p.idNumberMasked',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export async function findArchiveOfPerson(db: Kysely<DB>, personId: string) {
  return db.selectFrom('archive').select(['id']).where('personId', '=', personId).executeTakeFirst();
}

export async function listVolumes(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archiveVolume as v')
    .leftJoin('archiveMaterial as m', 'm.volumeId', 'v.id')
    .select(['v.kind', 'v.volumeNumber', (eb) => eb.fn.count<number>('m.id').as('items')])
    .where('v.archiveId', '=', archiveId)
    .groupBy(['v.id', 'v.kind', 'v.volumeNumber'])
    .orderBy('v.kind', 'desc')
    .orderBy('v.volumeNumber')
    .execute();
}

export async function listMaterials(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archiveMaterial as m')
    .leftJoin('archiveVolume as v', 'v.id', 'm.volumeId')
    .select(['m.id', 'm.class', 'm.title', 'm.pages', 'm.materialDate', 'm.bornDigital', 'v.kind as volume'])
    .where('m.archiveId', '=', archiveId)
    .orderBy('m.class')
    .orderBy('m.materialDate')
    .orderBy('m.createdAt')
    .execute();
}

export async function catalogueCounts(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archiveMaterial')
    .select([
      'class',
      (eb) => eb.fn.countAll<number>().as('items'),
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('pages'), sql<number>`0`).as('pages'),
    ])
    .where('archiveId', '=', archiveId)
    .groupBy('class')
    .execute();
}

export async function listPledges(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archivePledge')
    .select(['id', 'missing', 'dueDate', 'status'])
    .where('archiveId', '=', archiveId)
    .orderBy('createdAt')
    .execute();
}

/** Archives an agency holds now, with a name filter, paged. */
export async function listHeld(
  db: Kysely<DB>,
  agencyId: string,
  q: { name?: string; offset: number; limit: number },
) {
  let base = db
    .selectFrom('archive as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .where('a.custodianAgencyId', '=', agencyId);
  if (q.name) base = base.where('p.name', 'like', `%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'a.id',
      'a.archiveNumber',
      'p.name',
      'p.idNumberMasked',
      (eb) =>
        eb
          .selectFrom('archiveMaterial as m')
          .whereRef('m.archiveId', '=', 'a.id')
          .select((e) => e.fn.countAll<number>().as('c'))
          .as('items'),
      (eb) =>
        eb
          .selectFrom('archiveTransfer as t')
          .whereRef('t.archiveId', '=', 'a.id')
          .where('t.state', 'in', ['requested', 'approved', 'sent', 'returned'])
          .select('t.state')
          .limit(1)
          .as('openTransfer'),
    ])
    .orderBy('a.createdAt', 'desc')
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  return { total: Number(total.n), rows };
}

/** Whether an agency is a party to any transfer of the archive (it may then read the archive). */
export async function isPartyToTransfer(
  db: Kysely<DB>,
  archiveId: string,
  agencyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('archiveTransfer')
    .select('id')
    .where('archiveId', '=', archiveId)
    .where((eb) => eb.or([eb('fromAgencyId', '=', agencyId), eb('toAgencyId', '=', agencyId)]))
    .executeTakeFirst();
  return row !== undefined;
}
