import { permissionsOf, type Role, type TLivelihoodKind } from '@qiaoti/contracts';
import type { Actor } from '../actor.ts';
import type { AppContext } from '../context.ts';
import { decideBorrow, requestBorrow } from '../modules/archives/borrow.service.ts';
import { issueCertificate } from '../modules/archives/certificates.service.ts';
import { digitalDeps } from '../modules/archives/digital.access.ts';
import { MATERIAL_OWNER } from '../modules/archives/digital.service.ts';
import { renderPlainDocument } from '../modules/archives/documents.render.ts';
import { attachmentDeps, attachUpload, storeUpload } from '../modules/attachments/attachments.service.ts';
import { scanMediaTypes } from '../modules/attachments/attachments-content.ts';
import { findAccountByUsername, findOrganisationByCode } from '../modules/identity/identity.repository.ts';
import type { DemoPopulation } from './demo-population.ts';

/**
 * Demo digitisation and use (demo mode only, after the demo archives): scans for the materials of the first archives
 * held by 中牟县人才交流中心 (account `archive`), a 存档证明, borrow requests (one waiting, one approved and overdue),
 * and a 民生档案 index for the demo citizen and some demo persons across departments. Idempotent: skipped when the
 * demo citizen's index exists.
 */

const livelihoodSpecs: {
  kind: TLivelihoodKind;
  org: string;
  prefix: string;
  summary: string;
  year: number;
}[] = [
  { kind: 'marriage', org: 'civil', prefix: 'J410122-', summary: '结婚登记', year: 2018 },
  {
    kind: 'social_insurance',
    org: 'hrss',
    prefix: 'YL410122',
    summary: '城乡居民基本养老保险参保登记',
    year: 2019,
  },
  {
    kind: 'medical_insurance',
    org: 'medsec',
    prefix: 'YB410122',
    summary: '城乡居民基本医疗保险参保',
    year: 2020,
  },
  { kind: 'land_contract', org: 'agri', prefix: '410122TD', summary: '农村土地承包经营权证', year: 2017 },
  { kind: 'housing', org: 'housemgmt', prefix: 'ZMFC', summary: '不动产（房屋）登记', year: 2021 },
  { kind: 'schooling', org: 'education', prefix: 'XJ410122', summary: '初中学籍档案', year: 2008 },
  { kind: 'veterans', org: 'veterans', prefix: 'TY410122', summary: '退役士兵安置档案', year: 2016 },
];

function actorOf(accountId: string, username: string, organisationId: string, role: Role): Actor {
  const roles: Role[] = [role];
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

export async function seedDemoArchivesDigital(ctx: AppContext, population: DemoPopulation): Promise<void> {
  const db = ctx.database.db;
  const citizen = population.citizenPersonId;
  if (citizen) {
    const done = await db
      .selectFrom('livelihoodRecord')
      .select('id')
      .where('personId', '=', citizen)
      .executeTakeFirst();
    if (done) return;
  }
  const orgIds = new Map<string, string>();
  for (const s of livelihoodSpecs) {
    const org = await findOrganisationByCode(db, s.org);
    if (org) orgIds.set(s.org, org.id);
  }

  // ── 民生档案 index: the demo citizen has one record in most kinds; 30 demo persons a few each.
  const persons = await db
    .selectFrom('persons')
    .select(['id', 'birthDate'])
    .where('isSynthetic', '=', true)
    .where('birthDate', '<', '2000-01-01')
    .orderBy('idNumberIndex', 'desc')
    .limit(30)
    .execute();
  const subjects = [...(citizen ? [{ id: citizen, birthDate: '1990-01-01' }] : []), ...persons];
  let n = 0;
  for (const [i, p] of subjects.entries()) {
    for (const [j, s] of livelihoodSpecs.entries()) {
      if (i > 0 && (i + j) % 3 !== 0) continue;
      if (s.kind === 'veterans' && i % 5 !== 0) continue;
      const holding = orgIds.get(s.org);
      if (!holding) continue;
      n++;
      await db
        .insertInto('livelihoodRecord')
        .values({
          personId: p.id,
          kind: s.kind,
          holdingOrganisationId: holding,
          referenceNumber: `${s.prefix}${String(100000 + n * 37).padStart(6, '0')}`,
          recordDate: `${s.year + (i % 4)}-${String((j % 12) + 1).padStart(2, '0')}-${String(((i + j) % 27) + 1).padStart(2, '0')}`,
          summary: s.summary,
        })
        .onConflict((oc) => oc.columns(['holdingOrganisationId', 'kind', 'referenceNumber']).doNothing())
        .execute();
    }
  }

  // ── Scans, a certificate and borrow requests at 人才交流中心.
  const talent = await db
    .selectFrom('archiveAgency')
    .select(['id', 'organisationId'])
    .where('code', '=', 'zm-rcjl')
    .executeTakeFirst();
  const pes = await db
    .selectFrom('archiveAgency')
    .select(['id', 'organisationId'])
    .where('code', '=', 'zm-ggjy')
    .executeTakeFirst();
  const account = await findAccountByUsername(db, 'archive');
  const account2 = await findAccountByUsername(db, 'archive2');
  if (!talent?.organisationId || !pes?.organisationId || !account || !account2) return;
  const A = actorOf(account.id, account.username, talent.organisationId, 'archive_officer');
  const B = actorOf(account2.id, account2.username, pes.organisationId, 'archive_officer');
  const deps = digitalDeps(ctx);
  const store = attachmentDeps(ctx);
  const archives = await db
    .selectFrom('archive as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .select(['a.id', 'p.name'])
    .where('a.custodianAgencyId', '=', talent.id)
    .orderBy('a.archiveNumber')
    .limit(4)
    .execute();
  const now = ctx.clock();
  for (const [i, a] of archives.entries()) {
    const materials = await db
      .selectFrom('archiveMaterial')
      .select(['id', 'title', 'class', 'pages'])
      .where('archiveId', '=', a.id)
      .orderBy('class')
      .execute();
    // The first archive fully digitised, the others partly.
    for (const [j, m] of materials.entries()) {
      if (i > 0 && j % 2 === 1) continue;
      const pdf = await renderPlainDocument(`${m.title}（扫描件）`, [
        `姓名：${a.name}`,
        `材料类别：第 ${m.class} 类　页数：${m.pages}`,
        '演示数据：此页代表纸质材料的扫描图像。',
      ]);
      const stored = await storeUpload(store, { fileName: `${m.title}.pdf`, content: pdf }, scanMediaTypes);
      await db
        .transaction()
        .execute((trx) => attachUpload(trx, A, stored, { type: MATERIAL_OWNER, id: m.id }, now));
    }
  }
  const first = archives[0];
  if (first) await issueCertificate(deps, A, first.id, { purpose: '办理职称申报' });
  const second = archives[1];
  if (second)
    await requestBorrow(deps, B, {
      archiveId: second.id,
      kind: 'inspect',
      purpose: '政审：拟录用人员档案审核',
      days: 5,
    });
  const third = archives[2];
  if (third) {
    const b = await requestBorrow(deps, B, {
      archiveId: third.id,
      kind: 'borrow',
      purpose: '招录考察',
      days: 3,
    });
    await decideBorrow(deps, A, b.id, { approve: true, days: 3 });
    // Approved 10 days ago: overdue now.
    await db
      .updateTable('archiveBorrow')
      .set({ dueDate: new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10) })
      .where('id', '=', b.id)
      .execute();
  }
}
