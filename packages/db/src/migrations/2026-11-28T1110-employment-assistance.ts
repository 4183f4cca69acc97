import { type Kysely, sql } from 'kysely';

/**
 * Employment assistance (就业援助), 零就业家庭 and employment subsidies (issue 4, parts 6 and 7).
 * Assistance cases and their plan steps are work items (`work_items`); the tables here hold what is particular to
 * them. Every identification, closure and eligibility is a decision record (`decisions`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // 就业困难人员认定: one row per stored identification (the latest per person is the one in force).
  await db.schema
    .createTable('difficulty_identification')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('decision_id', 'uuid', (c) => c.notNull().references('decisions.id'))
    /** Category code (ZERO_EMPLOYMENT_HOUSEHOLD …) or null when not identified. */
    .addColumn('category', 'text')
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('village_code', 'text')
    .addColumn('identified_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('difficulty_identification_person_idx')
    .on('difficulty_identification')
    .columns(['person_id', 'created_at'])
    .execute();

  // 就业援助个案: the case is a work item (type employment.assistance_case); this row holds its domain data.
  await db.schema
    .createTable('assistance_case')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('work_item_id', 'uuid', (c) => c.notNull().unique().references('work_items.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('identification_id', 'uuid', (c) => c.notNull().references('difficulty_identification.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','closed')`))
    .addColumn('opened_on', 'date', (c) => c.notNull())
    .addColumn('closed_on', 'date')
    .addColumn('closure_decision_id', 'uuid', (c) => c.references('decisions.id'))
    .addColumn('close_note', 'text')
    .addColumn('opened_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // At most one open case per person.
  await sql`create unique index assistance_case_open_person_idx on assistance_case (person_id) where status = 'open'`.execute(
    db,
  );
  await db.schema
    .createIndex('assistance_case_village_idx')
    .on('assistance_case')
    .columns(['village_code', 'status'])
    .execute();

  // 零就业家庭: spells on the live list (entered → left). The live list is the spells not yet left.
  await db.schema
    .createTable('zero_employment_spell')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('household_id', 'uuid', (c) => c.notNull().references('households.id'))
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('entered_on', 'date', (c) => c.notNull())
    .addColumn('entry_decision_id', 'uuid', (c) => c.notNull().references('decisions.id'))
    .addColumn('left_on', 'date')
    .addColumn('leave_reason', 'text')
    /** The member whose employment cleared the household, when that is why it left. */
    .addColumn('leave_person_id', 'uuid', (c) => c.references('persons.id'))
    .addColumn('leave_decision_id', 'uuid', (c) => c.references('decisions.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index zero_employment_spell_current_idx on zero_employment_spell (household_id) where left_on is null`.execute(
    db,
  );
  await db.schema
    .createIndex('zero_employment_spell_township_idx')
    .on('zero_employment_spell')
    .columns(['township_code', 'left_on'])
    .execute();

  // Daily count per township for the 清零 dashboard.
  await db.schema
    .createTable('zero_employment_snapshot')
    .addColumn('snapshot_on', 'date', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('entered', 'integer', (c) => c.notNull())
    .addColumn('cleared', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('zero_employment_snapshot_pk', ['snapshot_on', 'township_code'])
    .execute();

  // 就业补贴申请.
  await db.schema
    .createTable('subsidy_application')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('social_insurance','post','flexible_social_insurance','public_welfare_post')`),
    )
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id'))
    /** First month applied for, `YYYY-MM`. */
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('months', 'integer', (c) => c.notNull().check(sql`months > 0`))
    /** One application per kind, person, employer and first month: a second submit finds the first. */
    .addColumn('business_key', 'text', (c) => c.notNull().unique())
    .addColumn('monthly_contribution_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contract_signed', 'boolean', (c) => c.notNull())
    .addColumn('insurance_paid', 'boolean', (c) => c.notNull())
    .addColumn('flexible_registered', 'boolean', (c) => c.notNull())
    .addColumn('recent_graduate', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('submitted','approved','rejected','paid')`),
    )
    .addColumn('eligible', 'boolean', (c) => c.notNull())
    .addColumn('eligibility_decision_id', 'uuid', (c) => c.notNull().references('decisions.id'))
    .addColumn('amount_decision_id', 'uuid', (c) => c.references('decisions.id'))
    .addColumn('monthly_amount_fen', 'integer', (c) => c.notNull())
    /** Months granted: the months asked for, cut to what the duration limit leaves. */
    .addColumn('months_allowed', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('employer','staff')`))
    .addColumn('applied_by', 'uuid')
    .addColumn('review_note', 'text')
    .addColumn('reviewed_by', 'uuid')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('subsidy_application_person_idx')
    .on('subsidy_application')
    .columns(['person_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('subsidy_application_org_idx')
    .on('subsidy_application')
    .columns(['organisation_id', 'status'])
    .execute();

  await db.schema
    .createTable('subsidy_payment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('subsidy_application.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('months', 'integer', (c) => c.notNull().check(sql`months > 0`))
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    /** 支付凭证号: unique, so a payment cannot be recorded twice. */
    .addColumn('voucher_no', 'text', (c) => c.notNull().unique())
    .addColumn('paid_on', 'date', (c) => c.notNull())
    .addColumn('paid_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('subsidy_payment_person_idx')
    .on('subsidy_payment')
    .columns(['person_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('subsidy_payment').ifExists().execute();
  await db.schema.dropTable('subsidy_application').ifExists().execute();
  await db.schema.dropTable('zero_employment_snapshot').ifExists().execute();
  await db.schema.dropTable('zero_employment_spell').ifExists().execute();
  await db.schema.dropTable('assistance_case').ifExists().execute();
  await db.schema.dropTable('difficulty_identification').ifExists().execute();
}
