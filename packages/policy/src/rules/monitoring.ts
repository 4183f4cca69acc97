import { defineRule } from '../rules.ts';

const MONITORING_INPUTS = {
  kind: { label: '农户类别', type: 'enum', options: { poverty_alleviated: '脱贫户', ordinary: '一般农户' } },
  perCapitaNetIncomeFen: { label: '家庭年人均纯收入', type: 'fen' },
  householdNetIncomeFen: { label: '家庭年纯收入', type: 'fen' },
  medicalOutOfPocketFen: { label: '近 12 个月合规自付医疗支出', type: 'fen' },
  disaster: { label: '因灾受损', type: 'boolean' },
  accident: { label: '遭遇意外事故', type: 'boolean' },
  threeGuaranteesProblem: { label: '“三保障”存在问题', type: 'boolean' },
  drinkingWaterProblem: { label: '饮水安全存在问题', type: 'boolean' },
} as const;

/** A rural household as return-to-poverty monitoring sees it (amounts in fen, per year). */
export interface MonitoredHousehold {
  /** 脱贫户 (lifted out of poverty) or 一般农户. */
  kind: 'poverty_alleviated' | 'ordinary';
  /** Household net income per person per year, fen. */
  perCapitaNetIncomeFen: number;
  /** Household net income per year, fen. */
  householdNetIncomeFen: number;
  /** 合规自付 medical spending in the last 12 months, fen. */
  medicalOutOfPocketFen: number;
  disaster: boolean;
  accident: boolean;
  /** A problem with compulsory education, basic medical insurance or housing safety (三保障). */
  threeGuaranteesProblem: boolean;
  drinkingWaterProblem: boolean;
}

const triggerReasons = {
  income_in_range: {
    subject: '家庭年人均纯收入',
    against: '监测范围',
    unit: 'fen',
    cites: ['FFPJC#范围', 'ZM-PLAN#十'],
  },
  medical_spike: {
    subject: '合规自付医疗支出占家庭年纯收入比例',
    against: '触发比例',
    unit: 'ratio',
    cites: ['FFPJC#风险'],
  },
  disaster: { subject: '因灾受损', cites: ['FFPJC#风险'] },
  accident: { subject: '遭遇意外事故', cites: ['FFPJC#风险'] },
  three_guarantees: { subject: '“三保障”存在问题', cites: ['FFPJC#风险'] },
  drinking_water: { subject: '饮水安全存在问题', cites: ['FFPJC#风险'] },
} as const;

/** Any hardship trigger other than income: medical spike, disaster, accident, 三保障 or drinking water. */
export const hardshipTrigger = defineRule<MonitoredHousehold, boolean>({
  id: 'welfare.monitoring.hardship_trigger',
  label: '存在支出骤增或突发困难风险',
  entity: 'household',
  cites: ['FFPJC#风险', 'ZM-PLAN#十'],
  inputs: MONITORING_INPUTS,
  reasons: triggerReasons,
  formulas: {
    '2024-01-01': (ctx) => {
      const i = ctx.input;
      const ratio =
        i.householdNetIncomeFen > 0
          ? i.medicalOutOfPocketFen / i.householdNetIncomeFen
          : i.medicalOutOfPocketFen > 0
            ? Infinity
            : 0;
      const medical = ctx.check(
        'medical_spike',
        ratio,
        '>=',
        ctx.num('welfare.monitoring.medical_spike_ratio'),
      );
      const disaster = ctx.fact('disaster', i.disaster);
      const accident = ctx.fact('accident', i.accident);
      const guarantees = ctx.fact('three_guarantees', i.threeGuaranteesProblem);
      const water = ctx.fact('drinking_water', i.drinkingWaterProblem);
      return medical || disaster || accident || guarantees || water;
    },
  },
  describe: (r) => (r ? '存在返贫致贫风险因素' : '未发现支出骤增或突发困难风险因素'),
});

export type MonitoringCategory = 'unstable_alleviated' | 'marginal' | 'sudden_hardship' | null;

const CATEGORY_TEXT: Record<string, string> = {
  unstable_alleviated: '脱贫不稳定户',
  marginal: '边缘易致贫户',
  sudden_hardship: '突发严重困难户',
};

/**
 * The three monitoring categories (方案（十）): income within or below the monitoring range → 脱贫不稳定户
 * (脱贫户) or 边缘易致贫户 (一般农户); income above the range but a hardship trigger → 突发严重困难户.
 */
export const monitoringCategory = defineRule<MonitoredHousehold, MonitoringCategory>({
  id: 'welfare.monitoring.category',
  label: '防返贫监测对象类别',
  entity: 'household',
  cites: ['FFPJC#对象', 'ZM-PLAN#十'],
  inputs: MONITORING_INPUTS,
  uses: ['welfare.monitoring.hardship_trigger'],
  reasons: { income_in_range: triggerReasons.income_in_range },
  formulas: {
    '2024-01-01': (ctx) => {
      const inRange = ctx.check(
        'income_in_range',
        ctx.input.perCapitaNetIncomeFen,
        '<=',
        ctx.num('welfare.monitoring.income_line'),
      );
      if (inRange) return ctx.input.kind === 'poverty_alleviated' ? 'unstable_alleviated' : 'marginal';
      return ctx.rule('welfare.monitoring.hardship_trigger') === true ? 'sudden_hardship' : null;
    },
  },
  describe: (c) => (c ? `纳入防返贫监测：${CATEGORY_TEXT[c]}` : '暂不纳入防返贫监测'),
});

export interface MonitoredExit extends MonitoredHousehold {
  /** Consecutive years with per-capita net income above that year's monitoring range. */
  yearsAboveLine: number;
}

/** Exit (风险消除): income stably above the range (≥ 2 consecutive years here), 三保障 and water secured, no risk. */
export const monitoringExit = defineRule<MonitoredExit, boolean>({
  id: 'welfare.monitoring.exit',
  label: '可标注风险消除',
  entity: 'household',
  cites: ['FFPJC#消除', 'ZM-PLAN#十'],
  inputs: {
    ...MONITORING_INPUTS,
    yearsAboveLine: { label: '收入连续高于监测范围的年数', type: 'integer', unit: '年' },
  },
  uses: ['welfare.monitoring.hardship_trigger'],
  reasons: {
    income_above: { subject: '家庭年人均纯收入', against: '监测范围', unit: 'fen', cites: ['FFPJC#消除'] },
    stable_years: {
      subject: '收入连续高于监测范围年数',
      against: '稳定要求',
      unit: 'years',
      cites: ['FFPJC#消除'],
    },
    no_risk: { subject: '无新的返贫致贫风险', cites: ['FFPJC#消除'] },
  },
  formulas: {
    '2024-01-01': (ctx) => {
      const above = ctx.check(
        'income_above',
        ctx.input.perCapitaNetIncomeFen,
        '>',
        ctx.num('welfare.monitoring.income_line'),
      );
      const stable = ctx.check('stable_years', ctx.input.yearsAboveLine, '>=', 2);
      const noRisk = ctx.fact('no_risk', ctx.rule('welfare.monitoring.hardship_trigger') !== true);
      return above && stable && noRisk;
    },
  },
  describe: (ok) => (ok ? '符合风险消除条件，可按程序标注风险消除' : '暂不符合风险消除条件，继续帮扶'),
});

export const monitoringRules = [hardshipTrigger, monitoringCategory, monitoringExit];
