/**
 * The custody proof (issue 5, "Proof that nothing is lost"): `npm run test:custody`.
 *
 * Against PostgreSQL (DATABASE_URL, or a temporary PostgreSQL 15 server started from the local binaries): 10,000
 * archives held by five county agencies, a real server process, 50 concurrent HTTP clients doing random intakes,
 * online transfer applications, approvals (调档函), sending, receipts and returns for 60 seconds. The server is
 * killed with SIGKILL twice mid-run and restarted. Clients retry with the same Idempotency-Key on every transport
 * error or 5xx until they get an answer. Afterwards, straight from the database:
 *  - every archive has exactly one custodian, its custody chain is 1..n without gaps and ends at that custodian;
 *  - every received transfer has exactly one custody row, and every custody move has a received transfer;
 *  - every action the server acknowledged is present exactly once (intakes by id, transfer state changes by
 *    (transfer, state) count) and nothing is present that was not acknowledged.
 * Prints `lost=0 duplicated=0 acknowledged=N present=N` and exits 1 otherwise.
 *
 * Options (environment): CUSTODY_SECONDS (60), CUSTODY_CLIENTS (50), CUSTODY_ARCHIVES (10000), CUSTODY_KILLS (2).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { idNumberCheckChar } from '@qiaoti/contracts';
import { createPiiCrypto, type DB, migrateToLatest, openScratchDatabase } from '@qiaoti/db';
import { seedReferenceData } from '@qiaoti/db/seed/reference';
import { type Kysely, sql } from 'kysely';
import { sessionTokenHash } from '../../apps/server/src/modules/identity/identity.service.ts';

const SECONDS = Number(process.env.CUSTODY_SECONDS ?? 60);
const CLIENTS = Number(process.env.CUSTODY_CLIENTS ?? 50);
const ARCHIVES = Number(process.env.CUSTODY_ARCHIVES ?? 10_000);
const KILLS = Number(process.env.CUSTODY_KILLS ?? 2);
const FRESH_PERSONS = 4_000; // people without an archive yet, for intakes
const CITIZENS = 2_000; // archive owners with a portal session, for online applications
const AGENCIES = 5;
const KEY = randomBytes(32).toString('hex');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const say = (s: string) => process.stdout.write(`[custody] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── PostgreSQL ────────────────────────────────────────────────────────────────────────────────────────────────────

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

async function serverUrl(): Promise<{ url: string; stop: () => void }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: () => {} };
  const bin =
    process.env.PG_BIN ??
    (existsSync('/usr/lib/postgresql')
      ? `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort().at(-1)}/bin`
      : '');
  if (!bin || !existsSync(join(bin, 'initdb'))) {
    throw new Error('需要 PostgreSQL：请设置 DATABASE_URL，或安装 PostgreSQL 15（initdb、pg_ctl）');
  }
  const dir = mkdtempSync(join(tmpdir(), 'qiaoti-custody-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const run = (cmd: string) =>
    process.getuid?.() === 0
      ? execFileSync('su', ['postgres', '-c', cmd], { stdio: 'ignore' })
      : execFileSync('sh', ['-c', cmd], { stdio: 'ignore' });
  say(`starting a temporary PostgreSQL (${bin}) on port ${port}`);
  run(`${bin}/initdb -D ${dir}/data -A trust -U postgres -E UTF8 --locale=C.UTF-8`);
  run(
    `${bin}/pg_ctl -D ${dir}/data -l ${dir}/log -w start -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200"`,
  );
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(`${bin}/pg_ctl -D ${dir}/data -m fast -w stop`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on('exit', stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

// ── Data ──────────────────────────────────────────────────────────────────────────────────────────────────────────

interface Session {
  cookie: string;
  csrf: string;
}
interface World {
  agencies: { id: string; staff: Session }[];
  freePersons: string[];
  citizens: { personId: string; session: Session }[];
}

function syntheticId(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 15_000) * 86_400_000).toISOString().slice(0, 10);
  const seq = String(900 + (Math.floor(n / 15_000) % 100)).padStart(3, '0');
  const first17 = `410122${birth.replaceAll('-', '')}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

async function newSession(db: Kysely<DB>, accountId: string): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(16).toString('base64url');
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      tokenHash: sessionTokenHash(token),
      accountId,
      csrfToken: csrf,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + 8 * 3_600_000),
      ip: '127.0.0.1',
    })
    .execute();
  return { cookie: `qiaoti=${token}`, csrf };
}

async function account(
  db: Kysely<DB>,
  v: { username: string; roles: string[]; organisationId?: string; personId?: string },
): Promise<string> {
  const row = await db
    .insertInto('accounts')
    .values({
      username: v.username,
      displayName: v.username,
      passwordHash: '!proof-no-login',
      organisationId: v.organisationId ?? null,
      personId: v.personId ?? null,
      villageCode: null,
      roles: v.roles,
      totpSecretCipher: null,
      totpLastStep: null,
      lockedUntil: null,
      firstFailedAt: null,
      disabledAt: null,
      passwordChangedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function populate(db: Kysely<DB>): Promise<World> {
  const pii = createPiiCrypto(KEY);
  const agencies: World['agencies'] = [];
  for (let i = 0; i < AGENCIES; i++) {
    const org = await db
      .insertInto('organisations')
      .values({ kind: 'department', name: `档案机构${i + 1}（证明）`, duties: ['archives'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const a = await db
      .insertInto('archiveAgency')
      .values({
        code: `proof-${i + 1}`,
        name: `档案机构${i + 1}`,
        kind: 'public_service',
        inCounty: true,
        organisationId: org.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const acc = await account(db, {
      username: `proof_staff_${i + 1}`,
      roles: ['archive_officer'],
      organisationId: org.id,
    });
    agencies.push({ id: a.id, staff: await newSession(db, acc) });
  }
  const total = ARCHIVES + FRESH_PERSONS;
  const personIds: string[] = [];
  for (let start = 0; start < total; start += 1000) {
    const rows = [];
    for (let n = start; n < Math.min(total, start + 1000); n++) {
      const id = syntheticId(n);
      rows.push({
        idNumberCipher: pii.encrypt(id),
        idNumberIndex: pii.blindIndex('id_number', id),
        idNumberMasked: `${id.slice(0, 1)}****************${id.slice(-1)}`,
        name: `证明${n}`,
        gender: (n % 2 === 0 ? 'M' : 'F') as 'M' | 'F',
        birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
        isSynthetic: true,
        updatedAt: new Date(),
      });
    }
    const ids = await db.insertInto('persons').values(rows).returning('id').execute();
    personIds.push(...ids.map((r) => r.id));
  }
  // 10,000 archives spread over the agencies, each with its custody row (one transaction per chunk: deferred FK).
  const at = new Date();
  for (let start = 0; start < ARCHIVES; start += 1000) {
    await db.transaction().execute(async (trx) => {
      const chunk = personIds.slice(start, Math.min(ARCHIVES, start + 1000));
      const archives = await trx
        .insertInto('archive')
        .values(
          chunk.map((personId, i) => ({
            personId,
            archiveNumber: `PROOF${String(start + i).padStart(6, '0')}`,
            custodianAgencyId: agencies[(start + i) % AGENCIES]?.id ?? '',
            custodySeq: 1,
          })),
        )
        .returning(['id', 'custodianAgencyId'])
        .execute();
      await trx
        .insertInto('archiveCustody')
        .values(
          archives.map((a) => ({
            archiveId: a.id,
            seq: 1,
            toAgencyId: a.custodianAgencyId,
            reason: 'intake' as const,
            at,
          })),
        )
        .execute();
    });
  }
  const citizens: World['citizens'] = [];
  for (let i = 0; i < Math.min(CITIZENS, ARCHIVES); i++) {
    const personId = personIds[i] ?? '';
    const acc = await account(db, { username: `proof_citizen_${i}`, roles: ['citizen'], personId });
    citizens.push({ personId, session: await newSession(db, acc) });
  }
  return { agencies, freePersons: personIds.slice(ARCHIVES), citizens };
}

// ── Server process ────────────────────────────────────────────────────────────────────────────────────────────────

class ServerProcess {
  child: ChildProcess | undefined;
  constructor(
    readonly url: string,
    readonly port: number,
    readonly dataDir: string,
    /** apps/server/dist/main.mjs (rebuilt when sources changed): starts in a few seconds, unlike tsx. */
    readonly entry: string,
  ) {}

  async start(): Promise<void> {
    const started = Date.now();
    this.child = spawn(process.execPath, [this.entry], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: this.url,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        QIAOTI_DEMO: '0',
        QIAOTI_KEY: KEY,
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`server exited with ${this.child.exitCode}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/api/health`);
        if (r.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() - started > 120_000) throw new Error('server did not start within 120 s');
      await sleep(200);
    }
    say(`server up (pid ${this.child.pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  kill(): void {
    if (this.child?.pid) {
      say(`kill -9 ${this.child.pid}`);
      this.child.kill('SIGKILL');
    }
  }
}

// ── Clients ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface TransferInfo {
  id: string;
  from: number;
  to: number;
  state: string;
}

interface Acks {
  intakes: Set<string>;
  /** `${transferId}:${state}` → acknowledged count */
  events: Map<string, number>;
  total: number;
}

type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; status: number };

async function call(base: string, s: Session, path: string, body: unknown, stopAt: number): Promise<Answer> {
  const key = randomUUID();
  for (;;) {
    try {
      const r = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      if (r.status >= 200 && r.status < 300)
        return { ok: true, body: (await r.json()) as Record<string, unknown> };
      if (r.status < 500 && r.status !== 429) {
        await r.arrayBuffer();
        return { ok: false, status: r.status };
      }
      await r.arrayBuffer();
    } catch {
      // connection refused or reset while the server is down: retry with the same key
    }
    if (Date.now() > stopAt) throw new Error(`no answer for ${path} within the grace period`);
    await sleep(150 + randomInt(200));
  }
}

async function client(
  n: number,
  base: string,
  world: World,
  transfers: Map<string, TransferInfo>,
  acks: Acks,
  endAt: number,
  graceAt: number,
  stats: Record<string, number>,
): Promise<void> {
  const myFree = world.freePersons.filter((_, i) => i % CLIENTS === n);
  const myCitizens = world.citizens.filter((_, i) => i % CLIENTS === n);
  const inState = (states: string[]) => [...transfers.values()].filter((t) => states.includes(t.state));
  const pick = <T>(a: readonly T[]): T | undefined => a[randomInt(a.length || 1)];
  const ack = (t: TransferInfo, state: string) => {
    t.state = state;
    const k = `${t.id}:${state}`;
    acks.events.set(k, (acks.events.get(k) ?? 0) + 1);
    acks.total++;
    stats[state] = (stats[state] ?? 0) + 1;
  };
  while (Date.now() < endAt) {
    const roll = randomInt(100);
    if (roll < 15 && myFree.length > 0) {
      const personId = myFree.pop() ?? '';
      const a = randomInt(AGENCIES);
      const agency = world.agencies[a];
      if (!agency) continue;
      const r = await call(
        base,
        agency.staff,
        '/api/archives/intakes',
        {
          personId,
          scope: 'flexible_employment',
          locatedHere: true,
          channel: randomInt(10) === 0 ? 'self_carried' : 'confidential_post',
          materials: [{ class: 1, title: '履历表', pages: 3 }],
        },
        graceAt,
      );
      if (r.ok) {
        acks.intakes.add(String(r.body.intakeId));
        acks.total++;
        stats.intake = (stats.intake ?? 0) + 1;
      } else stats[`intake_${r.status}`] = (stats[`intake_${r.status}`] ?? 0) + 1;
    } else if (roll < 40) {
      const c = pick(myCitizens);
      if (!c) continue;
      const to = randomInt(AGENCIES);
      const toAgency = world.agencies[to];
      if (!toAgency) continue;
      const r = await call(
        base,
        c.session,
        '/api/me/archive/transfer',
        { toAgencyId: toAgency.id, reason: '证明' },
        graceAt,
      );
      if (r.ok) {
        const from = world.agencies.findIndex((a) => a.id === (r.body.from as { id: string }).id);
        const t: TransferInfo = { id: String(r.body.id), from, to, state: 'requested' };
        transfers.set(t.id, t);
        ack(t, 'requested');
      } else stats[`apply_${r.status}`] = (stats[`apply_${r.status}`] ?? 0) + 1;
    } else {
      const step = roll < 58 ? 'approve' : roll < 76 ? 'send' : roll < 94 ? 'receive' : 'return';
      const candidates =
        step === 'approve'
          ? inState(['requested'])
          : step === 'send'
            ? inState(['approved', 'returned'])
            : inState(['sent']);
      const t = pick(candidates);
      if (!t) {
        await sleep(5);
        continue;
      }
      const actingIdx = step === 'send' ? t.from : t.to;
      const agency = world.agencies[actingIdx];
      if (!agency) continue;
      const body =
        step === 'send'
          ? {
              method: randomInt(2) ? 'confidential_post' : 'staff_courier',
              trackingNumber: `JY${randomInt(1e9)}`,
            }
          : step === 'return'
            ? { reason: '缺少材料，请补充' }
            : {};
      const r = await call(base, agency.staff, `/api/archives/transfers/${t.id}/${step}`, body, graceAt);
      const target = { approve: 'approved', send: 'sent', receive: 'received', return: 'returned' }[step];
      if (r.ok) ack(t, target);
      else stats[`${step}_${r.status}`] = (stats[`${step}_${r.status}`] ?? 0) + 1;
    }
  }
}

// ── Verification ──────────────────────────────────────────────────────────────────────────────────────────────────

async function verify(db: Kysely<DB>, acks: Acks, world: World): Promise<boolean> {
  const problems: string[] = [];
  // one custodian, chain 1..n without gaps, ending at the custodian
  const chain = await sql<{ bad: number }>`
    select count(*)::int as bad from archive a
    left join lateral (
      select count(*) as n, max(seq) as top,
             (select to_agency_id from archive_custody c2 where c2.archive_id = a.id order by seq desc limit 1) as last_to
      from archive_custody c where c.archive_id = a.id
    ) h on true
    where a.custodian_agency_id is null or h.n <> h.top or h.top <> a.custody_seq or h.last_to <> a.custodian_agency_id`.execute(
    db,
  );
  const badChains = chain.rows[0]?.bad ?? -1;
  if (badChains !== 0)
    problems.push(`${badChains} archives whose custody chain does not end at their custodian`);
  const receipts = await sql<{ received: number; moves: number; orphan: number; dup: number }>`
    select (select count(*)::int from archive_transfer where state = 'received') as received,
           (select count(*)::int from archive_custody where transfer_id is not null) as moves,
           (select count(*)::int from archive_custody c left join archive_transfer t on t.id = c.transfer_id
              where c.transfer_id is not null and (t.state is distinct from 'received' or t.to_agency_id <> c.to_agency_id)) as orphan,
           (select count(*)::int from (select archive_id from archive_transfer
              where state in ('requested','approved','sent','returned') group by archive_id having count(*) > 1) x) as dup`.execute(
    db,
  );
  const r = receipts.rows[0];
  if (!r || r.received !== r.moves || r.orphan !== 0 || r.dup !== 0) {
    problems.push(`receipts ${JSON.stringify(r)}: every receipt must have exactly one custody move`);
  }
  const archiveCount = await db
    .selectFrom('archive')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  // acknowledged actions: present exactly once; nothing present that was not acknowledged
  let lost = 0;
  let duplicated = 0;
  let present = 0;
  const intakeRows = await db
    .selectFrom('archiveIntake')
    .select(['id', 'personId'])
    .where('personId', 'in', world.freePersons)
    .execute();
  const intakeIds = new Map<string, number>();
  for (const row of intakeRows) intakeIds.set(row.id, (intakeIds.get(row.id) ?? 0) + 1);
  for (const id of acks.intakes) {
    const c = intakeIds.get(id) ?? 0;
    if (c === 0) lost++;
    else present++;
  }
  duplicated += Math.max(0, intakeRows.length - acks.intakes.size);
  const perPerson = new Map<string, number>();
  for (const row of intakeRows) perPerson.set(row.personId, (perPerson.get(row.personId) ?? 0) + 1);
  duplicated += [...perPerson.values()].filter((n) => n > 1).length;

  const events = await db
    .selectFrom('archiveTransferEvent')
    .select(['transferId', 'toState', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['transferId', 'toState'])
    .execute();
  const inDb = new Map(events.map((e) => [`${e.transferId}:${e.toState}`, Number(e.n)]));
  for (const [k, n] of acks.events) {
    const m = inDb.get(k) ?? 0;
    present += Math.min(n, m);
    lost += Math.max(0, n - m);
  }
  for (const [k, m] of inDb) duplicated += Math.max(0, m - (acks.events.get(k) ?? 0));

  say(`archives=${archiveCount.n} received=${r?.received} custody_moves=${r?.moves}`);
  for (const p of problems) say(`PROBLEM: ${p}`);
  process.stdout.write(
    `lost=${lost} duplicated=${duplicated} acknowledged=${acks.total} present=${present}\n`,
  );
  return problems.length === 0 && lost === 0 && duplicated === 0 && present === acks.total;
}

// ── Main ──────────────────────────────────────────────────────────────────────────────────────────────────────────

const pgServer = await serverUrl();
const dbName = `qiaoti_custody_${process.pid}`;
const database = await openScratchDatabase(pgServer.url, dbName);
let ok = false;
const dataDir = mkdtempSync(join(tmpdir(), 'qiaoti-custody-data-'));
try {
  const t0 = Date.now();
  await migrateToLatest(database.db as Kysely<unknown>);
  await seedReferenceData(database.db);
  const world = await populate(database.db);
  say(
    `${ARCHIVES} archives, ${FRESH_PERSONS} persons to take in, ${world.citizens.length} citizens; set up in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const port = await freePort();
  const entry = execFileSync(
    process.execPath,
    [
      '-e',
      "import('./scripts/build-server.mjs').then(async (m) => console.log(await m.ensureServerBuilt()))",
    ],
    { cwd: root, encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .at(-1);
  if (!entry || !existsSync(entry)) throw new Error('apps/server/dist/main.mjs could not be built');
  const server = new ServerProcess(database.url, port, dataDir, entry);
  await server.start();
  const base = `http://127.0.0.1:${port}`;

  const transfers = new Map<string, TransferInfo>();
  const acks: Acks = { intakes: new Set(), events: new Map(), total: 0 };
  const stats: Record<string, number> = {};
  const startAt = Date.now();
  const endAt = startAt + SECONDS * 1000;
  const graceAt = endAt + 120_000;
  const clients = Array.from({ length: CLIENTS }, (_, n) =>
    client(n, base, world, transfers, acks, endAt, graceAt, stats),
  );
  const killer = (async () => {
    for (let k = 1; k <= KILLS; k++) {
      await sleep(Math.max(8_000, startAt + (SECONDS * 1000 * k) / (KILLS + 1) - Date.now()));
      server.kill();
      await sleep(300);
      await server.start();
    }
  })();
  await Promise.all([...clients, killer]);
  server.kill();
  say(`run: ${SECONDS} s, ${CLIENTS} clients, ${KILLS} kills; acknowledged ${JSON.stringify(stats)}`);
  ok = await verify(database.db, acks, world);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  pgServer.stop();
}
process.exit(ok ? 0 : 1);
