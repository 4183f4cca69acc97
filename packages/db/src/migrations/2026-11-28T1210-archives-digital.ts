import { type Kysely, sql } from 'kysely';

// Attachments (DESIGN §4b, content-addressed by SM3 in `files`), archive digitisation and online transfer of
// digitised archives, borrowing/inspection, 存档证明, and the 民生档案 index (issue 5 parts 4–6).
// No fee, charge or price column (人社部发〔2021〕112号 第八条: every basic service is free).

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── An attachment: a named use of a stored file (`files.digest`) by some owner record. The same content is
  //    stored once; each upload that uses it is one row here.
  await db.schema
    .createTable('attachment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('file_digest', 'text', (c) => c.notNull().references('files.digest'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // e.g. archive_material; the owning module decides who may read it
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'uuid', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('uploaded_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('attachment_owner_idx')
    .on('attachment')
    .columns(['owner_type', 'owner_id'])
    .execute();
  await db.schema.createIndex('attachment_digest_idx').on('attachment').column('file_digest').execute();

  // ── Online transfer of a digitised archive: a package (manifest of items and file digests) sent by the custodian
  //    to another agency on the platform, verified on receipt (every digest recomputed), with a receipt number.
  await db.schema
    .createTable('archive_digital_transfer')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('transfer_id', 'uuid', (c) => c.references('archive_transfer.id'))
    .addColumn('from_agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('to_agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('manifest', 'jsonb', (c) => c.notNull())
    .addColumn('manifest_digest', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('sent','received','rejected')`))
    .addColumn('sent_by', 'uuid')
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_by', 'uuid')
    .addColumn('received_at', 'timestamptz')
    .addColumn('verification', 'jsonb')
    .addColumn('receipt_number', 'text', (c) => c.unique())
    .addColumn('reject_reason', 'text')
    .addCheckConstraint('archive_digital_transfer_agencies_ck', sql`from_agency_id <> to_agency_id`)
    .execute();
  await db.schema
    .createIndex('archive_digital_transfer_to_idx')
    .on('archive_digital_transfer')
    .columns(['to_agency_id', 'state'])
    .execute();
  await db.schema
    .createIndex('archive_digital_transfer_archive_idx')
    .on('archive_digital_transfer')
    .column('archive_id')
    .execute();

  // ── Borrowing (借阅) and inspection (查阅) by authorised units: requested, approved by the custodian with a time
  //    limit, returned; overdue = approved, not returned, past due.
  await db.schema
    .createTable('archive_borrow')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('borrow','inspect')`))
    .addColumn('borrower_organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('borrower_unit', 'text', (c) => c.notNull())
    .addColumn('borrower_contact', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('days_requested', 'integer', (c) => c.notNull().check(sql`days_requested between 1 and 90`))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('requested','approved','rejected','returned')`),
    )
    .addColumn('requested_by', 'uuid')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'uuid')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('due_date', 'date')
    .addColumn('returned_at', 'timestamptz')
    .addColumn('returned_by', 'uuid')
    .addColumn('return_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'archive_borrow_due_ck',
      sql`state not in ('approved','returned') or due_date is not null`,
    )
    .execute();
  await db.schema
    .createIndex('archive_borrow_agency_idx')
    .on('archive_borrow')
    .columns(['agency_id', 'state'])
    .execute();
  await db.schema
    .createIndex('archive_borrow_archive_idx')
    .on('archive_borrow')
    .column('archive_id')
    .execute();

  // ── 存档证明: issued by the custodian agency, numbered, free.
  await sql`create sequence archive_certificate_number_seq`.execute(db);
  await db.schema
    .createTable('archive_certificate')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('certificate_number', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('custody_since', 'date', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('issued_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('archive_certificate_archive_idx')
    .on('archive_certificate')
    .column('archive_id')
    .execute();
  await sql`create sequence archive_digital_receipt_seq`.execute(db);

  // ── 民生档案 index: which department holds which livelihood record of a person (the index, not the records).
  await db.schema
    .createTable('livelihood_record')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('marriage','social_insurance','medical_insurance','land_contract','housing','schooling','veterans','household_registration','other')`,
        ),
    )
    .addColumn('holding_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('reference_number', 'text', (c) => c.notNull())
    .addColumn('record_date', 'date', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('livelihood_record_ref_uq', ['holding_organisation_id', 'kind', 'reference_number'])
    .execute();
  await db.schema
    .createIndex('livelihood_record_person_idx')
    .on('livelihood_record')
    .column('person_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'livelihood_record',
    'archive_certificate',
    'archive_borrow',
    'archive_digital_transfer',
    'attachment',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop sequence if exists archive_certificate_number_seq`.execute(db);
  await sql`drop sequence if exists archive_digital_receipt_seq`.execute(db);
}
