import type { TImpactReport, TImpactRequest } from '@qiaoti/contracts';
import type { DB } from '@qiaoti/db';
import { evaluateBatch, type Outcome, type Rulebook, type TraceNode, valueAt } from '@qiaoti/policy';
import type { Kysely } from 'kysely';
import type { Actor } from '../../actor.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listHouseholdIncomes, listTownshipNames } from './policy.repository.ts';
import { currentRulebook, validateChange } from './policy.service.ts';

/** The household rules an impact preview can run from registry data, and what the registry cannot tell them. */
const HOUSEHOLD_RULES = [
  'welfare.dibao.eligible',
  'welfare.dibao.monthly_amount',
  'welfare.monitoring.category',
];
const ASSUMPTIONS = [
  '家庭收入取各成员在测算日有效的月收入登记值之和；未登记收入的成员按 0 计',
  '城乡类别按户主户口性质确定（农业户口按农村标准）',
  '家庭财产状况未在登记系统中，按符合规定计算',
  '防返贫监测按一般农户计算，未计入医疗支出、灾害、意外及“三保障”情况',
];

function readsParameter(book: Rulebook, ruleId: string, parameterId: string, asOf: string): boolean {
  const sample = (area: string) => ({
    members: 1,
    monthlyIncomeFen: 0,
    area,
    assetsWithinLimit: true,
    kind: 'ordinary',
    perCapitaNetIncomeFen: 0,
    householdNetIncomeFen: 1,
    medicalOutOfPocketFen: 0,
    disaster: false,
    accident: false,
    threeGuaranteesProblem: false,
    drinkingWaterProblem: false,
  });
  const reads = (n: TraceNode): boolean =>
    n.parameters.some((p) => p.id === parameterId) || n.dependencies.some(reads);
  try {
    return ['urban', 'rural'].some((a) => reads(book.explain(ruleId, sample(a), asOf).trace));
  } catch {
    return false;
  }
}

const truthy = (o: Outcome) => o !== null && o !== false && o !== 0;

/**
 * Runs a draft parameter value over the registry before it takes effect: both rulebooks (as scheduled, and with
 * the draft) evaluate every current household in batch mode; the report counts the households whose outcome
 * changes, by township, with the list. Nothing is written except the audit record.
 */
export async function previewImpact(
  db: Kysely<DB>,
  actor: Actor,
  input: TImpactRequest,
): Promise<TImpactReport> {
  const started = performance.now();
  const base = await currentRulebook(db);
  const parameter = validateChange(base, input);
  const asOf = input.asOf ?? input.effectiveFrom;
  if (asOf < input.effectiveFrom) throw new AppError('VALIDATION_FAILED', '测算日不能早于生效日期');
  let before: string | number | boolean | null;
  try {
    before = valueAt(parameter, asOf).value;
  } catch {
    before = null;
  }
  const cites = parameter.history.at(-1)?.value?.cites ?? [];
  const draft = base.withParameterOverlay([
    { parameterId: parameter.id, since: input.effectiveFrom, value: input.value, cites, pending: true },
  ]);
  const rules = HOUSEHOLD_RULES.filter((r) => readsParameter(draft, r, parameter.id, asOf));
  const households = rules.length ? await listHouseholdIncomes(db, asOf) : [];
  const towns = await listTownshipNames(db);
  const n = households.length;
  const columns = {
    members: households.map((h) => h.members),
    monthlyIncomeFen: households.map((h) => Number(h.monthlyIncomeFen)),
    area: households.map((h) => (h.headHukouKind === 'agricultural' ? 'rural' : 'urban')),
    assetsWithinLimit: households.map(() => true),
    kind: households.map(() => 'ordinary'),
    perCapitaNetIncomeFen: households.map((h) =>
      Math.floor((Number(h.monthlyIncomeFen) * 12) / Math.max(1, h.members)),
    ),
    householdNetIncomeFen: households.map((h) => Number(h.monthlyIncomeFen) * 12),
    medicalOutOfPocketFen: households.map(() => 0),
    disaster: households.map(() => false),
    accident: households.map(() => false),
    threeGuaranteesProblem: households.map(() => false),
    drinkingWaterProblem: households.map(() => false),
  };
  const runBefore = rules.length ? evaluateBatch(base, rules, { length: n, columns }, asOf) : undefined;
  const runAfter = rules.length ? evaluateBatch(draft, rules, { length: n, columns }, asOf) : undefined;

  const report: TImpactReport['rules'] = rules.map((ruleId) => {
    const b = runBefore?.results.get(ruleId)?.outcomes ?? [];
    const a = runAfter?.results.get(ruleId)?.outcomes ?? [];
    const byTown = new Map<string, { gained: number; lost: number; changed: number }>();
    const list: TImpactReport['rules'][number]['list'] = [];
    let flips = 0;
    for (let i = 0; i < n; i++) {
      const x = b[i] ?? null;
      const y = a[i] ?? null;
      if (x === y) continue;
      flips++;
      const h = households[i]!;
      const town = h.villageCode.slice(0, 9);
      const t = byTown.get(town) ?? { gained: 0, lost: 0, changed: 0 };
      if (!truthy(x) && truthy(y)) t.gained++;
      else if (truthy(x) && !truthy(y)) t.lost++;
      else t.changed++;
      byTown.set(town, t);
      if (list.length < 200) {
        list.push({
          subjectId: h.householdId,
          townshipCode: town,
          villageCode: h.villageCode,
          label: h.householdNumber ?? h.householdId.slice(0, 8),
          before: x,
          after: y,
        });
      }
    }
    return {
      ruleId,
      label: draft.rule(ruleId).label,
      flips,
      byTownship: [...byTown.entries()]
        .map(([code, v]) => ({ code, name: towns.get(code) ?? code, ...v }))
        .sort((p, q) => q.gained + q.lost + q.changed - (p.gained + p.lost + p.changed)),
      list,
    };
  });
  await recordAudit(db, actor, {
    event: 'policy.impact',
    objectType: 'parameter',
    objectId: parameter.id,
    details: { effectiveFrom: input.effectiveFrom, value: input.value, households: n },
  });
  return {
    parameterId: parameter.id,
    asOf,
    before,
    after: input.value,
    subjects: n,
    assumptions: rules.length
      ? ASSUMPTIONS
      : ['该参数不影响可用登记数据测算的家庭规则（低保、防返贫监测），本次未测算'],
    rules: report,
    elapsedMs: Math.round(performance.now() - started),
  };
}
