import type { AuditEvent, TAuditQuery, TAuditRecord, TAuditVerifyResponse } from '@qiaoti/contracts';
import { type AuditOutcome, type AuditRow, type DB, sm3Hex } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../actor.ts';
import {
  findAuditHead,
  findFirstUnmatchedCheckpoint,
  findLatestCheckpoint,
  insertAuditRow,
  listAuditPage,
  listAuditRowsAfter,
  lockAuditChain,
  nextAuditSeq,
} from './audit.repository.ts';

/**
 * Audit log (安全审计): append-only, SM3 hash-chained.
 *   hash(n) = SM3(prev_hash ‖ canonical JSON of record n's fields), prev_hash of the first record = 64 zeros.
 * Appends take one advisory transaction lock, so the chain never forks however many requests write at once;
 * callers that pass a transaction must run it at READ COMMITTED (the default) so the head read after the lock
 * sees the last committed append. Writing inside the caller's transaction makes the audit fail closed: when the
 * record cannot be written, the action it describes rolls back too.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: Date;
  event: AuditEvent;
  outcome: AuditOutcome;
  actorId?: string | null;
  actorUsername?: string | null;
  actorRoles?: readonly string[];
  organisationId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  /** Never raw ID or phone numbers: an entry carrying one is refused (and so is the action). */
  details?: Record<string, unknown>;
}

// An 18-character ID number or an 11-digit mobile number standing alone (not part of a longer token).
const ID_LIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
const PHONE_LIKE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;

export class AuditPersonalDataError extends Error {
  constructor(field: string) {
    super(`审计记录不得包含完整身份证号或手机号（${field}）`);
    this.name = 'AuditPersonalDataError';
  }
}

export function containsRawPersonalData(text: string): boolean {
  return ID_LIKE.test(text) || PHONE_LIKE.test(text);
}

/** JSON with object keys sorted at every level: the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type HashedFields = Omit<AuditRow, 'prevHash' | 'hash'>;

export function auditRecordHash(prevHash: string, row: HashedFields): string {
  const fields = {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actorId: row.actorId,
    actorUsername: row.actorUsername,
    actorRoles: [...row.actorRoles],
    organisationId: row.organisationId,
    ip: row.ip,
    event: row.event,
    objectType: row.objectType,
    objectId: row.objectId,
    outcome: row.outcome,
    requestId: row.requestId,
    details: row.details ?? {},
  };
  return sm3Hex(prevHash + canonicalJson(fields));
}

/** Appends one record to the chain; inside the caller's transaction when given one. */
export async function writeAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  const details = entry.details ?? {};
  const detailsJson = canonicalJson(details);
  if (containsRawPersonalData(detailsJson)) throw new AuditPersonalDataError('details');
  if (entry.objectId && containsRawPersonalData(entry.objectId)) throw new AuditPersonalDataError('objectId');
  const append = async (trx: Transaction<DB>) => {
    await lockAuditChain(trx);
    const head = await findAuditHead(trx);
    const prevHash = head?.hash ?? GENESIS_HASH;
    const seq = await nextAuditSeq(trx);
    const at = new Date(entry.at.getTime());
    const fields: HashedFields = {
      seq,
      at,
      actorId: entry.actorId ?? null,
      actorUsername: entry.actorUsername ?? null,
      actorRoles: [...(entry.actorRoles ?? [])],
      organisationId: entry.organisationId ?? null,
      ip: entry.ip ?? null,
      event: entry.event,
      objectType: entry.objectType ?? null,
      objectId: entry.objectId ?? null,
      outcome: entry.outcome,
      requestId: entry.requestId ?? null,
      details: JSON.parse(detailsJson) as unknown,
    };
    const hash = auditRecordHash(prevHash, fields);
    await insertAuditRow(trx, { ...fields, details: detailsJson, prevHash, hash });
  };
  if (db.isTransaction) await append(db as Transaction<DB>);
  else await db.transaction().execute(append);
}

