import type { DB } from '@qiaoti/db';
import { sm3Hex } from '@qiaoti/db';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { canonicalJson } from '../modules/audit/audit.service.ts';

/**
 * Idempotency keys (DESIGN §4b): one effect per key for every mutating request that creates or moves something.
 *
 * The client sends `Idempotency-Key: <uuid or other 8–255 visible characters>`; the service runs its work through
 * `runIdempotent`, which claims the key in the SAME transaction as the work and stores the response there too. So:
 * - a retry after an acknowledged answer gets the stored answer, and nothing runs twice;
 * - a crash before commit leaves neither the effect nor the key, and the retry runs the work once;
 * - two concurrent requests with one key: on PostgreSQL the second INSERT waits on the first's row lock and then
 *   sees it committed (replay) or rolled back (runs); on PGlite there is one connection, so they are serial;
 * - the same key with a different body is refused (IDEMPOTENCY_MISMATCH), as Stripe does.
 * Keys are per account. Errors are not stored: a refused request rolls back and a retry is checked again.
 */

const HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{8,255}$/;

/** The request's Idempotency-Key, validated; `required` makes a missing key a 400 (for actions that move things). */
export function idempotencyKeyOf(req: FastifyRequest, options: { required?: boolean } = {}): string | null {
  const raw = req.headers[HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') {
    if (options.required)
      throw new AppError('VALIDATION_FAILED', '此操作须带幂等键（Idempotency-Key 请求头）');
    return null;
  }
  if (!KEY_PATTERN.test(value)) {
    throw new AppError('VALIDATION_FAILED', '幂等键格式不正确：须为 8–255 个可见 ASCII 字符');
  }
  return value;
}

export interface IdempotentRun<T> {
  result: T;
  /** True when the answer is the stored one of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Runs `work` in one transaction, at most once per (account, key). Without a key it is a plain transaction.
 * `request` is what identifies the intent (usually the route name and body); its SM3 digest guards the key.
 * The result must be JSON: a replay returns the stored JSON (dates come back as ISO strings).
 */
export async function runIdempotent<T>(
  db: Kysely<DB>,
  actor: Actor,
  key: string | null,
  request: unknown,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<IdempotentRun<T>> {
  if (key === null) return { result: await db.transaction().execute(work), replayed: false };
  const requestHash = sm3Hex(canonicalJson(request));
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('idempotencyKeys')
      .values({ accountId: actor.accountId, key, requestHash, statusCode: null, response: null })
      .onConflict((oc) => oc.columns(['accountId', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const earlier = await trx
        .selectFrom('idempotencyKeys')
        .select(['requestHash', 'response'])
        .where('accountId', '=', actor.accountId)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (earlier.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH');
      return { result: earlier.response as T, replayed: true };
    }
    const result = await work(trx);
    await trx
      .updateTable('idempotencyKeys')
      .set({ statusCode: 200, response: JSON.stringify(result ?? null) })
      .where('accountId', '=', actor.accountId)
      .where('key', '=', key)
      .execute();
    return { result, replayed: false };
  });
}

/** Removes keys older than `days` (a sweep; a retry later than that is a new request). */
export async function purgeIdempotencyKeys(db: Kysely<DB>, now: Date, days = 7): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const res = await db.deleteFrom('idempotencyKeys').where('createdAt', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
}
