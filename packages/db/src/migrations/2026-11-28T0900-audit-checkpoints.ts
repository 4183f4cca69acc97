import { type Kysely, sql } from 'kysely';

/**
 * Audit checkpoints: every append to audit_log also appends (seq, hash) here, in the same transaction. The
 * verifier compares the two, so cutting the tail off audit_log (which leaves a self-consistent shorter chain)
 * is still detected unless this table is cut identically too. Both are append-only for every role; on a server
 * the app's role `qiaoti_app` (when it exists) may only SELECT and INSERT them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create trigger audit_checkpoints_no_update before update or delete on audit_checkpoints
    for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
    for each statement execute function audit_log_refuse_change()`.execute(db);
  // The app's runtime role, when the deployment created one: append and read only (等保 安全审计 c).
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'qiaoti_app') then
        revoke update, delete, truncate on audit_log, audit_checkpoints from qiaoti_app;
        grant select, insert on audit_log, audit_checkpoints to qiaoti_app;
        grant usage, select on sequence audit_log_seq_seq to qiaoti_app;
      end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').ifExists().execute();
}
