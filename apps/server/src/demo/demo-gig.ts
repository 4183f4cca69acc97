import type { AppContext } from '../context.ts';
import { notify } from '../modules/notifications/notifications.service.ts';
import { businessDay } from '../modules/registry/registry-deps.ts';
import { DEMO_VILLAGE_CODE, type DemoPopulation } from './demo-population.ts';

/**
 * Demo gig market and indicator entries (demo mode only): three sites, open tasks from the demo employer and a
 * household of the demo village, a finished task last week with paid claims, six months of an entered surveyed
 * unemployment rate marked as demo data, and a welcome message in every demo inbox. Idempotent: skipped when the
 * demo sites exist.
 */
const sites = [
  {
    name: '青年路街道零工驿站',
    kind: 'gig_station' as const,
    village: DEMO_VILLAGE_CODE,
    address: '青年路街道东关村委会东侧广场',
    hours: '每天 5:30–10:30',
  },
  {
    name: '官渡镇劳务市场',
    kind: 'labour_market' as const,
    village: '410122102201',
    address: '官渡镇政府西 200 米',
    hours: '每天 6:00–11:00、14:00–17:00',
  },
  {
    name: '雁鸣湖镇零工驿站',
    kind: 'gig_station' as const,
    village: '410122114201',
    address: '雁鸣湖镇便民服务中心一楼',
    hours: '工作日 8:00–17:00',
  },
];

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export async function seedDemoGig(ctx: AppContext, population: DemoPopulation): Promise<void> {
  const db = ctx.database.db;
  const first = sites[0];
  if (!first) return;
  const existing = await db
    .selectFrom('gigSite')
    .select('id')
    .where('name', '=', first.name)
    .executeTakeFirst();
  if (existing) return;
  const today = businessDay(ctx.clock());
  const now = ctx.clock();

  await db.transaction().execute(async (trx) => {
    const siteIds: string[] = [];
    for (const s of sites) {
      const row = await trx
        .insertInto('gigSite')
        .values({
          name: s.name,
          kind: s.kind,
          townshipCode: s.village.slice(0, 9),
          villageCode: s.village,
          address: s.address,
          openingHours: s.hours,
          contactOrganisationId: null,
          createdBy: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      siteIds.push(row.id);
    }
    const [siteA, siteB, siteC] = siteIds;
    if (!siteA || !siteB || !siteC) return;

    const household = await trx
      .selectFrom('households')
      .select(['id'])
      .where('villageCode', '=', DEMO_VILLAGE_CODE)
      .orderBy('id')
      .executeTakeFirst();
    const workers = await trx
      .selectFrom('persons')
      .select('id')
      .where('residenceVillageCode', '=', DEMO_VILLAGE_CODE)
      .where('birthDate', '<=', '2000-01-01')
      .where('birthDate', '>=', '1966-01-01')
      .orderBy('id')
      .limit(4)
      .execute();

    const task = (t: {
      siteId: string;
      townshipCode: string;
      title: string;
      description: string;
      payUnit: 'day' | 'task';
      payFen: number;
      workDate: string;
      days?: number;
      headcount: number;
      household?: boolean;
    }) =>
      trx
        .insertInto('gigTask')
        .values({
          siteId: t.siteId,
          townshipCode: t.townshipCode,
          title: t.title,
          description: t.description,
          posterKind: t.household ? 'household' : 'employer',
          employerId: t.household ? null : population.employerOrganisationId,
          householdId: t.household ? (household?.id ?? null) : null,
          posterPersonId: null,
          payUnit: t.payUnit,
          payFen: t.payFen,
          workDate: t.workDate,
          days: t.days ?? 1,
          headcount: t.headcount,
          status: 'open',
          createdBy: null,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();

    if (population.employerOrganisationId) {
      await task({
        siteId: siteA,
        townshipCode: '410122001',
        title: '大蒜收获帮工',
        description: '田间起蒜、剪根、装袋，管午饭，自带手套。',
        payUnit: 'day',
        payFen: 15_000,
        workDate: addDays(today, 1),
        days: 3,
        headcount: 6,
      });
      await task({
        siteId: siteB,
        townshipCode: '410122102',
        title: '西瓜装车',
        description: '瓜田到货车装车，按车计酬，每车约 2 小时。',
        payUnit: 'task',
        payFen: 20_000,
        workDate: addDays(today, 2),
        headcount: 4,
      });
      await task({
        siteId: siteC,
        townshipCode: '410122114',
        title: '草莓大棚采摘',
        description: '大棚草莓采摘、分拣装盒，手脚轻快即可。',
        payUnit: 'day',
        payFen: 12_000,
        workDate: today,
        days: 5,
        headcount: 8,
      });
      // Last week: finished, paid.
      const past = await task({
        siteId: siteA,
        townshipCode: '410122001',
        title: '仓库卸货',
        description: '物流仓库卸货、码垛。',
        payUnit: 'day',
        payFen: 16_000,
        workDate: addDays(today, -7),
        headcount: 2,
      });
      const done = workers.slice(0, 2);
      for (const [i, w] of done.entries()) {
        const claim = await trx
          .insertInto('gigClaim')
          .values({
            taskId: past.id,
            personId: w.id,
            status: 'completed',
            claimedAt: new Date(now.getTime() - 9 * 86_400_000),
            checkedInAt: new Date(now.getTime() - 7 * 86_400_000),
            completedAt: new Date(now.getTime() - 7 * 86_400_000 + 8 * 3_600_000),
            createdBy: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('gigPayment')
          .values({
            claimId: claim.id,
            amountFen: 16_000,
            method: i === 0 ? 'wechat' : 'cash',
            paidOn: addDays(today, -6),
            recordedBy: null,
            recordedAt: new Date(now.getTime() - 6 * 86_400_000),
            confirmedAt: i === 0 ? new Date(now.getTime() - 5 * 86_400_000) : null,
          })
          .execute();
      }
      await trx
        .updateTable('gigTask')
        .set({ claimedCount: done.length, status: 'closed' })
        .where('id', '=', past.id)
        .execute();
    }
    if (household) {
      await task({
        siteId: siteA,
        townshipCode: '410122001',
        title: '帮忙翻修院墙',
        description: '拆旧墙、搬砖、和灰，有泥瓦经验者优先（村委会代发）。',
        payUnit: 'day',
        payFen: 18_000,
        workDate: addDays(today, 3),
        days: 2,
        headcount: 2,
        household: true,
      });
    }

    // Six months of the surveyed unemployment rate (county), clearly marked as demo values.
    const rates = [530, 520, 510, 500, 510, 490];
    const [y, m] = today.split('-').map(Number);
    for (const [i, value] of rates.entries()) {
      const d = new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1 - (rates.length - i), 1));
      await trx
        .insertInto('indicatorEntry')
        .values({
          indicator: 'surveyed_unemployment_rate',
          areaCode: '410122',
          month: d.toISOString().slice(0, 7),
          value,
          source: '演示数据（非真实统计）',
          note: null,
          enteredBy: null,
          enteredAt: now,
        })
        .onConflict((oc) => oc.columns(['indicator', 'areaCode', 'month']).doNothing())
        .execute();
    }

    const accounts = await trx.selectFrom('accounts').select('id').execute();
    await notify(trx, {
      accountIds: accounts.map((a) => a.id),
      kind: 'system.notice',
      title: '欢迎使用桥梯',
      body: '就业推荐、零工接单、回访提醒等消息会出现在这里。短信通道尚未接入，仅在平台内送达。',
      at: now,
    });
  });
}
