import { randomInt } from 'node:crypto';
import { idNumberCheckChar, permissionsOf, type Role } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';

/** Test factories for imports: fresh checksum-valid ID numbers and an account to act as. */

const used = new Set<string>();

/**
 * A fresh, valid Zhongmou ID number (region 410122) for a given birth date and sex. `check` asks for a number whose
 * check character is that one (e.g. 'X', to test a lowercase x).
 */
export function buildIdNumber(options: { birth?: string; gender?: 'M' | 'F'; check?: string } = {}): string {
  for (;;) {
    const birth = (options.birth ?? randomBirth()).replaceAll('-', '');
    let seq = randomInt(0, 1000);
    if (options.gender) seq = seq - (seq % 2) + (options.gender === 'M' ? 1 : 0);
    if (seq > 999) seq -= 2;
    const first17 = `410122${birth}${String(seq).padStart(3, '0')}`;
    const id = first17 + idNumberCheckChar(first17);
    if (options.check && !id.endsWith(options.check)) continue;
    if (used.has(id)) continue;
    used.add(id);
    return id;
  }
}

function randomBirth(): string {
  const y = randomInt(1950, 2006);
  const m = randomInt(1, 13);
  const d = randomInt(1, 29);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

export const genderOfId = (id: string): 'M' | 'F' => (Number(id[16]) % 2 === 1 ? 'M' : 'F');
export const birthOfId = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

/** An account row (the foreign key of jobs.created_by) and the actor for it. */
export async function createImportActor(db: Kysely<DB>, role: Role = 'employment_officer'): Promise<Actor> {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('code', 'is not', null)
    .executeTakeFirstOrThrow();
  const username = `import_${Date.now().toString(36)}_${randomInt(1e9).toString(36)}`;
  const account = await db
    .insertInto('accounts')
    .values({ username, displayName: '导入测试', passwordHash: 'x', roles: [role], organisationId: org.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    accountId: account.id,
    username,
    roles: [role],
    permissions: permissionsOf([role]),
    organisationId: org.id,
    organisationDuties: [],
    organisationKind: 'department',
    villageCode: null,
    personId: null,
    ip: '127.0.0.1',
    requestId: null,
  };
}

/** Polls the jobs row until the job has ended. */
export async function waitForJob(db: Kysely<DB>, jobId: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
