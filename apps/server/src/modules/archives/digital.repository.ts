import type { DB, LivelihoodKind } from '@qiaoti/db';
import { type Kysely, sql } from 'kysely';

// SQL for digitisation, online transfer of digitised archives, borrowing, 存档证明 and the 民生档案 index. Reads the
// archives core tables (archive, archive_material, archive_agency, archive_custody, archive_transfer); never writes
// them, except adding a born-digital material item.

/** The archive with its person and current custodian: what every archive-level check and document needs. */
export async function findArchiveHead(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archive as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .innerJoin('archiveAgency as g', 'g.id', 'a.custodianAgencyId')
    .select([
      'a.id',
      'a.archiveNumber',
      'a.personId',
      'a.custodianAgencyId',
      'a.custodySeq',
      'p.name as personName',
      'p.gender',
      'p.birthDate',
      'p.idNumberMasked',
      'g.name as custodianName',
      'g.address as custodianAddress',
      'g.contact as custodianContact',
    ])
    .where('a.id', '=', archiveId)
    .executeTakeFirst();
}
export type ArchiveHead = NonNullable<Awaited<ReturnType<typeof findArchiveHead>>>;

export async function findArchiveIdOfPerson(db: Kysely<DB>, personId: string) {
  const row = await db.selectFrom('archive').select('id').where('personId', '=', personId).executeTakeFirst();
  return row?.id;
}

