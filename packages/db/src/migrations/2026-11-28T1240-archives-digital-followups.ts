import { type Kysely, sql } from 'kysely';

// Follow-ups of the digital archives (issue 5): 存档证明 requested online by the citizen, and the 民生档案 index
// loaded from department spreadsheets. An index row may name a person not (yet) in the registry: it keeps the ID
// number sealed (cipher + blind index + masked form, like `persons`) and is matched to the person by the blind index.
// No fee column anywhere (人社部发〔2021〕112号 第八条).

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── 存档证明 requested online: the custodian agency at the time of the request sees it in its queue and issues it.
  await db.schema
    .createTable('archive_certificate_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('copies', 'integer', (c) => c.notNull().check(sql`copies between 1 and 10`))
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('download')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('requested','issued','rejected')`))
    .addColumn('certificate_id', 'uuid', (c) => c.references('archive_certificate.id'))
    .addColumn('requested_by', 'uuid')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'uuid')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('reject_reason', 'text')
    .addCheckConstraint(
      'archive_certificate_request_issued_ck',
      sql`state <> 'issued' or certificate_id is not null`,
    )
    .execute();
  await db.schema
    .createIndex('archive_certificate_request_agency_idx')
    .on('archive_certificate_request')
    .columns(['agency_id', 'state'])
    .execute();
  await db.schema
    .createIndex('archive_certificate_request_person_idx')
    .on('archive_certificate_request')
    .column('person_id')
    .execute();

  // ── 民生档案 index loads: one row per uploaded file, with counts and the rejected rows (sealed: they hold ID numbers).
  await db.schema
    .createTable('livelihood_import')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_digest', 'text', (c) => c.notNull())
    .addColumn('rows_total', 'integer', (c) => c.notNull())
    .addColumn('rows_loaded', 'integer', (c) => c.notNull())
    .addColumn('rows_duplicate', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('rows_unmatched', 'integer', (c) => c.notNull())
    .addColumn('headers', 'jsonb', (c) => c.notNull())
    .addColumn('errors_sealed', 'text')
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('livelihood_record')
    .alterColumn('person_id', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('livelihood_record')
    .addColumn('id_number_cipher', 'text')
    .addColumn('id_number_index', 'text')
    .addColumn('id_number_masked', 'text')
    .addColumn('import_id', 'uuid', (c) => c.references('livelihood_import.id'))
    .execute();
  await db.schema
    .alterTable('livelihood_record')
    .addCheckConstraint(
      'livelihood_record_subject_ck',
      sql`person_id is not null or id_number_index is not null`,
    )
    .execute();
  await db.schema
    .createIndex('livelihood_record_id_index_idx')
    .on('livelihood_record')
    .column('id_number_index')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from livelihood_record where person_id is null`.execute(db);
  await db.schema.dropIndex('livelihood_record_id_index_idx').ifExists().execute();
  await db.schema.alterTable('livelihood_record').dropConstraint('livelihood_record_subject_ck').execute();
  for (const c of ['import_id', 'id_number_masked', 'id_number_index', 'id_number_cipher'])
    await db.schema.alterTable('livelihood_record').dropColumn(c).execute();
  await db.schema
    .alterTable('livelihood_record')
    .alterColumn('person_id', (c) => c.setNotNull())
    .execute();
  await db.schema.dropTable('livelihood_import').ifExists().execute();
  await db.schema.dropTable('archive_certificate_request').ifExists().execute();
}
