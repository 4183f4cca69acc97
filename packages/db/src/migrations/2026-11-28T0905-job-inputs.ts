import { type Kysely, sql } from 'kysely';

// The file a job works from (an uploaded import sheet), kept in the database beside the job so a job resumed after
// a restart — or picked up by another app instance — reads exactly the bytes it started with. Deleted with the job.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_inputs')
    .addColumn('job_id', 'uuid', (c) => c.primaryKey().references('jobs.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull()) // SM3 of the content
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('jobs_created_by_idx')
    .on('jobs')
    .columns(['created_by', 'created_at'])
    .execute();
  await db.schema
    .createIndex('jobs_organisation_idx')
    .on('jobs')
    .columns(['organisation_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_organisation_idx').ifExists().execute();
  await db.schema.dropIndex('jobs_created_by_idx').ifExists().execute();
  await db.schema.dropTable('job_inputs').ifExists().execute();
}
