import { type Kysely, sql } from 'kysely';

// Employment core (issue 4): job postings, job seekers, referrals, placements and their follow-ups.
// Other employment modules (assistance, subsidies, gig market, indicators) read these tables: keep names stable.

export async function up(db: Kysely<unknown>): Promise<void> {
  // ── Job postings by employers (organisations of kind employer), or by staff on their behalf.
  await db.schema
    .createTable('job_posting')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('occupation_code', 'text', (c) => c.notNull()) // 职业分类大典 2022, D-DD-DD-DD
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('skills', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('education', 'text') // minimum 学历 (contracts educationLevels); null = 不限
    .addColumn('experience_years', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wage_min_fen', 'integer', (c) => c.notNull())
    .addColumn('wage_max_fen', 'integer', (c) => c.notNull())
    .addColumn('workplace_kind', 'text', (c) =>
      c.notNull().check(sql`workplace_kind in ('village','township','outside')`),
    )
    .addColumn('workplace_code', 'varchar(12)', (c) => c.references('places.code')) // null when outside
    .addColumn('workplace_name', 'text', (c) => c.notNull())
    /** Working hours kind, as matching sees it: full_time | part_time | shift (倒班) | flexible. */
    .addColumn('hours', 'text', (c) =>
      c.notNull().check(sql`hours in ('full_time','part_time','shift','flexible')`),
    )
    .addColumn('hours_note', 'text') // e.g. 8:00–17:00，月休 4 天
    .addColumn('hours_per_week', 'integer')
    .addColumn('headcount', 'integer', (c) => c.notNull().check(sql`headcount > 0`))
    .addColumn('contract_type', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`contract_type in ('open_ended','fixed_term','part_time','seasonal','dispatch','internship')`,
        ),
    )
    .addColumn('closing_date', 'date')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','published','closed')`))
    /** The employer confirmed the age-limit warning of the last check. */
    .addColumn('age_limit_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    /** The last discrimination check (decisions.id). */
    .addColumn('check_decision_id', 'uuid', (c) => c.references('decisions.id'))
    .addColumn('published_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_by', 'uuid')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('job_posting_wage_range', sql`wage_min_fen >= 0 and wage_max_fen >= wage_min_fen`)
    .execute();
  await db.schema
    .createIndex('job_posting_org_idx')
    .on('job_posting')
    .columns(['organisation_id', 'status'])
    .execute();
  await db.schema
    .createIndex('job_posting_status_idx')
    .on('job_posting')
    .columns(['status', 'closing_date'])
    .execute();

  // ── Job seekers: one registration per person; status is the person's current employment status.
  await db.schema
    .createTable('job_seeker')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().unique().references('persons.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('registered','employed','unemployed','in_training','flexible')`),
    )
    .addColumn('status_since', 'date', (c) => c.notNull())
    .addColumn('occupations_wanted', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('skills', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('education', 'text')
    .addColumn('experience_years', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expected_wage_fen', 'integer')
    .addColumn('acceptable_places', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`)) // place codes
    .addColumn('max_commute_km', 'integer')
    .addColumn('hours_wanted', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`)) // hours kinds; empty = any
    .addColumn('available_from', 'date')
    .addColumn('certificates', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    /** 就业援助对象: matching gives a configurable priority (set by the assistance module). */
    .addColumn('assistance_priority', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('portal','staff','import')`))
    .addColumn('registered_on', 'date', (c) => c.notNull())
    .addColumn('registered_by', 'uuid')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('job_seeker_status_idx').on('job_seeker').column('status').execute();

  // ── Referrals: requested (a seeker applied) → referred → interview → hired | rejected | withdrawn.
  await db.schema
    .createTable('referral')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seeker_id', 'uuid', (c) => c.notNull().references('job_seeker.id'))
    .addColumn('posting_id', 'uuid', (c) => c.notNull().references('job_posting.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('requested','referred','interview','hired','rejected','withdrawn')`),
    )
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('portal','staff','employer')`))
    .addColumn('score', 'integer') // matching score (0–100) at the time of referral
    .addColumn('reasons', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('interview_at', 'timestamptz')
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index referral_open_idx on referral (seeker_id, posting_id) where state not in ('rejected','withdrawn')`.execute(
    db,
  );
  await db.schema
    .createIndex('referral_posting_idx')
    .on('referral')
    .columns(['posting_id', 'state'])
    .execute();

  // ── Placements: a person started work with an employer (posting and referral when through the service).
  await db.schema
    .createTable('placement')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('posting_id', 'uuid', (c) => c.references('job_posting.id'))
    .addColumn('referral_id', 'uuid', (c) => c.unique().references('referral.id'))
    .addColumn('occupation_code', 'text')
    .addColumn('wage_fen', 'integer')
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('placement_person_idx')
    .on('placement')
    .columns(['person_id', 'start_date'])
    .execute();
  await db.schema
    .createIndex('placement_org_idx')
    .on('placement')
    .columns(['organisation_id', 'start_date'])
    .execute();

  // ── Follow-ups at 1, 3 and 6 months after the start: still employed?
  await db.schema
    .createTable('placement_followup')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('placement_id', 'uuid', (c) => c.notNull().references('placement.id').onDelete('cascade'))
    .addColumn('due_month', 'integer', (c) => c.notNull().check(sql`due_month in (1,3,6)`))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.check(sql`result in ('employed','left','unreachable')`)) // null = not done
    .addColumn('checked_on', 'date')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'uuid')
    .addColumn('recorded_at', 'timestamptz')
    .addUniqueConstraint('placement_followup_month_uq', ['placement_id', 'due_month'])
    .execute();
  await db.schema
    .createIndex('placement_followup_due_idx')
    .on('placement_followup')
    .columns(['result', 'due_date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['placement_followup', 'placement', 'referral', 'job_seeker', 'job_posting']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
