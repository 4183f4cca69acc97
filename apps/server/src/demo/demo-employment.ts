import type { JobHours } from '@qiaoti/db';
import { generateEmployers } from '@qiaoti/db/generator/index';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { addMonths } from '../modules/employment/employment-common.ts';
import { businessDay } from '../modules/registry/registry-deps.ts';
import { DEMO_POPULATION, type DemoPopulation } from './demo-population.ts';

/**
 * Demo employment data (demo mode only): a few dozen postings from the demo employers, job seekers from the demo
 * population (the demo citizen among them), a few referrals and placements with follow-ups, so that every
 * employment screen has something to show. Idempotent: skipped when the demo employers already have postings.
 */

interface Template {
  title: string;
  occupationCode: string;
  skills: string[];
  description: string;
  wage: [number, number];
  hours: JobHours;
  education: string | null;
}

const templates: readonly Template[] = [
  {
    title: '仓库管理员',
    occupationCode: '4-02-06-01',
    skills: ['出入库作业', '库存盘点', 'WMS系统', '叉车基础'],
    description: '负责仓库收发货、盘点和单据录入，会用叉车优先。',
    wage: [4000, 5500],
    hours: 'full_time',
    education: 'junior_secondary',
  },
  {
    title: '快递员',
    occupationCode: '4-02-07-08',
    skills: ['揽收与投递', '路线规划', '手持终端操作', '客户沟通'],
    description: '负责乡镇片区快件揽收与派送，公司提供电动车。',
    wage: [4500, 7000],
    hours: 'full_time',
    education: null,
  },
  {
    title: '货车司机（B2）',
    occupationCode: '4-02-02-02',
    skills: ['货车驾驶', '车辆日常检查', '安全驾驶'],
    description: '郑州—中牟线路配送，持 B2 驾照，三年以上驾龄。',
    wage: [6000, 8000],
    hours: 'shift',
    education: null,
  },
  {
    title: '中餐厨师',
    occupationCode: '4-03-02-01',
    skills: ['刀工', '火候控制', '菜品烹制', '食品安全'],
    description: '负责热菜制作，持健康证，能做豫菜优先。',
    wage: [5000, 7500],
    hours: 'full_time',
    education: null,
  },
  {
    title: '面点师',
    occupationCode: '4-03-02-02',
    skills: ['和面', '面点制作', '食品安全'],
    description: '制作包子、馒头、烩面等面点，早班。',
    wage: [4000, 5500],
    hours: 'shift',
    education: null,
  },
  {
    title: '餐厅服务员',
    occupationCode: '4-03-02-05',
    skills: ['点菜服务', '摆台', '传菜上菜', '顾客沟通'],
    description: '负责前厅点菜传菜，包吃住。',
    wage: [3200, 4200],
    hours: 'full_time',
    education: null,
  },
  {
    title: '超市收银员',
    occupationCode: '4-01-02-04',
    skills: ['收银系统操作', '现金与移动支付', '顾客服务'],
    description: '超市收银及顾客服务，两班倒。',
    wage: [3000, 3800],
    hours: 'shift',
    education: 'junior_secondary',
  },
  {
    title: '直播带货主播',
    occupationCode: '4-01-06-02',
    skills: ['直播带货', '短视频策划', '选品', '账号运营'],
    description: '中牟大蒜、西瓜等农产品直播销售，有经验者优先。',
    wage: [4000, 9000],
    hours: 'flexible',
    education: 'senior_secondary',
  },
  {
    title: '网店运营',
    occupationCode: '4-01-06-01',
    skills: ['网店运营', '商品上架与详情页', '客户服务', '数据分析'],
    description: '负责农产品网店日常运营和客服。',
    wage: [4500, 6500],
    hours: 'full_time',
    education: 'junior_college',
  },
  {
    title: '保安员',
    occupationCode: '4-07-05-01',
    skills: ['门岗值守', '巡逻', '监控系统操作', '消防器材使用'],
    description: '园区门岗值守与巡逻，持保安员证。',
    wage: [3200, 4000],
    hours: 'shift',
    education: null,
  },
  {
    title: '保洁员',
    occupationCode: '4-09-08-01',
    skills: ['日常清洁', '垃圾分类', '消毒'],
    description: '写字楼日常保洁，工作时间 7:00—15:00。',
    wage: [2600, 3200],
    hours: 'part_time',
    education: null,
  },
  {
    title: '保育员',
    occupationCode: '4-10-01-03',
    skills: ['幼儿生活照料', '卫生消毒', '安全防护'],
    description: '幼儿园保育工作，有保育员证优先。',
    wage: [3000, 4000],
    hours: 'full_time',
    education: 'senior_secondary',
  },
  {
    title: '采摘园讲解员',
    occupationCode: '4-07-04-06',
    skills: ['农事体验组织', '游客接待与讲解', '采摘园管理'],
    description: '草莓采摘园游客接待和讲解，周末为主。',
    wage: [2500, 3500],
    hours: 'part_time',
    education: null,
  },
  {
    title: '数据标注员',
    occupationCode: '4-04-05-05',
    skills: ['数据标注', '数据清洗与质检', '标注工具使用'],
    description: '人工智能训练数据标注，会用电脑即可，提供培训。',
    wage: [3500, 5000],
    hours: 'full_time',
    education: 'senior_secondary',
  },
  {
    title: 'Java 开发工程师',
    occupationCode: '4-04-05-01',
    skills: ['编程语言（Java/Python等）', '数据库与SQL', '版本控制Git', '接口开发'],
    description: '参与政务与企业系统开发。',
    wage: [8000, 14000],
    hours: 'full_time',
    education: 'bachelor',
  },
  {
    title: '焊工',
    occupationCode: '6-18-02-04',
    skills: ['焊条电弧焊', '气体保护焊', '焊接识图', '焊接安全防护'],
    description: '钢结构焊接，持特种作业操作证。',
    wage: [6000, 9000],
    hours: 'full_time',
    education: null,
  },
  {
    title: '汽车装配工',
    occupationCode: '6-22-02-01',
    skills: ['总装工艺执行', '拧紧与扭矩控制', '电气线束装配'],
    description: '中牟汽车产业园整车装配，倒班，包工作餐。',
    wage: [5000, 7000],
    hours: 'shift',
    education: 'junior_secondary',
  },
  {
    title: '数控车床操作工',
    occupationCode: '6-18-01-07',
    skills: ['数控编程', '数控机床操作', '量具测量'],
    description: '零部件数控加工，有中级工证优先。',
    wage: [5500, 8000],
    hours: 'shift',
    education: 'secondary_vocational',
  },
  {
    title: '农机手',
    occupationCode: '5-05-05-01',
    skills: ['拖拉机驾驶', '耕种收作业', '农机保养'],
    description: '合作社农忙季节农机作业。',
    wage: [4000, 6000],
    hours: 'flexible',
    education: null,
  },
  {
    title: '温室园艺工',
    occupationCode: '5-01-02-02',
    skills: ['花卉与蔬果栽培', '设施温室管理', '水肥一体化'],
    description: '设施大棚蔬菜种植管理。',
    wage: [3000, 4200],
    hours: 'full_time',
    education: null,
  },
  {
    title: '砌筑工',
    occupationCode: '6-29-01-01',
    skills: ['识图放线', '砖砌体砌筑', '砂浆拌制'],
    description: '农房与乡村建设项目砌筑。',
    wage: [6000, 8500],
    hours: 'flexible',
    education: null,
  },
  {
    title: '光伏运维员',
    occupationCode: '6-28-01-10',
    skills: ['光伏电站巡检', '逆变器运维', '故障排查'],
    description: '分布式光伏电站巡检与运维。',
    wage: [5000, 7000],
    hours: 'full_time',
    education: 'secondary_vocational',
  },
];

