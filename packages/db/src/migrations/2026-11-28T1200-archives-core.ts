import { type Kysely, sql } from 'kysely';

// Personnel archives (issue 5): custodians, the archive with its one current custodian, the custody chain,
// volumes and material items, intakes with their decisions and 告知承诺 pledges, transfers and their events.
// No fee, charge or price column exists anywhere (人社部发〔2021〕112号 第八条: every basic service is free).

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── Custodians: county agencies and authorised units, plus counterpart agencies outside the county (records).
  await db.schema
    .createTable('archive_agency')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // public_service: 公共就业和人才服务机构; authorised_unit: 经授权的单位; external: 县外对方机构（记录）
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('public_service','authorised_unit','external')`),
    )
    .addColumn('in_county', 'boolean', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.unique().references('organisations.id'))
    .addColumn('region_code', 'varchar(12)')
    .addColumn('region_name', 'text')
    .addColumn('address', 'text')
    .addColumn('contact', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('archive_agency_external_ck', sql`(kind = 'external') = (not in_county)`)
    .execute();

  // ── The archive: one per person; exactly one current custodian (NOT NULL column), backed by the custody row
  //    whose number it names and whose receiving agency it equals (deferred foreign key, added below).
  await db.schema
    .createTable('archive')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().unique().references('persons.id'))
    .addColumn('archive_number', 'text', (c) => c.notNull().unique())
    .addColumn('custodian_agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('custody_seq', 'integer', (c) => c.notNull().check(sql`custody_seq >= 1`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('archive_custodian_idx').on('archive').column('custodian_agency_id').execute();

  // ── Custody history: a linear chain per archive. Row n (n > 1) names row n-1 and starts where it ended.
  await db.schema
    .createTable('archive_custody')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('prev_seq', 'integer')
    .addColumn('from_agency_id', 'uuid', (c) => c.references('archive_agency.id'))
    .addColumn('to_agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    // intake | transfer | record (an archive first known while held outside the county)
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('intake','transfer','record')`))
    .addColumn('note', 'text')
    .addColumn('transfer_id', 'uuid', (c) => c.unique())
    .addColumn('intake_id', 'uuid', (c) => c.unique())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid')
    .addUniqueConstraint('archive_custody_seq_uq', ['archive_id', 'seq'])
    .addUniqueConstraint('archive_custody_link_uq', ['archive_id', 'seq', 'to_agency_id'])
    .addUniqueConstraint('archive_custody_prev_uq', ['archive_id', 'prev_seq'])
    .addCheckConstraint(
      'archive_custody_chain_ck',
      sql`(seq = 1 and prev_seq is null and from_agency_id is null)
        or (seq > 1 and prev_seq = seq - 1 and from_agency_id is not null and from_agency_id <> to_agency_id)`,
    )
    .execute();
  await sql`alter table archive_custody add constraint archive_custody_prev_fk
    foreign key (archive_id, prev_seq, from_agency_id)
    references archive_custody (archive_id, seq, to_agency_id)`.execute(db);
  await sql`alter table archive add constraint archive_current_custody_fk
    foreign key (id, custody_seq, custodian_agency_id)
    references archive_custody (archive_id, seq, to_agency_id)
    deferrable initially deferred`.execute(db);

  // ── Volumes (正本/副本) and material items (ten classes).
  await db.schema
    .createTable('archive_volume')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('original','copy')`))
    .addColumn('volume_number', 'integer', (c) => c.notNull().check(sql`volume_number >= 1`))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('archive_volume_uq', ['archive_id', 'kind', 'volume_number'])
    .execute();

  await db.schema
    .createTable('archive_material')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('volume_id', 'uuid', (c) => c.references('archive_volume.id'))
    .addColumn('class', 'smallint', (c) => c.notNull().check(sql`class between 1 and 10`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull().check(sql`pages >= 0`))
    .addColumn('material_date', 'date')
    .addColumn('born_digital', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('archive_material_archive_idx')
    .on('archive_material')
    .columns(['archive_id', 'class'])
    .execute();

  // ── Intakes: every decision (accepted, accepted with pledge, refused), with its decision record.
  await db.schema
    .createTable('archive_intake')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('source_agency_id', 'uuid', (c) => c.references('archive_agency.id'))
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('confidential_post','staff_courier','self_carried')`),
    )
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('located_here', 'boolean', (c) => c.notNull())
    .addColumn('materials_complete', 'boolean', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('accept','accept_with_pledge','refuse_self_carried','not_in_scope')`),
    )
    .addColumn('decision_id', 'uuid', (c) => c.notNull().references('decisions.id'))
    .addColumn('archive_id', 'uuid', (c) => c.references('archive.id'))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('archive_intake_person_idx').on('archive_intake').column('person_id').execute();

  // ── 告知承诺: missing materials at intake are pledged, with a due date — never a refusal.
  await db.schema
    .createTable('archive_pledge')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('intake_id', 'uuid', (c) => c.notNull().unique().references('archive_intake.id'))
    .addColumn('missing', sql`text[]`, (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','fulfilled')`))
    .addColumn('fulfilled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // ── Transfers: online application, unit direct, cross-region; at most one open transfer per archive.
  await db.schema
    .createTable('archive_transfer')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('archive_id', 'uuid', (c) => c.notNull().references('archive.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('online_application','unit_direct','cross_region')`),
    )
    // relative to the county: within it, coming in, going out
    .addColumn('direction', 'text', (c) =>
      c.notNull().check(sql`direction in ('internal','inbound','outbound')`),
    )
    .addColumn('from_agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('to_agency_id', 'uuid', (c) => c.notNull().references('archive_agency.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('requested','approved','sent','received','returned','withdrawn')`),
    )
    .addColumn('reason', 'text')
    .addColumn('letter_number', 'text', (c) => c.unique()) // 调档函编号
    .addColumn('method', 'text', (c) => c.check(sql`method in ('confidential_post','staff_courier')`))
    .addColumn('tracking_number', 'text')
    .addColumn('due_date', 'date')
    .addColumn('overdue_alerted_at', 'timestamptz')
    .addColumn('return_reason', 'text')
    .addColumn('requested_by', 'uuid')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('received_at', 'timestamptz')
    .addColumn('decision_id', 'uuid', (c) => c.references('decisions.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('archive_transfer_agencies_ck', sql`from_agency_id <> to_agency_id`)
    .addCheckConstraint(
      'archive_transfer_sent_ck',
      sql`state not in ('sent','received') or (method is not null and tracking_number is not null and sent_at is not null)`,
    )
    .execute();
  await sql`create unique index archive_transfer_open_idx on archive_transfer (archive_id)
    where state in ('requested','approved','sent','returned')`.execute(db);
  await db.schema
    .createIndex('archive_transfer_from_idx')
    .on('archive_transfer')
    .columns(['from_agency_id', 'state'])
    .execute();
  await db.schema
    .createIndex('archive_transfer_to_idx')
    .on('archive_transfer')
    .columns(['to_agency_id', 'state'])
    .execute();

  // ── Every state change of a transfer, once.
  await db.schema
    .createTable('archive_transfer_event')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('transfer_id', 'uuid', (c) => c.notNull().references('archive_transfer.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_id', 'uuid')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('archive_transfer_event_idx')
    .on('archive_transfer_event')
    .columns(['transfer_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table archive drop constraint if exists archive_current_custody_fk`.execute(db);
  for (const t of [
    'archive_transfer_event',
    'archive_transfer',
    'archive_pledge',
    'archive_intake',
    'archive_material',
    'archive_volume',
    'archive_custody',
    'archive',
    'archive_agency',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
