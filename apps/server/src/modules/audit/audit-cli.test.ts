import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '@qiaoti/db';
import { openIsolatedTestDatabase } from '@qiaoti/db/testing';
import { sql } from 'kysely';
import { auditVerifyReport } from '../../cli/audit.ts';
import { writeAudit } from './audit.service.ts';

describe('npm run cli -- audit verify', () => {
  let database: Database;
  before(async () => {
    database = await openIsolatedTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  it('exits 0 on an intact chain and 1 naming the first broken record', async () => {
    const db = database.db;
    for (let i = 0; i < 5; i++)
      await writeAudit(db, { at: new Date(), event: 'logout', outcome: 'success', requestId: `r${i}` });
    const ok = await auditVerifyReport(db);
    assert.equal(ok.exitCode, 0);
    assert.match(ok.text, /完整：已校验 5 条，链尾 #5 [0-9a-f]{64}/);
    await sql`alter table audit_log disable trigger user`.execute(db);
    await sql`update audit_log set outcome = 'failure' where seq = 3`.execute(db);
    const broken = await auditVerifyReport(db);
    assert.equal(broken.exitCode, 1);
    assert.match(broken.text, /第一条异常记录 #3（内容与哈希不符/);
  });
});
