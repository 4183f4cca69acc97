import type { DB } from '@qiaoti/db';
import { type Kysely, sql, type Transaction } from 'kysely';

/** SQL of the 零就业家庭 live list: spells (entered → left) and daily snapshots per township. */

const spellColumns = [
  'zeroEmploymentSpell.id',
  'zeroEmploymentSpell.householdId',
  'zeroEmploymentSpell.villageCode',
  'zeroEmploymentSpell.townshipCode',
  sql<string>`zero_employment_spell.entered_on::text`.as('enteredOn'),
  sql<string | null>`zero_employment_spell.left_on::text`.as('leftOn'),
  'zeroEmploymentSpell.leaveReason',
  'zeroEmploymentSpell.entryDecisionId',
] as const;

/** The current spells (on the live list) of the households, locked. */
export async function findCurrentSpellsForUpdate(trx: Transaction<DB>, householdIds: readonly string[]) {
  if (householdIds.length === 0) return [];
  return trx
    .selectFrom('zeroEmploymentSpell')
    .select(spellColumns)
    .where('householdId', 'in', [...householdIds])
    .where('leftOn', 'is', null)
    .forUpdate()
    .execute();
}

/** Households with their current members' age-relevant fields, for evaluating many at once. */
export async function householdsWithMembers(db: Kysely<DB>, householdIds: readonly string[]) {
  if (householdIds.length === 0) return { households: [], members: [] };
  const [households, members] = await Promise.all([
    db
      .selectFrom('households')
      .select(['id', 'villageCode'])
      .where('id', 'in', [...householdIds])
      .execute(),
    db
      .selectFrom('householdMembers')
      .innerJoin('persons', 'persons.id', 'householdMembers.personId')
      .select([
        'householdMembers.householdId',
        'persons.id',
        'persons.name',
        'persons.gender',
        sql<string>`persons.birth_date::text`.as('birthDate'),
      ])
      .where('householdMembers.householdId', 'in', [...householdIds])
      .where('householdMembers.toDate', 'is', null)
      .execute(),
  ]);
  return { households, members };
}

export async function insertSpell(
  trx: Transaction<DB>,
  s: {
    householdId: string;
    villageCode: string;
    townshipCode: string;
    enteredOn: string;
    entryDecisionId: string;
  },
): Promise<string> {
  const row = await trx.insertInto('zeroEmploymentSpell').values(s).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function endSpell(
  trx: Transaction<DB>,
  id: string,
  e: { leftOn: string; leaveReason: string; leavePersonId: string | null; leaveDecisionId: string },
): Promise<void> {
  await trx.updateTable('zeroEmploymentSpell').set(e).where('id', '=', id).execute();
}

/** Households of the persons (current memberships). */
export async function householdsOfPersons(db: Kysely<DB>, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('householdMembers')
    .select('householdId')
    .distinct()
    .where('personId', 'in', [...personIds])
    .where('toDate', 'is', null)
    .execute();
  return rows.map((r) => r.householdId);
}

/** Those of the persons who currently belong to a household on the live list. */
export async function membersOfListedHouseholds(
  db: Kysely<DB>,
  personIds: readonly string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('householdMembers')
    .innerJoin('zeroEmploymentSpell', 'zeroEmploymentSpell.householdId', 'householdMembers.householdId')
    .select('householdMembers.personId')
    .where('householdMembers.personId', 'in', [...personIds])
    .where('householdMembers.toDate', 'is', null)
    .where('zeroEmploymentSpell.leftOn', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.personId));
}

/**
 * The households a recompute looks at, by id after `afterId`: those in urban villages (居委会, codes …001–199) of
 * the township (or county), and those on the live list whatever their village now is.
 */
