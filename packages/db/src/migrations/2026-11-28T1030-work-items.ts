import { type Kysely, sql } from 'kysely';

/**
 * Work items (DESIGN §4b): a case or a task with a type, a subject, an owner, a state machine, a due date with
 * overdue escalation, and follow-up records. Employment assistance cases and their plan steps are the first users;
 * archive transfers, monitoring visits, title declarations and supervision tasks reuse it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('work_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'uuid', (c) => c.references('work_items.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('closed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('owner_organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('owner_account_id', 'uuid')
    .addColumn('owner_name', 'text')
    /** Business date (Asia/Shanghai) by which the item should leave its current state. */
    .addColumn('due_on', 'date')
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('work_items_subject_idx')
    .on('work_items')
    .columns(['subject_type', 'subject_id'])
    .execute();
  await db.schema
    .createIndex('work_items_queue_idx')
    .on('work_items')
    .columns(['owner_organisation_id', 'type', 'closed', 'due_on'])
    .execute();
  await db.schema.createIndex('work_items_parent_idx').on('work_items').column('parent_id').execute();

  await db.schema
    .createTable('work_item_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('work_item_id', 'uuid', (c) => c.notNull().references('work_items.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('created','transition','follow_up','assigned','due_changed','escalated')`),
    )
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    /** Business date the follow-up happened on (a visit last Tuesday is recorded today). */
    .addColumn('occurred_on', 'date')
    .addColumn('way', 'text')
    .addColumn('note', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('actor_id', 'uuid')
    .addColumn('actor_username', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('work_item_events_item_idx')
    .on('work_item_events')
    .columns(['work_item_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('work_item_events').ifExists().execute();
  await db.schema.dropTable('work_items').ifExists().execute();
}