const DEMO_MARK = '（演示数据）';

/** Postings, seekers, referrals and placements for the demo; nothing when they are already there. */
export async function seedDemoEmployment(ctx: AppContext, population: DemoPopulation): Promise<void> {
  const db = ctx.database.db;
  const employers = await db
    .selectFrom('organisations')
    .select(['id', 'placeCode'])
    .where(
      'uscc',
      'in',
      generateEmployers(DEMO_POPULATION).map((e) => e.uscc),
    )
    .orderBy('name')
    .execute();
  if (employers.length === 0) return;
  const existing = await db
    .selectFrom('jobPosting')
    .select('id')
    .where(
      'organisationId',
      'in',
      employers.map((e) => e.id),
    )
    .limit(1)
    .executeTakeFirst();
  if (existing) return;

  const now = ctx.clock();
  const today = businessDay(now);
  const villages = DEMO_POPULATION.villageCodes ?? [population.villageCode];
  // The demo employer account's organisation gets the first postings, so its screens are full.
  const ordered = population.employerOrganisationId
    ? [
        ...employers.filter((e) => e.id === population.employerOrganisationId),
        ...employers.filter((e) => e.id !== population.employerOrganisationId),
      ]
    : employers;

  await db.transaction().execute(async (trx) => {
    const postingIds: string[] = [];
    const count = Math.min(36, templates.length * 2);
    for (let i = 0; i < count; i++) {
      const t = templates[i % templates.length];
      const employer = ordered[i % Math.min(ordered.length, 12)];
      if (!t || !employer) continue;
      const village = villages[i % villages.length] ?? population.villageCode;
      const outside = i % 11 === 10;
      const status = i % 12 === 11 ? 'draft' : 'published';
      const r = await trx
        .insertInto('jobPosting')
        .values({
          organisationId: employer.id,
          title: t.title,
          occupationCode: t.occupationCode,
          description: `${t.description}${DEMO_MARK}`,
          skills: t.skills,
          education: t.education,
          experienceYears: i % 3,
          wageMinFen: t.wage[0] * 100,
          wageMaxFen: t.wage[1] * 100,
          workplaceKind: outside ? 'outside' : 'village',
          workplaceCode: outside ? null : village,
          workplaceName: outside ? '郑州市经开区' : '村（社区）',
          hours: t.hours,
          hoursNote: t.hours === 'shift' ? '两班倒，月休 4 天' : null,
          headcount: 1 + (i % 5),
          contractType: t.hours === 'part_time' ? 'part_time' : 'fixed_term',
          closingDate: addMonths(today, 2 + (i % 3)),
          status,
          publishedAt: status === 'published' ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (status === 'published') postingIds.push(r.id);
    }
    // Fix the workplace names to the villages' own names.
    await sql`update job_posting set workplace_name = places.name from places where job_posting.workplace_code = places.code and job_posting.workplace_name = '村（社区）'`.execute(
      trx,
    );

    // Seekers: working-age demo persons without a registration (a deterministic pick by birth date and name).
    const persons = await trx
      .selectFrom('persons')
      .leftJoin('jobSeeker', 'jobSeeker.personId', 'persons.id')
      .select(['persons.id', 'persons.education', 'persons.birthDate'])
      .where('jobSeeker.id', 'is', null)
      .where('persons.residenceVillageCode', 'in', villages)
      .where('persons.birthDate', '>=', `${Number(today.slice(0, 4)) - 55}-01-01`)
      .where('persons.birthDate', '<=', `${Number(today.slice(0, 4)) - 20}-12-31`)
      .where('persons.id', '!=', population.citizenPersonId ?? '00000000-0000-0000-0000-000000000000')
      .orderBy('persons.name')
      .orderBy('persons.birthDate')
      .limit(48)
      .execute();
    const statuses = ['unemployed', 'registered', 'unemployed', 'flexible', 'in_training'] as const;
    const seekerIds: { id: string; personId: string }[] = [];
    for (const [i, p] of persons.entries()) {
      const t = templates[(i * 7) % templates.length];
      const t2 = templates[(i * 7 + 3) % templates.length];
      if (!t || !t2) continue;
      const status = statuses[i % statuses.length] ?? 'registered';
      const r = await trx
        .insertInto('jobSeeker')
        .values({
          personId: p.id,
          status,
          statusSince: today,
          occupationsWanted: i % 4 === 0 ? [t.occupationCode, t2.occupationCode] : [t.occupationCode],
          skills: t.skills.slice(0, 1 + (i % t.skills.length)),
          education: p.education,
          experienceYears: i % 8,
          expectedWageFen: (t.wage[0] + (i % 4) * 250) * 100,
          maxCommuteKm: [10, 20, 30, null][i % 4] ?? null,
          hoursWanted: i % 3 === 0 ? [t.hours] : [],
          assistancePriority: i % 9 === 0,
          channel: 'import',
          registeredOn: today,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      seekerIds.push({ id: r.id, personId: p.id });
      await trx
        .insertInto('mobilityEvents')
        .values({
          personId: p.id,
          kind: 'job_seeker_status',
          fromValue: null,
          toValue: JSON.stringify(status),
          occurredOn: today,
          source: 'demo',
        })
        .execute();
    }

    // The demo citizen: registered (looking for a better job), wanting warehouse and delivery work.
    if (population.citizenPersonId) {
      const has = await trx
        .selectFrom('jobSeeker')
        .select('id')
        .where('personId', '=', population.citizenPersonId)
        .executeTakeFirst();
      if (!has) {
        await trx
          .insertInto('jobSeeker')
          .values({
            personId: population.citizenPersonId,
            status: 'registered',
            statusSince: today,
            occupationsWanted: ['4-02-06-01', '4-02-07-08'],
            skills: ['出入库作业', '库存盘点', '客户沟通'],
            experienceYears: 3,
            expectedWageFen: 500000,
            maxCommuteKm: 25,
            channel: 'import',
            registeredOn: today,
          })
          .execute();
      }
    }

    // A few referrals along the pipeline, and placements whose follow-ups are due or done.
    const states = ['referred', 'interview', 'requested', 'rejected', 'hired', 'hired', 'hired'] as const;
    for (const [i, state] of states.entries()) {
      const s = seekerIds[i];
      const postingId = postingIds[(i * 5) % Math.max(postingIds.length, 1)];
      if (!s || !postingId) continue;
      const r = await trx
        .insertInto('referral')
        .values({
          seekerId: s.id,
          postingId,
          state,
          source: state === 'requested' ? 'portal' : 'staff',
          reasons: ['职业相符', '期望工资在范围内'],
          score: 70 + i * 3,
          interviewAt: state === 'interview' ? new Date(now.getTime() + 2 * 86_400_000) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (state !== 'hired') continue;
      const posting = await trx
        .selectFrom('jobPosting')
        .select(['organisationId', 'occupationCode', 'wageMinFen'])
        .where('id', '=', postingId)
        .executeTakeFirstOrThrow();
      const start = addMonths(today, -(i - 3) * 2 + 1 - 2);
      const placement = await trx
        .insertInto('placement')
        .values({
          personId: s.personId,
          organisationId: posting.organisationId,
          postingId,
          referralId: r.id,
          occupationCode: posting.occupationCode,
          wageFen: posting.wageMinFen,
          startDate: start,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const m of [1, 3, 6] as const) {
        const due = addMonths(start, m);
        const done = due < today && m === 1 && i !== 6;
        await trx
          .insertInto('placementFollowup')
          .values({
            placementId: placement.id,
            dueMonth: m,
            dueDate: due,
            result: done ? 'employed' : null,
            checkedOn: done ? due : null,
          })
          .execute();
      }
      await trx
        .updateTable('jobSeeker')
        .set({ status: 'employed', statusSince: start })
        .where('id', '=', s.id)
        .execute();
    }
  });
}
