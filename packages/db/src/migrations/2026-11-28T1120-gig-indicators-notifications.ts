import { type Kysely, sql } from 'kysely';

// Notifications (DESIGN §4b, shared by every domain), the gig market (灵工市场, issue 4 part 3) and entered
// employment indicators (issue 4 part 8). Computed indicators read the employment tables; only entered series live here.

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── In-app inbox: one row per recipient account. Text never carries an ID or phone number.
  await db.schema
    .createTable('notification')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('read_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('notification_account_idx')
    .on('notification')
    .columns(['account_id', 'created_at'])
    .execute();
  await sql`create index notification_unread_idx on notification (account_id) where read_at is null`.execute(
    db,
  );

  // ── Outbound channels (SMS, mini-program): what each adapter did with a notification.
  await db.schema
    .createTable('notification_delivery')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('notification_id', 'uuid', (c) =>
      c.notNull().references('notification.id').onDelete('cascade'),
    )
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms','miniprogram')`))
    .addColumn('adapter', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('logged','sent','failed')`))
    .addColumn('detail', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('notification_delivery_notification_idx')
    .on('notification_delivery')
    .column('notification_id')
    .execute();

  // ── Labour-market sites: 零工驿站 / 劳务市场 at points in townships.
  await db.schema
    .createTable('gig_site')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('gig_station','labour_market')`))
    .addColumn('township_code', 'varchar(12)', (c) => c.notNull().references('places.code'))
    .addColumn('village_code', 'varchar(12)', (c) => c.references('places.code'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('contact_organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('gig_site_township_idx').on('gig_site').column('township_code').execute();

  // ── Short or daily tasks, posted by an employer or a household (directly or through a village worker).
  await db.schema
    .createTable('gig_task')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('gig_site.id'))
    /** Copied from the site: every scope filter is on the task row. */
    .addColumn('township_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('poster_kind', 'text', (c) => c.notNull().check(sql`poster_kind in ('employer','household')`))
    .addColumn('employer_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('household_id', 'uuid', (c) => c.references('households.id'))
    .addColumn('poster_person_id', 'uuid', (c) => c.references('persons.id'))
    .addColumn('pay_unit', 'text', (c) => c.notNull().check(sql`pay_unit in ('day','task')`))
    .addColumn('pay_fen', 'integer', (c) => c.notNull().check(sql`pay_fen > 0`))
    .addColumn('work_date', 'date', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull().defaultTo(1).check(sql`days between 1 and 31`))
    .addColumn('headcount', 'integer', (c) => c.notNull().check(sql`headcount between 1 and 500`))
    .addColumn('claimed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','closed','cancelled')`))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('gig_task_headcount', sql`claimed_count >= 0 and claimed_count <= headcount`)
    .addCheckConstraint(
      'gig_task_poster',
      sql`(poster_kind = 'employer' and employer_id is not null) or (poster_kind = 'household' and household_id is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('gig_task_open_idx')
    .on('gig_task')
    .columns(['status', 'township_code', 'work_date'])
    .execute();
  await db.schema.createIndex('gig_task_site_idx').on('gig_task').columns(['site_id', 'work_date']).execute();

  // ── A worker's claim: claimed → checked_in → completed (or withdrawn before check-in).
  await db.schema
    .createTable('gig_claim')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('gig_task.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('claimed','checked_in','completed','withdrawn')`),
    )
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('created_by', 'uuid')
    .execute();
  // No double claims: one live claim per worker and task.
  await sql`create unique index gig_claim_live_idx on gig_claim (task_id, person_id) where status <> 'withdrawn'`.execute(
    db,
  );
  await db.schema
    .createIndex('gig_claim_person_idx')
    .on('gig_claim')
    .columns(['person_id', 'status'])
    .execute();

  // ── Payment for a completed claim, recorded by the poster or staff, confirmed by the worker.
  await db.schema
    .createTable('gig_payment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('claim_id', 'uuid', (c) => c.notNull().unique().references('gig_claim.id'))
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('cash','bank_transfer','wechat','alipay')`),
    )
    .addColumn('paid_on', 'date', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .execute();

  // ── Entered indicator series (e.g. 城镇调查失业率 from the statistics bureau): one value per area and month.
  await db.schema
    .createTable('indicator_entry')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('indicator', 'text', (c) => c.notNull())
    /** County (6 digits) or township (9 digits). */
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('places.code'))
    .addColumn('month', 'char(7)', (c) => c.notNull()) // YYYY-MM
    /** Rates in basis points (1 = 0.01 %), counts as they are. */
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('entered_by', 'uuid')
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('indicator_entry_uq', ['indicator', 'area_code', 'month'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'indicator_entry',
    'gig_payment',
    'gig_claim',
    'gig_task',
    'gig_site',
    'notification_delivery',
    'notification',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
