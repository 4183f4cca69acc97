import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { isUrbanVillage, jobActor } from '../modules/employment/assistance.common.ts';
import { addCaseFollowup, identifyPerson, openCase } from '../modules/employment/assistance.service.ts';
import { applyForSubsidy } from '../modules/employment/subsidies.service.ts';
import { writeSnapshots } from '../modules/employment/zero-employment.repository.ts';
import { recheckHouseholds } from '../modules/employment/zero-employment.service.ts';
import { currentRulebook } from '../modules/policy/policy.service.ts';
import { businessDay } from '../modules/registry/registry-deps.ts';
import { DEMO_POPULATION, type DemoPopulation } from './demo-population.ts';

/**
 * Demo 就业援助 data (demo mode only): the 零就业家庭 list computed over the demo population's urban households,
 * a few 就业困难人员 identified by the rule, one assistance case with a plan and follow-ups, and subsidy
 * applications from the demo employer — all through the services, so every record has its decision. Idempotent:
 * skipped once any identification exists.
 */
export async function seedDemoEmploymentAssistance(
  ctx: AppContext,
  population: DemoPopulation,
): Promise<void> {
  const db = ctx.database.db;
  const villages = DEMO_POPULATION.villageCodes ?? [population.villageCode];
  const done = await db
    .selectFrom('difficultyIdentification')
    .select('difficultyIdentification.id')
    .where('difficultyIdentification.villageCode', 'in', villages)
    .limit(1)
    .executeTakeFirst();
  if (done) return;
  const at = ctx.clock();
  const today = businessDay(at);
  const staff = {
    ...jobActor(null, null, 'demo:就业援助'),
    roles: ['employment_officer'] as const,
    permissions: new Set(['employment.read', 'employment.manage', 'employment.subsidy.review'] as const),
    organisationKind: 'department' as const,
    organisationDuties: ['employment'],
  };
  const deps = { db, clock: ctx.clock, pii: ctx.pii };

  // 零就业家庭: every household of the demo villages, then today's snapshot.
  const book = await currentRulebook(db);
  const households = await db
    .selectFrom('households')
    .select('id')
    // Only urban (居委会) households can be 零就业家庭; rural ones are not evaluated.
    .where('villageCode', 'in', villages.filter(isUrbanVillage))
    .orderBy('id')
    .execute();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < households.length; i += 200) {
      const ids = households.slice(i, i + 200).map((h) => h.id);
      await recheckHouseholds(trx, staff, book, ids, today, at);
    }
    await writeSnapshots(trx, today, '410122');
  });

  // 就业困难人员: the first unemployed residents (by registry status), identified by the rule.
  const unemployed = await db
    .selectFrom('persons')
    .select('persons.id')
    .where('persons.residenceVillageCode', 'in', villages)
    .where(
      sql<
        string | null
      >`(select f.value #>> '{}' from person_facts f where f.person_id = persons.id and f.fact = 'employment_status' order by f.valid_from desc, f.recorded_at desc limit 1)`,
      '=',
      'unemployed',
    )
    .orderBy('persons.id')
    .limit(12)
    .execute();
  const identified: { personId: string }[] = [];
  for (const p of unemployed) {
    const r = await identifyPerson(deps, staff, {
      personId: p.id,
      // Staff confirmed these for the demo: some are land-lost farmers.
      landLostFarmer: identified.length % 3 === 0,
    });
    if (r.category) identified.push({ personId: p.id });
  }

  // One case with a plan (one step already overdue) and two follow-ups.
  const first = identified[0];
  if (first) {
    const due = (days: number) => new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);
    const c = await openCase(deps, staff, {
      personId: first.personId,
      steps: [
        {
          kind: 'counselling',
          title: '心理疏导，增强求职信心',
          ownerName: '就业指导员 王敏',
          dueOn: due(-3),
        },
        {
          kind: 'training',
          title: '参加中式面点师培训（15 天）',
          ownerName: '县职业技能培训中心',
          dueOn: due(20),
        },
        { kind: 'job_referral', title: '推荐 3 个就近岗位', ownerName: '就业指导员 王敏', dueOn: due(30) },
      ],
    });
    await addCaseFollowup(deps, staff, c.id, {
      followedOn: due(-10),
      way: 'visit',
      content: '上门走访，了解家庭情况和求职意愿，本人希望在县城就近就业',
      nextStep: '安排职业指导和技能培训',
    });
    await addCaseFollowup(deps, staff, c.id, {
      followedOn: due(-2),
      way: 'phone',
      content: '电话回访，已报名面点师培训',
      nextStep: '培训结束后推荐岗位',
    });
  }

  // Subsidy applications from the demo employer for identified hires.
  if (population.employerOrganisationId) {
    const month = today.slice(0, 7);
    for (const [i, p] of identified.slice(1, 3).entries()) {
      await applyForSubsidy(
        deps,
        staff,
        {
          kind: i === 0 ? 'social_insurance' : 'post',
          personId: p.personId,
          organisationId: population.employerOrganisationId,
          periodFrom: month,
          months: 12,
          monthlyContributionFen: 86_000,
          contractSigned: true,
          insurancePaid: true,
        },
        null,
      );
    }
  }
}
