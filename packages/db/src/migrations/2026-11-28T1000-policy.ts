import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Decision records: replayable policy decisions (DESIGN §4.1).
  await db.schema
    .createTable('decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) =>
      c.notNull().check(sql`subject_type in ('person','household','case')`),
    )
    .addColumn('subject_id', 'text')
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('ruleset_version', 'text', (c) => c.notNull())
    .addColumn('parameter_version', 'text', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('outcome', 'jsonb', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    /** The parameter values read (id, since, value): a replay pins them. */
    .addColumn('parameters_read', 'jsonb', (c) => c.notNull())
    .addColumn('decided_by', 'uuid')
    .addColumn('organisation_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('decisions_subject_idx')
    .on('decisions')
    .columns(['subject_type', 'subject_id'])
    .execute();
  await db.schema.createIndex('decisions_rule_idx').on('decisions').columns(['rule_id', 'as_of']).execute();

  // Parameter changes made in the console: scheduled with an effective date, overlaid on the rulebook's YAML.
  await db.schema
    .createTable('parameter_changes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('parameter_id', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('cites', sql`text[]`, (c) => c.notNull())
    .addColumn('pending', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('scheduled','withdrawn')`))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('parameter_changes_param_idx')
    .on('parameter_changes')
    .columns(['parameter_id', 'effective_from'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('parameter_changes').ifExists().execute();
  await db.schema.dropTable('decisions').ifExists().execute();
}
