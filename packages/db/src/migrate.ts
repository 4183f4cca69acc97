import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import * as foundation from './migrations/2026-11-28T0800-foundation.ts';
import * as identity from './migrations/2026-11-28T0810-identity-audit-jobs.ts';
import * as auditCheckpoints from './migrations/2026-11-28T0900-audit-checkpoints.ts';
import * as jobInputs from './migrations/2026-11-28T0905-job-inputs.ts';
import * as policy from './migrations/2026-11-28T1000-policy.ts';
import * as workItems from './migrations/2026-11-28T1030-work-items.ts';
import * as employmentCore from './migrations/2026-11-28T1100-employment-core.ts';
import * as employmentAssistance from './migrations/2026-11-28T1110-employment-assistance.ts';
import * as gigIndicatorsNotifications from './migrations/2026-11-28T1120-gig-indicators-notifications.ts';
import * as archivesCore from './migrations/2026-11-28T1200-archives-core.ts';
import * as archivesDigital from './migrations/2026-11-28T1210-archives-digital.ts';
import * as archivesDigitalFollowups from './migrations/2026-11-28T1240-archives-digital-followups.ts';

/** Every migration, in order. Append-only: add a file under migrations/ and one line here. */
export const migrations: Record<string, Migration> = {
  '2026-11-28T0800-foundation': foundation,
  '2026-11-28T0810-identity-audit-jobs': identity,
  '2026-11-28T0900-audit-checkpoints': auditCheckpoints,
  '2026-11-28T0905-job-inputs': jobInputs,
  '2026-11-28T1000-policy': policy,
  '2026-11-28T1030-work-items': workItems,
  '2026-11-28T1100-employment-core': employmentCore,
  '2026-11-28T1110-employment-assistance': employmentAssistance,
  '2026-11-28T1120-gig-indicators-notifications': gigIndicatorsNotifications,
  '2026-11-28T1200-archives-core': archivesCore,
  '2026-11-28T1210-archives-digital': archivesDigital,
  '2026-11-28T1240-archives-digital-followups': archivesDigitalFollowups,
};

export function createMigrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`迁移失败（${failed}）: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
