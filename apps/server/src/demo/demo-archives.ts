import { permissionsOf, type Role, roles as roleTable } from '@qiaoti/contracts';
import type { Actor } from '../actor.ts';
import type { AppContext } from '../context.ts';
import { upsertAgency } from '../modules/archives/agencies.repository.ts';
import { intakeArchive } from '../modules/archives/intake.service.ts';
import {
  applyOnline,
  approveTransfer,
  receiveTransfer,
  returnTransfer,
  sendTransfer,
  startTransfer,
} from '../modules/archives/transfers.service.ts';
import { findAccountByUsername, findOrganisationByCode } from '../modules/identity/identity.repository.ts';
import { provisionAccount } from '../modules/identity/identity-accounts.service.ts';
import { DEMO_PASSWORD, type DemoAccountLine } from './demo-accounts.ts';
import type { DemoPopulation } from './demo-population.ts';

/**
 * Demo archives (demo mode only): two county agencies — 中牟县人才交流中心 (staff account `archive`, 县人社局) and
 * 中牟县公共就业服务中心 (account `archive2`) — three counterpart agencies outside the county, about thirty archives
 * with materials in the ten classes, a refused self-carried intake, and transfers in every state so each queue has
 * work. The demo citizen's archive is held by 公共就业服务中心 with no open transfer (the end-to-end test applies).
 * Idempotent: skipped when the agencies exist. Returns the extra account line (archive2).
 */

const DAY = 86_400_000;

const materials = [
  { class: 1, title: '干部履历表', pages: 4, materialDate: '2016-07-01' },
  { class: 3, title: '毕业生鉴定表', pages: 2, materialDate: '2016-06-15' },
  { class: 4, title: '高等学校毕业生登记表', pages: 4, materialDate: '2016-06-20' },
  { class: 4, title: '学士学位证书复印件', pages: 1, materialDate: '2016-06-30', volume: 'copy' as const },
  { class: 4, title: '本科学习成绩单', pages: 2, materialDate: '2016-06-30' },
  { class: 6, title: '中国共产主义青年团入团志愿书', pages: 3, materialDate: '2010-05-04' },
  { class: 7, title: '优秀毕业生荣誉证书复印件', pages: 1, materialDate: '2016-06-01' },
  { class: 9, title: '劳动合同解除证明', pages: 1, materialDate: '2024-03-31' },
  { class: 10, title: '档案转递通知单（存根）', pages: 1, materialDate: '2016-08-10' },
];

function staffActor(accountId: string, username: string, organisationId: string): Actor {
  const roles: Role[] = ['archive_officer'];
  return {
    accountId,
    username,
    roles,
    permissions: permissionsOf(roles),
    organisationId,
    organisationDuties: ['archives'],
    organisationKind: 'department',
    villageCode: null,
    personId: null,
    ip: null,
    requestId: null,
  };
}

function citizenActor(accountId: string, username: string, personId: string): Actor {
  const roles: Role[] = ['citizen'];
  return {
    accountId,
    username,
    roles,
    permissions: permissionsOf(roles),
    organisationId: null,
    organisationDuties: [],
    organisationKind: null,
    villageCode: null,
    personId,
    ip: null,
    requestId: null,
  };
}