export async function householdsToCheck(
  db: Kysely<DB>,
  prefix: string,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  let q = db
    .selectFrom('households')
    .select('households.id')
    .where('households.villageCode', 'like', `${prefix}%`)
    .where((eb) =>
      eb.or([
        eb(sql<string>`substring(households.village_code from 10 for 3)`, '<', '200'),
        eb.exists(
          eb
            .selectFrom('zeroEmploymentSpell')
            .select('zeroEmploymentSpell.id')
            .whereRef('zeroEmploymentSpell.householdId', '=', 'households.id')
            .where('zeroEmploymentSpell.leftOn', 'is', null),
        ),
      ]),
    );
  if (afterId) q = q.where('households.id', '>', afterId);
  const rows = await q.orderBy('households.id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function countHouseholdsToCheck(db: Kysely<DB>, prefix: string): Promise<number> {
  const row = await db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('households.villageCode', 'like', `${prefix}%`)
    .where(sql<boolean>`substring(households.village_code from 10 for 3) < '200'`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Writes (or rewrites) the day's snapshot of every township that has or had a spell. */
export async function writeSnapshots(trx: Transaction<DB>, day: string, prefix: string): Promise<number> {
  const rows = await trx
    .selectFrom('zeroEmploymentSpell')
    .select([
      'townshipCode',
      sql<string>`count(*) filter (where entered_on <= ${day}::date and (left_on is null or left_on > ${day}::date))`.as(
        'households',
      ),
      sql<string>`count(*) filter (where entered_on = ${day}::date)`.as('entered'),
      sql<string>`count(*) filter (where left_on = ${day}::date)`.as('cleared'),
    ])
    .where('townshipCode', 'like', `${prefix.slice(0, 9)}%`)
    .groupBy('townshipCode')
    .execute();
  for (const r of rows) {
    const values = {
      snapshotOn: day,
      townshipCode: r.townshipCode,
      households: Number(r.households),
      entered: Number(r.entered),
      cleared: Number(r.cleared),
    };
    await trx
      .insertInto('zeroEmploymentSnapshot')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['snapshotOn', 'townshipCode']).doUpdateSet({
          households: values.households,
          entered: values.entered,
          cleared: values.cleared,
        }),
      )
      .execute();
  }
  return rows.length;
}

export async function listSpells(
  db: Kysely<DB>,
  f: { prefix: string | null; status: 'current' | 'cleared'; limit: number },
) {
  let q = db
    .selectFrom('zeroEmploymentSpell')
    .innerJoin('households', 'households.id', 'zeroEmploymentSpell.householdId')
    .leftJoin('persons', 'persons.id', 'households.headPersonId')
    .select([...spellColumns, 'households.householdNumber', 'persons.name as headName'])
    .where('zeroEmploymentSpell.leftOn', f.status === 'current' ? 'is' : 'is not', null);
  if (f.prefix) q = q.where('zeroEmploymentSpell.villageCode', 'like', `${f.prefix}%`);
  return q
    .orderBy(f.status === 'current' ? 'zeroEmploymentSpell.enteredOn' : 'zeroEmploymentSpell.leftOn', 'desc')
    .orderBy('zeroEmploymentSpell.villageCode')
    .orderBy('households.householdNumber')
    .limit(f.limit)
    .execute();
}

/** Live counts per township: on the list now, entered and cleared since `monthStart`. */
export async function countsByTownship(db: Kysely<DB>, prefix: string | null, monthStart: string) {
  let q = db
    .selectFrom('zeroEmploymentSpell')
    .select([
      'townshipCode',
      sql<string>`count(*) filter (where left_on is null)`.as('current'),
      sql<string>`count(*) filter (where left_on >= ${monthStart}::date)`.as('cleared'),
      sql<string>`count(*) filter (where entered_on >= ${monthStart}::date)`.as('entered'),
    ])
    .groupBy('townshipCode');
  if (prefix) q = q.where('villageCode', 'like', `${prefix}%`);
  return q.execute();
}

export async function listSnapshots(db: Kysely<DB>, prefix: string | null, fromDay: string) {
  let q = db
    .selectFrom('zeroEmploymentSnapshot')
    .select([sql<string>`snapshot_on::text`.as('date'), 'townshipCode', 'households'])
    .where('snapshotOn', '>=', fromDay);
  if (prefix) q = q.where('townshipCode', 'like', `${prefix.slice(0, 9)}%`);
  return q.orderBy('snapshotOn').orderBy('townshipCode').execute();
}
