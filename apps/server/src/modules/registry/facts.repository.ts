import type { DB } from '@qiaoti/db';
import type { Kysely, Transaction } from 'kysely';

export type ScalarValue = string | number;

export interface NewMobilityEvent {
  personId: string;
  kind: string;
  fromValue: ScalarValue | null;
  toValue: ScalarValue | null;
  occurredOn: string;
  source: string;
}

export interface MobilityEventRecord extends NewMobilityEvent {
  id: string;
  recordedAt: Date;
}

export interface FactRecord {
  id: string;
  personId: string;
  fact: string;
  value: ScalarValue;
  validFrom: string;
  source: string;
  recordedAt: Date;
}

const asScalar = (v: unknown): ScalarValue | null =>
  typeof v === 'string' || typeof v === 'number'
    ? v
    : v === null || v === undefined
      ? null
      : JSON.stringify(v);

/** DESIGN §4.3: written in the transaction of the change that causes them. */
export async function insertMobilityEvents(
  trx: Transaction<DB>,
  events: readonly NewMobilityEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('mobilityEvents')
    .values(
      events.map((e) => ({
        personId: e.personId,
        kind: e.kind,
        fromValue: e.fromValue === null ? null : JSON.stringify(e.fromValue),
        toValue: e.toValue === null ? null : JSON.stringify(e.toValue),
        occurredOn: e.occurredOn,
        source: e.source,
      })),
    )
    .execute();
}

export async function listMobilityEvents(
  db: Kysely<DB>,
  personId: string,
  limit: number,
): Promise<MobilityEventRecord[]> {
  const rows = await db
    .selectFrom('mobilityEvents')
    .select(['id', 'personId', 'kind', 'fromValue', 'toValue', 'occurredOn', 'source', 'recordedAt'])
    .where('personId', '=', personId)
    .orderBy('occurredOn', 'desc')
    .orderBy('recordedAt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, fromValue: asScalar(r.fromValue), toValue: asScalar(r.toValue) }));
}

export async function insertFact(
  trx: Transaction<DB>,
  fact: {
    personId: string;
    fact: string;
    value: ScalarValue;
    validFrom: string;
    source: string;
    recordedBy: string;
  },
): Promise<FactRecord> {
  const row = await trx
    .insertInto('personFacts')
    .values({ ...fact, value: JSON.stringify(fact.value) })
    .returning(['id', 'personId', 'fact', 'value', 'validFrom', 'source', 'recordedAt'])
    .executeTakeFirstOrThrow();
  return { ...row, value: asScalar(row.value) ?? '' };
}

/** The value of a fact that held on a day: the latest recorded with validFrom on or before it. */
export async function factValueOn(
  db: Kysely<DB>,
  personId: string,
  fact: string,
  day: string,
): Promise<ScalarValue | null> {
  const row = await db
    .selectFrom('personFacts')
    .select('value')
    .where('personId', '=', personId)
    .where('fact', '=', fact)
    .where('validFrom', '<=', day)
    .orderBy('validFrom', 'desc')
    .orderBy('recordedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? asScalar(row.value) : null;
}

/** Each fact's current value on a day (latest validFrom not after it). */
export async function currentFacts(db: Kysely<DB>, personId: string, day: string): Promise<FactRecord[]> {
  const rows = await db
    .selectFrom('personFacts')
    .distinctOn('fact')
    .select(['id', 'personId', 'fact', 'value', 'validFrom', 'source', 'recordedAt'])
    .where('personId', '=', personId)
    .where('validFrom', '<=', day)
    .orderBy('fact')
    .orderBy('validFrom', 'desc')
    .orderBy('recordedAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, value: asScalar(r.value) ?? '' }));
}