export interface RecordAuditInput {
  event: AuditEvent;
  outcome?: AuditOutcome;
  objectType?: string | null;
  objectId?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

/**
 * What other modules call: `await recordAudit(trx, actor, { event: 'person.reveal', objectType: 'person',
 * objectId: person.id, details: { purpose } })`. Pass the service's transaction so the action and its record
 * commit together (fail closed). Actor, roles, organisation, IP and request id come from the actor.
 */
export async function recordAudit(db: Kysely<DB>, actor: Actor, input: RecordAuditInput): Promise<void> {
  await writeAudit(db, {
    at: input.at ?? new Date(),
    event: input.event,
    outcome: input.outcome ?? 'success',
    actorId: actor.accountId,
    actorUsername: actor.username,
    actorRoles: actor.roles,
    organisationId: actor.organisationId,
    ip: actor.ip,
    requestId: actor.requestId,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    ...(input.details ? { details: input.details } : {}),
  });
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** The first record that is altered, missing, or no longer linked to its predecessor. */
  firstBrokenSeq: number | null;
  reason: 'link' | 'hash' | 'checkpoint' | 'truncated' | null;
  head: { seq: number; hash: string } | null;
}

/**
 * Walks the whole chain. Per record: prev_hash must equal the previous record's hash (64 zeros for the first),
 * the hash must recompute, and the record's checkpoint must carry the same hash. Then every checkpoint must have
 * its record: a cut tail leaves checkpoints without records and is reported at the first missing seq.
 */
export async function verifyAuditChain(db: Kysely<DB>): Promise<AuditVerifyResult> {
  let expectedPrev = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  let broken: { seq: number; reason: AuditVerifyResult['reason'] } | null = null;
  let head: { seq: number; hash: string } | null = null;
  const checkpoints = new Map<number, string>();
  for (;;) {
    const rows = await listAuditRowsAfter(db, afterSeq, 1000);
    if (rows.length === 0) break;
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) break;
    const cps = await db
      .selectFrom('auditCheckpoints')
      .select(['seq', 'hash'])
      .where('seq', '>=', first.seq)
      .where('seq', '<=', last.seq)
      .execute();
    checkpoints.clear();
    for (const c of cps) checkpoints.set(Number(c.seq), c.hash);
    for (const row of rows) {
      checked++;
      const seq = Number(row.seq);
      if (!broken) {
        if (row.prevHash !== expectedPrev) broken = { seq, reason: 'link' };
        else if (auditRecordHash(row.prevHash, { ...row, seq }) !== row.hash)
          broken = { seq, reason: 'hash' };
        else if (checkpoints.get(seq) !== row.hash) broken = { seq, reason: 'checkpoint' };
      }
      expectedPrev = row.hash;
      head = { seq, hash: row.hash };
    }
    afterSeq = Number(last.seq);
  }
  const orphan = await findFirstUnmatchedCheckpoint(db);
  if (orphan !== undefined && (!broken || orphan < broken.seq)) {
    const latest = await findLatestCheckpoint(db);
    broken = {
      seq: Number(orphan),
      reason:
        head && latest && Number(latest.seq) > head.seq && Number(orphan) > head.seq
          ? 'truncated'
          : 'checkpoint',
    };
  }
  return {
    ok: broken === null,
    checked,
    firstBrokenSeq: broken?.seq ?? null,
    reason: broken?.reason ?? null,
    head,
  };
}

export function presentAuditRecord(row: AuditRow): TAuditRecord {
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actorId: row.actorId,
    actorUsername: row.actorUsername,
    actorRoles: [...row.actorRoles],
    organisationId: row.organisationId,
    ip: row.ip,
    event: row.event,
    objectType: row.objectType,
    objectId: row.objectId,
    outcome: row.outcome,
    requestId: row.requestId,
    details: (row.details ?? {}) as Record<string, unknown>,
    hash: row.hash,
  };
}

export async function listAudit(db: Kysely<DB>, _actor: Actor, query: TAuditQuery) {
  const { items, total } = await listAuditPage(db, query);
  return { items: items.map(presentAuditRecord), total, page: query.page, pageSize: query.pageSize };
}

export async function verifyAuditForActor(
  db: Kysely<DB>,
  actor: Actor,
  at: Date,
): Promise<TAuditVerifyResponse> {
  const result = await verifyAuditChain(db);
  await recordAudit(db, actor, {
    event: 'audit.verify',
    outcome: result.ok ? 'success' : 'failure',
    objectType: 'audit_log',
    objectId: result.head ? String(result.head.seq) : null,
    details: { checked: result.checked, firstBrokenSeq: result.firstBrokenSeq },
    at,
  });
  return result;
}