/** When the current custodian took the archive (the custody row the archive stands on). */
export async function findCurrentCustodySince(db: Kysely<DB>, archiveId: string, seq: number) {
  const row = await db
    .selectFrom('archiveCustody')
    .select('at')
    .where('archiveId', '=', archiveId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.at;
}

const materialColumns = [
  'id',
  'archiveId',
  'class',
  'title',
  'pages',
  'materialDate',
  'bornDigital',
  'createdAt',
] as const;

export async function listMaterials(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archiveMaterial')
    .select(materialColumns)
    .where('archiveId', '=', archiveId)
    .orderBy('class')
    .orderBy('materialDate')
    .orderBy('createdAt')
    .execute();
}

export async function findMaterial(db: Kysely<DB>, id: string) {
  return db.selectFrom('archiveMaterial').select(materialColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertBornDigitalMaterial(
  db: Kysely<DB>,
  row: {
    archiveId: string;
    class: number;
    title: string;
    pages: number;
    materialDate: string | null;
    createdBy: string;
    createdAt: Date;
  },
) {
  return db
    .insertInto('archiveMaterial')
    .values({ ...row, bornDigital: true, volumeId: null })
    .returning(materialColumns)
    .executeTakeFirstOrThrow();
}

/** The open transfer (core) from the custodian to `toAgencyId`, if there is one: a package travels with it. */
export async function findOpenTransferTo(db: Kysely<DB>, archiveId: string, toAgencyId: string) {
  const row = await db
    .selectFrom('archiveTransfer')
    .select('id')
    .where('archiveId', '=', archiveId)
    .where('toAgencyId', '=', toAgencyId)
    .where('state', 'in', ['requested', 'approved', 'sent'])
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Is `agencyId` the receiver of an open transfer or a digital package of this archive (may look before custody)? */
export async function isIncomingTo(db: Kysely<DB>, archiveId: string, agencyId: string): Promise<boolean> {
  const transfer = await db
    .selectFrom('archiveTransfer')
    .select('id')
    .where('archiveId', '=', archiveId)
    .where('toAgencyId', '=', agencyId)
    .where('state', 'in', ['approved', 'sent'])
    .executeTakeFirst();
  if (transfer) return true;
  const pkg = await db
    .selectFrom('archiveDigitalTransfer')
    .select('id')
    .where('archiveId', '=', archiveId)
    .where('toAgencyId', '=', agencyId)
    .where('state', 'in', ['sent', 'received'])
    .executeTakeFirst();
  return pkg !== undefined;
}

// ── Digital transfers ─────────────────────────────────────────────────────────────────────────────────────────

const digitalColumns = [
  'd.id',
  'd.archiveId',
  'd.transferId',
  'd.fromAgencyId',
  'd.toAgencyId',
  'd.manifest',
  'd.manifestDigest',
  'd.itemCount',
  'd.fileCount',
  'd.state',
  'd.sentAt',
  'd.receivedAt',
  'd.verification',
  'd.receiptNumber',
  'd.rejectReason',
  'a.archiveNumber',
  'p.name as personName',
  'f.name as fromName',
  't.name as toName',
] as const;

function digitalBase(db: Kysely<DB>) {
  return db
    .selectFrom('archiveDigitalTransfer as d')
    .innerJoin('archive as a', 'a.id', 'd.archiveId')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .innerJoin('archiveAgency as f', 'f.id', 'd.fromAgencyId')
    .innerJoin('archiveAgency as t', 't.id', 'd.toAgencyId')
    .select(digitalColumns);
}

export async function findDigitalTransfer(db: Kysely<DB>, id: string) {
  return digitalBase(db).where('d.id', '=', id).executeTakeFirst();
}
export type DigitalTransferRow = NonNullable<Awaited<ReturnType<typeof findDigitalTransfer>>>;

export async function listDigitalTransfersOfAgency(db: Kysely<DB>, agencyId: string) {
  return digitalBase(db)
    .where((eb) => eb.or([eb('d.fromAgencyId', '=', agencyId), eb('d.toAgencyId', '=', agencyId)]))
    .orderBy('d.sentAt', 'desc')
    .limit(200)
    .execute();
}

export async function listDigitalTransfersOfArchive(db: Kysely<DB>, archiveId: string) {
  return digitalBase(db).where('d.archiveId', '=', archiveId).orderBy('d.sentAt', 'desc').execute();
}

export async function hasPendingDigitalTransfer(db: Kysely<DB>, archiveId: string, toAgencyId: string) {
  const row = await db
    .selectFrom('archiveDigitalTransfer')
    .select('id')
    .where('archiveId', '=', archiveId)
    .where('toAgencyId', '=', toAgencyId)
    .where('state', '=', 'sent')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertDigitalTransfer(
  db: Kysely<DB>,
  row: {
    archiveId: string;
    transferId: string | null;
    fromAgencyId: string;
    toAgencyId: string;
    manifest: unknown;
    manifestDigest: string;
    itemCount: number;
    fileCount: number;
    sentBy: string;
    sentAt: Date;
  },
) {
  return db
    .insertInto('archiveDigitalTransfer')
    .values({ ...row, manifest: JSON.stringify(row.manifest), state: 'sent' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function completeDigitalTransfer(
  db: Kysely<DB>,
  id: string,
  row: {
    state: 'received' | 'rejected';
    receivedBy: string;
    receivedAt: Date;
    verification: unknown;
    receiptNumber: string | null;
    rejectReason: string | null;
  },
) {
  return db
    .updateTable('archiveDigitalTransfer')
    .set({ ...row, verification: JSON.stringify(row.verification) })
    .where('id', '=', id)
    .where('state', '=', 'sent')
    .returning('id')
    .executeTakeFirst();
}

export async function nextSequenceValue(
  db: Kysely<DB>,
  sequence: 'archive_certificate_number_seq' | 'archive_digital_receipt_seq',
): Promise<number> {
  const r = await sql<{ n: string }>`select nextval(${sequence}) as n`.execute(db);
  return Number(r.rows[0]?.n);
}

export async function fileDigestsKnown(db: Kysely<DB>, digests: readonly string[]): Promise<Set<string>> {
  if (digests.length === 0) return new Set();
  const rows = await db
    .selectFrom('files')
    .select('digest')
    .where('digest', 'in', [...digests])
    .execute();
  return new Set(rows.map((r) => r.digest));
}

// ── Borrowing ─────────────────────────────────────────────────────────────────────────────────────────────────

const borrowColumns = [
  'b.id',
  'b.archiveId',
  'b.agencyId',
  'b.kind',
  'b.borrowerOrganisationId',
  'b.borrowerUnit',
  'b.borrowerContact',
  'b.purpose',
  'b.daysRequested',
  'b.state',
  'b.requestedAt',
  'b.decidedAt',
  'b.decisionNote',
  'b.dueDate',
  'b.returnedAt',
  'b.version',
  'a.archiveNumber',
  'p.name as personName',
  'g.name as agencyName',
] as const;

function borrowBase(db: Kysely<DB>) {
  return db
    .selectFrom('archiveBorrow as b')
    .innerJoin('archive as a', 'a.id', 'b.archiveId')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .innerJoin('archiveAgency as g', 'g.id', 'b.agencyId')
    .select(borrowColumns);
}

export async function findBorrow(db: Kysely<DB>, id: string) {
  return borrowBase(db).where('b.id', '=', id).executeTakeFirst();
}
export type BorrowRow = NonNullable<Awaited<ReturnType<typeof findBorrow>>>;

/** Borrows handled by an agency, or asked for by an organisation. */
export async function listBorrows(
  db: Kysely<DB>,
  filter: { agencyId: string | null; organisationId: string | null },
) {
  return borrowBase(db)
    .where((eb) =>
      eb.or([
        ...(filter.agencyId ? [eb('b.agencyId', '=', filter.agencyId)] : []),
        ...(filter.organisationId ? [eb('b.borrowerOrganisationId', '=', filter.organisationId)] : []),
        ...(!filter.agencyId && !filter.organisationId ? [sql<boolean>`false`] : []),
      ]),
    )
    .orderBy('b.requestedAt', 'desc')
    .limit(500)
    .execute();
}

export async function insertBorrow(
  db: Kysely<DB>,
  row: {
    archiveId: string;
    agencyId: string;
    kind: 'borrow' | 'inspect';
    borrowerOrganisationId: string | null;
    borrowerUnit: string;
    borrowerContact: string | null;
    purpose: string;
    daysRequested: number;
    requestedBy: string;
    requestedAt: Date;
  },
) {
  return db
    .insertInto('archiveBorrow')
    .values({ ...row, state: 'requested' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateBorrowState(
  db: Kysely<DB>,
  id: string,
  fromState: 'requested' | 'approved',
  set: {
    state: 'approved' | 'rejected' | 'returned';
    decidedBy?: string;
    decidedAt?: Date;
    decisionNote?: string | null;
    dueDate?: string | null;
    returnedAt?: Date;
    returnedBy?: string;
    returnNote?: string | null;
  },
) {
  return db
    .updateTable('archiveBorrow')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('state', '=', fromState)
    .returning('id')
    .executeTakeFirst();
}

// ── 存档证明 ─────────────────────────────────────────────────────────────────────────────────────────────────

const certificateColumns = [
  'c.id',
  'c.archiveId',
  'c.agencyId',
  'c.certificateNumber',
  'c.purpose',
  'c.custodySince',
  'c.issuedOn',
  'g.name as agencyName',
  'g.address as agencyAddress',
  'g.contact as agencyContact',
] as const;

export async function insertCertificate(
  db: Kysely<DB>,
  row: {
    archiveId: string;
    agencyId: string;
    certificateNumber: string;
    purpose: string;
    custodySince: string;
    issuedOn: string;
    issuedBy: string;
  },
) {
  return db.insertInto('archiveCertificate').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function findCertificate(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('archiveCertificate as c')
    .innerJoin('archiveAgency as g', 'g.id', 'c.agencyId')
    .select(certificateColumns)
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type CertificateRow = NonNullable<Awaited<ReturnType<typeof findCertificate>>>;

export async function listCertificates(db: Kysely<DB>, archiveId: string) {
  return db
    .selectFrom('archiveCertificate as c')
    .innerJoin('archiveAgency as g', 'g.id', 'c.agencyId')
    .select(certificateColumns)
    .where('c.archiveId', '=', archiveId)
    .orderBy('c.createdAt', 'desc')
    .execute();
}

// ── Transfer documents ────────────────────────────────────────────────────────────────────────────────────────

export async function findTransferForDocuments(db: Kysely<DB>, transferId: string) {
  return db
    .selectFrom('archiveTransfer as t')
    .innerJoin('archiveAgency as f', 'f.id', 't.fromAgencyId')
    .innerJoin('archiveAgency as r', 'r.id', 't.toAgencyId')
    .select([
      't.id',
      't.archiveId',
      't.state',
      't.reason',
      't.letterNumber',
      't.method',
      't.trackingNumber',
      't.dueDate',
      't.requestedAt',
      't.approvedAt',
      't.sentAt',
      't.fromAgencyId',
      't.toAgencyId',
      'f.name as fromName',
      'f.contact as fromContact',
      'r.name as toName',
      'r.address as toAddress',
      'r.contact as toContact',
    ])
    .where('t.id', '=', transferId)
    .executeTakeFirst();
}

/** Who moved the transfer to `state` (the handler named on the notice). */
export async function findTransferActor(db: Kysely<DB>, transferId: string, state: 'sent' | 'approved') {
  const row = await db
    .selectFrom('archiveTransferEvent as e')
    .leftJoin('accounts as u', 'u.id', 'e.actorId')
    .select(['u.displayName'])
    .where('e.transferId', '=', transferId)
    .where('e.toState', '=', state)
    .orderBy('e.at', 'desc')
    .executeTakeFirst();
  return row?.displayName ?? null;
}

/** Volumes and item counts per kind (正本/副本); items without a volume count as 正本 volume 1. */
export async function countVolumesAndItems(db: Kysely<DB>, archiveId: string) {
  const volumes = await db
    .selectFrom('archiveVolume')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('archiveId', '=', archiveId)
    .groupBy('kind')
    .execute();
  const items = await db
    .selectFrom('archiveMaterial as m')
    .leftJoin('archiveVolume as v', 'v.id', 'm.volumeId')
    .select([sql<string>`coalesce(v.kind, 'original')`.as('kind'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('m.archiveId', '=', archiveId)
    .groupBy(sql`coalesce(v.kind, 'original')`)
    .execute();
  const count = (rows: readonly { kind: string; n: string }[], kind: string) =>
    Number(rows.find((r) => r.kind === kind)?.n ?? 0);
  const originalItems = count(items, 'original');
  return {
    originalVolumes: Math.max(count(volumes, 'original'), originalItems > 0 ? 1 : 0),
    originalItems,
    copyVolumes: count(volumes, 'copy'),
    copyItems: count(items, 'copy'),
  };
}

// ── 民生档案 ─────────────────────────────────────────────────────────────────────────────────────────────────

export async function listLivelihoodRecords(
  db: Kysely<DB>,
  /** A person, or the blind index of an ID number no registered person has (entries loaded from a sheet). */
  subject: string | { idNumberIndex: string },
  filter: { organisationId: string | null; kinds: readonly LivelihoodKind[] | null },
) {
  let q = db
    .selectFrom('livelihoodRecord as l')
    .innerJoin('organisations as o', 'o.id', 'l.holdingOrganisationId')
    .select([
      'l.id',
      'l.kind',
      'l.referenceNumber',
      'l.recordDate',
      'l.summary',
      'l.holdingOrganisationId',
      'o.name as holdingName',
    ])
    // Entries loaded before the person was registered carry only the ID number's blind index.
    .where((eb) =>
      typeof subject !== 'string'
        ? eb('l.idNumberIndex', '=', subject.idNumberIndex)
        : eb.or([
            eb('l.personId', '=', subject),
            eb(
              'l.idNumberIndex',
              '=',
              eb.selectFrom('persons').select('idNumberIndex').where('id', '=', subject),
            ),
          ]),
    );
  if (filter.organisationId) q = q.where('l.holdingOrganisationId', '=', filter.organisationId);
  if (filter.kinds && filter.kinds.length > 0) q = q.where('l.kind', 'in', [...filter.kinds]);
  return q.orderBy('l.recordDate', 'desc').orderBy('l.kind').execute();
}

export async function insertLivelihoodRecord(
  db: Kysely<DB>,
  row: {
    personId: string;
    kind: LivelihoodKind;
    holdingOrganisationId: string;
    referenceNumber: string;
    recordDate: string;
    summary: string;
    createdBy: string | null;
  },
) {
  return db
    .insertInto('livelihoodRecord')
    .values(row)
    .onConflict((oc) => oc.columns(['holdingOrganisationId', 'kind', 'referenceNumber']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function findPersonBrief(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'name', 'idNumberMasked'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

export async function findPersonIdByIndex(db: Kysely<DB>, idNumberIndex: string) {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('idNumberIndex', '=', idNumberIndex)
    .executeTakeFirst();
  return row?.id;
}