export async function seedDemoArchives(
  ctx: AppContext,
  population: DemoPopulation,
): Promise<DemoAccountLine[]> {
  const db = ctx.database.db;
  const line: DemoAccountLine = {
    username: 'archive2',
    password: DEMO_PASSWORD,
    role: 'archive_officer',
    roleLabel: `${roleTable.archive_officer.label}·公共就业服务中心`,
    totpSecret: 'QIAOTIDEMOARCHIVETWOXAAAAAAAAAAA',
  };
  const done = await db
    .selectFrom('archiveAgency')
    .select('id')
    .where('code', '=', 'zm-rcjl')
    .executeTakeFirst();
  if (done) return [line];

  const hrss = await findOrganisationByCode(db, 'hrss');
  if (!hrss) return [];
  const pesOrg =
    (await findOrganisationByCode(db, 'hrss-pes')) ??
    (await db
      .insertInto('organisations')
      .values({ kind: 'department', code: 'hrss-pes', name: '中牟县公共就业服务中心', duties: ['archives'] })
      .returning(['id'])
      .executeTakeFirstOrThrow());
  const talent = await upsertAgency(db, {
    code: 'zm-rcjl',
    name: '中牟县人才交流中心',
    kind: 'public_service',
    organisationId: hrss.id,
    regionCode: '410122',
    regionName: '河南省郑州市中牟县',
    address: '中牟县人力资源和社会保障局 档案室',
  });
  const pes = await upsertAgency(db, {
    code: 'zm-ggjy',
    name: '中牟县公共就业服务中心',
    kind: 'public_service',
    organisationId: pesOrg.id,
    regionCode: '410122',
    regionName: '河南省郑州市中牟县',
    address: '中牟县公共就业服务中心 档案室',
  });
  const zhengzhou = await upsertAgency(db, {
    code: 'ext-zz',
    name: '郑州市人才交流中心',
    kind: 'external',
    regionCode: '410100',
    regionName: '河南省郑州市',
  });
  const guangdong = await upsertAgency(db, {
    code: 'ext-gd',
    name: '广东省人才交流服务中心',
    kind: 'external',
    regionCode: '440000',
    regionName: '广东省',
  });
  await upsertAgency(db, {
    code: 'ext-sh',
    name: '上海市人才服务中心',
    kind: 'external',
    regionCode: '310000',
    regionName: '上海市',
  });

  const archiveAccount = await findAccountByUsername(db, 'archive');
  if (!archiveAccount) return [];
  let pesAccount = await findAccountByUsername(db, 'archive2');
  if (!pesAccount) {
    pesAccount = (
      await provisionAccount(
        { db, pii: ctx.pii, now: ctx.clock() },
        {
          username: 'archive2',
          displayName: '赵档案（县公共就业服务中心）',
          organisationId: pesOrg.id,
          villageCode: null,
          personId: null,
          roles: ['archive_officer'],
          password: DEMO_PASSWORD,
          totpSecret: line.totpSecret ?? undefined,
        },
      )
    ).account;
  }
  const A = staffActor(archiveAccount.id, archiveAccount.username, hrss.id);
  const B = staffActor(pesAccount.id, pesAccount.username, pesOrg.id);

  const persons = (
    await db
      .selectFrom('persons')
      .select('id')
      .where('isSynthetic', '=', true)
      .where('birthDate', '<', '2002-01-01')
      .where('birthDate', '>', '1975-01-01')
      .orderBy('idNumberIndex')
      .limit(40)
      .execute()
  )
    .map((p) => p.id)
    .filter((id) => id !== population.citizenPersonId);

  const now = ctx.clock();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  let k = 0;
  const key = () => null; // demo seeding runs once, inside its own transactions
  const take = async (
    actor: Actor,
    personId: string,
    at: Date,
    extra: { missing?: string[]; pledgeDueDate?: string } = {},
  ) => {
    k++;
    return intakeArchive(
      db,
      actor,
      key(),
      {
        personId,
        scope:
          (['non_public_staff', 'unemployed_graduate', 'flexible_employment', 'left_public_sector'] as const)[
            k % 4
          ] ?? 'other_social',
        locatedHere: true,
        channel: k % 3 === 0 ? 'staff_courier' : 'confidential_post',
        missing: extra.missing ?? [],
        ...(extra.pledgeDueDate ? { pledgeDueDate: extra.pledgeDueDate } : {}),
        volumes: { original: 1, copy: k % 2 },
        materials: materials.filter((_, i) => (i + k) % 4 !== 0),
      },
      at,
    );
  };

  // Intakes: 20 at 人才交流中心, 8 at 公共就业服务中心 and the demo citizen's; one refused (self-carried).
  const at = (i: number) => ago(400 - i * 9);
  for (let i = 0; i < 20 && i < persons.length; i++) {
    const p = persons[i];
    if (!p) continue;
    const pledge = i === 3 || i === 11;
    await take(
      A,
      p,
      at(i),
      pledge
        ? {
            missing: ['报到证'],
            pledgeDueDate: new Date(now.getTime() + 20 * DAY).toISOString().slice(0, 10),
          }
        : {},
    );
  }
  for (let i = 20; i < 28 && i < persons.length; i++) {
    const p = persons[i];
    if (p) await take(B, p, at(i));
  }
  if (population.citizenPersonId) await take(B, population.citizenPersonId, ago(200));
  const refused = persons[28];
  if (refused) {
    await intakeArchive(
      db,
      A,
      key(),
      {
        personId: refused,
        scope: 'flexible_employment',
        locatedHere: true,
        channel: 'self_carried',
        materials: [],
      },
      ago(30),
    );
  }

  // Online applications need the applicant's own account: a few demo applicants (not listed; password as above).
  const applicant = async (n: number, personId: string) => {
    const username = `applicant${n}`;
    const existing = await findAccountByUsername(db, username);
    const account =
      existing ??
      (
        await provisionAccount(
          { db, pii: ctx.pii, now: ctx.clock() },
          {
            username,
            displayName: `转档申请人${n}`,
            organisationId: null,
            villageCode: null,
            personId,
            roles: ['citizen'],
            password: DEMO_PASSWORD,
          },
        )
      ).account;
    return citizenActor(account.id, account.username, personId);
  };
  const send = (n: number) => ({
    method: 'confidential_post' as const,
    trackingNumber: `JY410122${String(20261100 + n)}`,
  });
  const P = (i: number) => persons[i] ?? '';

  // 1. 人才交流中心 → 公共就业服务中心, received long ago (custody history shows the move)
  if (P(1)) {
    const t = await applyOnline(
      db,
      await applicant(1, P(1)),
      key(),
      { toAgencyId: pes.id, reason: '工作调动，档案转至公共就业服务中心' },
      ago(120),
    );
    await approveTransfer(db, B, key(), t.id, ago(119));
    await sendTransfer(db, A, key(), t.id, send(1), ago(115));
    await receiveTransfer(db, B, key(), t.id, ago(110));
  }
  // 2. requested: waits for 人才交流中心 to issue the 调档函
  if (P(21)) {
    await applyOnline(
      db,
      await applicant(2, P(21)),
      key(),
      { toAgencyId: talent.id, reason: '在本县就业，申请转入人才交流中心' },
      ago(1),
    );
  }
  // 3. approved 20 days ago and not sent: overdue at 公共就业服务中心
  if (P(23)) {
    const t = await applyOnline(
      db,
      await applicant(3, P(23)),
      key(),
      { toAgencyId: talent.id, reason: '户籍地存档' },
      ago(21),
    );
    await approveTransfer(db, A, key(), t.id, ago(20));
  }
  // 4. sent by 人才交流中心, waiting at 公共就业服务中心 for receipt
  if (P(5)) {
    const t = await applyOnline(
      db,
      await applicant(4, P(5)),
      key(),
      { toAgencyId: pes.id, reason: '工作单位所在地存档' },
      ago(6),
    );
    await approveTransfer(db, B, key(), t.id, ago(5));
    await sendTransfer(db, A, key(), t.id, send(4), ago(3));
  }
  // 5. returned for completion by 人才交流中心: 公共就业服务中心 completes and sends again
  if (P(25)) {
    const t = await applyOnline(
      db,
      await applicant(5, P(25)),
      key(),
      { toAgencyId: talent.id, reason: '就业' },
      ago(12),
    );
    await approveTransfer(db, A, key(), t.id, ago(11));
    await sendTransfer(db, B, key(), t.id, send(5), ago(8));
    await returnTransfer(
      db,
      A,
      key(),
      t.id,
      { reason: '缺少高等学校毕业生登记表原件，请补齐后重新转递' },
      ago(4),
    );
  }
  // 6. 跨省通办 inbound from 郑州市人才交流中心: 调档函 issued, waiting for the dispatch
  if (P(29)) {
    await startTransfer(
      db,
      A,
      key(),
      {
        kind: 'cross_region',
        direction: 'inbound',
        personId: P(29),
        counterpartAgencyId: zhengzhou.id,
        reason: '返乡就业，档案转回中牟',
      },
      ago(2),
    );
  }
  // 7. 跨省通办 outbound to 广东省人才交流服务中心, completed with the 回执 recorded
  if (P(0)) {
    const t = await startTransfer(
      db,
      A,
      key(),
      {
        kind: 'cross_region',
        direction: 'outbound',
        archiveId: (
          await db.selectFrom('archive').select('id').where('personId', '=', P(0)).executeTakeFirstOrThrow()
        ).id,
        counterpartAgencyId: guangdong.id,
        letterNumber: '粤人才调〔2026〕0318号',
        reason: '赴广东就业',
      },
      ago(60),
    );
    await sendTransfer(db, A, key(), t.id, send(7), ago(58));
    await receiveTransfer(db, A, key(), t.id, ago(50));
  }
  return [line];
}
