import { type Kysely, sql } from 'kysely';

// Migrations import no app code: they are frozen history. Append new files; never edit a landed one.

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── Places: GB/T 2260 province/city/county codes and the 9- and 12-digit statistical codes below them.
  await db.schema
    .createTable('places')
    .addColumn('code', 'varchar(12)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('province','city','county','township','village')`),
    )
    .addColumn('parent_code', 'varchar(12)', (c) => c.references('places.code'))
    .execute();
  await db.schema.createIndex('places_parent_idx').on('places').column('parent_code').execute();

  // ── Organisations: departments, township governments, employers.
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('department','township_government','employer','other')`),
    )
    .addColumn('code', 'text', (c) => c.unique()) // stable short code for departments, e.g. 'hrss'
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'varchar(18)', (c) => c.unique()) // 统一社会信用代码 (GB 32100)
    .addColumn('place_code', 'varchar(12)', (c) => c.references('places.code'))
    .addColumn('duties', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // ── Persons. ID and phone numbers: SM4 ciphertext + HMAC-SM3 blind index + a stored mask.
  await db.schema
    .createTable('persons')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('id_number_cipher', 'text', (c) => c.notNull())
    .addColumn('id_number_index', 'text', (c) => c.notNull().unique())
    .addColumn('id_number_masked', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('M','F')`))
    .addColumn('birth_date', 'date', (c) => c.notNull())
    .addColumn('hukou_place_code', 'varchar(12)')
    .addColumn('hukou_kind', 'text', (c) =>
      c.check(sql`hukou_kind in ('agricultural','non_agricultural','resident')`),
    )
    .addColumn('residence_village_code', 'varchar(12)', (c) => c.references('places.code'))
    .addColumn('education', 'text')
    .addColumn('phone_cipher', 'text')
    .addColumn('phone_index', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('is_synthetic', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('persons_phone_idx').on('persons').column('phone_index').execute();
  await db.schema
    .createIndex('persons_village_name_idx')
    .on('persons')
    .columns(['residence_village_code', 'name'])
    .execute();

  await db.schema
    .createTable('households')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('household_number', 'text', (c) => c.unique()) // 户号
    .addColumn('village_code', 'varchar(12)', (c) => c.notNull().references('places.code'))
    .addColumn('address', 'text')
    .addColumn('head_person_id', 'uuid', (c) => c.references('persons.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('households_village_idx').on('households').column('village_code').execute();

  // Membership over time: a person belongs to at most one household at a time (to_date null = current).
  await db.schema
    .createTable('household_members')
    .addColumn('household_id', 'uuid', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('relation', 'text', (c) => c.notNull()) // 与户主关系: head, spouse, child, parent, grandchild, sibling, other …
    .addColumn('from_date', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .addColumn('to_date', 'date')
    .addPrimaryKeyConstraint('household_members_pk', ['household_id', 'person_id', 'from_date'])
    .execute();
  await sql`create unique index household_members_current_idx on household_members (person_id) where to_date is null`.execute(
    db,
  );

  // Household links across households and time (DESIGN §4b): parent–child and spouse.
  await db.schema
    .createTable('person_relations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('related_person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('parent_of','spouse_of')`))
    .addColumn('from_date', 'date')
    .addColumn('to_date', 'date')
    .execute();
  await db.schema
    .createIndex('person_relations_person_idx')
    .on('person_relations')
    .column('person_id')
    .execute();
  await db.schema
    .createIndex('person_relations_related_idx')
    .on('person_relations')
    .column('related_person_id')
    .execute();

  // Dated facts (DESIGN §4.2): a value and the date it holds from, with its evidence.
  await db.schema
    .createTable('person_facts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('fact', 'text', (c) => c.notNull()) // employment_status, monthly_income_fen, occupation_code, …
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('person_facts_lookup_idx')
    .on('person_facts')
    .columns(['person_id', 'fact', 'valid_from'])
    .execute();

  // Mobility events (DESIGN §4.3): every change in a person's labour-market position.
  await db.schema
    .createTable('mobility_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // employment_status, employer, occupation, sector, place, title, skill_level, income_band, hukou, residence
    .addColumn('from_value', 'jsonb')
    .addColumn('to_value', 'jsonb')
    .addColumn('occurred_on', 'date', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('mobility_events_person_idx')
    .on('mobility_events')
    .columns(['person_id', 'occurred_on'])
    .execute();
  await db.schema
    .createIndex('mobility_events_kind_idx')
    .on('mobility_events')
    .columns(['kind', 'occurred_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'mobility_events',
    'person_facts',
    'person_relations',
    'household_members',
    'households',
    'persons',
    'organisations',
    'places',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
