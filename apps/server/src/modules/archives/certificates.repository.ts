import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';

// SQL for 存档证明 requested online (archive_certificate_request). Reads archive, persons and archive_agency.

export async function findPersonArchiveForRequest(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('archive as a')
    .innerJoin('archiveAgency as g', 'g.id', 'a.custodianAgencyId')
    .select(['a.id', 'a.custodianAgencyId', 'g.inCounty', 'g.name as agencyName'])
    .where('a.personId', '=', personId)
    .executeTakeFirst();
}

export async function findOpenRequest(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archiveCertificateRequest')
    .select('id')
    .where('archiveId', '=', archiveId)
    .where('state', '=', 'requested')
    .executeTakeFirst();
}

export async function insertCertificateRequest(
  db: Kysely<DB>,
  row: {
    archiveId: string;
    personId: string;
    agencyId: string;
    purpose: string;
    copies: number;
    delivery: 'download';
    requestedBy: string;
    requestedAt: Date;
  },
) {
  return db
    .insertInto('archiveCertificateRequest')
    .values({ ...row, state: 'requested' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const requestColumns = [
  'r.id',
  'r.archiveId',
  'r.personId',
  'r.agencyId',
  'r.purpose',
  'r.copies',
  'r.delivery',
  'r.state',
  'r.certificateId',
  'r.requestedAt',
  'r.decidedAt',
  'r.rejectReason',
  'a.archiveNumber',
  'p.name as personName',
  'p.idNumberMasked',
  'g.name as agencyName',
] as const;

function requestQuery(db: Kysely<DB>) {
  return db
    .selectFrom('archiveCertificateRequest as r')
    .innerJoin('archive as a', 'a.id', 'r.archiveId')
    .innerJoin('persons as p', 'p.id', 'r.personId')
    .innerJoin('archiveAgency as g', 'g.id', 'r.agencyId')
    .select(requestColumns);
}

export async function findCertificateRequest(db: Kysely<DB>, id: string) {
  return requestQuery(db).where('r.id', '=', id).executeTakeFirst();
}
export type CertificateRequestRow = NonNullable<Awaited<ReturnType<typeof findCertificateRequest>>>;

export async function listRequestsOfAgency(
  db: Kysely<DB>,
  agencyId: string,
  state: 'requested' | 'issued' | 'rejected',
) {
  return requestQuery(db)
    .where('r.agencyId', '=', agencyId)
    .where('r.state', '=', state)
    .orderBy('r.requestedAt', state === 'requested' ? 'asc' : 'desc')
    .limit(200)
    .execute();
}

export async function countRequestsOfAgency(db: Kysely<DB>, agencyId: string) {
  return db
    .selectFrom('archiveCertificateRequest')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('agencyId', '=', agencyId)
    .groupBy('state')
    .execute();
}

export async function listRequestsOfPerson(db: Kysely<DB>, personId: string) {
  return requestQuery(db).where('r.personId', '=', personId).orderBy('r.requestedAt', 'desc').execute();
}

/** Moves a request out of `requested`; undefined when it was no longer open (decided meanwhile). */
export async function decideCertificateRequest(
  db: Kysely<DB>,
  id: string,
  change:
    | { state: 'issued'; certificateId: string; decidedBy: string; decidedAt: Date }
    | { state: 'rejected'; rejectReason: string; decidedBy: string; decidedAt: Date },
) {
  return db
    .updateTable('archiveCertificateRequest')
    .set(change)
    .where('id', '=', id)
    .where('state', '=', 'requested')
    .returning('id')
    .executeTakeFirst();
}
