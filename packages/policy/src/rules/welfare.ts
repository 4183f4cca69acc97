import { defineRule } from '../rules.ts';

const AREA_INPUT = { label: '城乡类别', type: 'enum', options: { urban: '城市', rural: '农村' } } as const;

const DIBAO_INPUTS = {
  members: { label: '共同生活的家庭成员人数', type: 'integer', unit: '人' },
  monthlyIncomeFen: { label: '家庭月总收入', type: 'fen' },
  area: AREA_INPUT,
  assetsWithinLimit: { label: '家庭财产状况符合当地低保规定', type: 'boolean' },
} as const;

const PRICE_INPUTS = {
  cpiYoY: { label: '当月 CPI 同比涨幅', type: 'number', unit: '%' },
  foodCpiYoY: { label: '当月食品 CPI 同比涨幅', type: 'number', unit: '%' },
  baseStandardFen: { label: '保障对象基本生活标准（每月）', type: 'fen' },
} as const;

/** A household as the 低保 rules see it (amounts in fen, per month). */
export interface DibaoHousehold {
  /** Members living together (共同生活的家庭成员). */
  members: number;
  /** Total household monthly income, fen. */
  monthlyIncomeFen: number;
  /** Whether the household lives under the urban or the rural standard. */
  area: 'urban' | 'rural';
  /** Assets within the local 低保 asset rules (checked by staff; the rule does not invent the limits). */
  assetsWithinLimit: boolean;
}

const standardOf = (area: 'urban' | 'rural') =>
  area === 'urban' ? 'welfare.dibao.standard_urban' : 'welfare.dibao.standard_rural';

/** Per-capita income rounded down to whole fen: the comparison never favours a household by rounding up. */
export const perCapitaIncome = defineRule<DibaoHousehold, number>({
  id: 'welfare.dibao.per_capita_income',
  label: '家庭月人均收入',
  entity: 'household',
  cites: ['GWYL-649#9'],
  inputs: DIBAO_INPUTS,
  formulas: {
    '2014-05-01': (ctx) => Math.floor(ctx.input.monthlyIncomeFen / Math.max(1, ctx.input.members)),
  },
  describe: (fen) => `家庭月人均收入 ${(fen / 100).toFixed(2)} 元`,
});

export const dibaoEligible = defineRule<DibaoHousehold, boolean>({
  id: 'welfare.dibao.eligible',
  label: '符合最低生活保障条件',
  entity: 'household',
  cites: ['GWYL-649#9', 'ZM-PLAN#十三'],
  inputs: DIBAO_INPUTS,
  uses: ['welfare.dibao.per_capita_income'],
  reasons: {
    income_below_standard: {
      subject: '家庭月人均收入',
      against: '低保标准',
      unit: 'fen',
      cites: ['GWYL-649#9'],
    },
    assets_within_limit: { subject: '家庭财产状况符合当地低保规定', cites: ['GWYL-649#9'] },
  },
  formulas: {
    '2014-05-01': (ctx) => {
      const perCapita = ctx.rule('welfare.dibao.per_capita_income') as number;
      const below = ctx.check('income_below_standard', perCapita, '<', ctx.num(standardOf(ctx.input.area)));
      const assets = ctx.fact('assets_within_limit', ctx.input.assetsWithinLimit);
      return below && assets;
    },
  },
  describe: (ok) => (ok ? '符合最低生活保障条件' : '不符合最低生活保障条件'),
});

/** 低保金 = (standard − per-capita income) × members, for an eligible household; else 0. */
export const dibaoGap = defineRule<DibaoHousehold, number>({
  id: 'welfare.dibao.monthly_amount',
  label: '每月低保金（差额）',
  entity: 'household',
  cites: ['GWYL-649#12'],
  inputs: DIBAO_INPUTS,
  uses: ['welfare.dibao.eligible', 'welfare.dibao.per_capita_income'],
  formulas: {
    '2014-05-01': (ctx) => {
      if (ctx.rule('welfare.dibao.eligible') !== true) return 0;
      const perCapita = ctx.rule('welfare.dibao.per_capita_income') as number;
      const standard = ctx.num(standardOf(ctx.input.area));
      return (standard - perCapita) * ctx.input.members;
    },
  },
  describe: (fen) => `每月低保金 ${(fen / 100).toFixed(2)} 元`,
});

/** 特困 basic living standard: at least 1.3 × the local 低保 standard, rounded up to whole yuan. */
export const tekunBasicStandard = defineRule<{ area: 'urban' | 'rural' }, number>({
  id: 'welfare.tekun.basic_standard',
  label: '特困人员基本生活标准（每人每月，下限）',
  entity: 'person',
  cites: ['HN-DIBAO-2018#特困', 'ZM-PLAN#十三'],
  inputs: { area: AREA_INPUT },
  formulas: {
    '2018-01-01': (ctx) =>
      Math.ceil((ctx.num(standardOf(ctx.input.area)) * ctx.num('welfare.tekun.basic_ratio')) / 100) * 100,
  },
  describe: (fen) => `特困人员基本生活标准不低于每月 ${(fen / 100).toFixed(0)} 元`,
});

export interface PriceLinkMonth {
  /** CPI year-on-year rise this month, percent (e.g. 3.6). */
  cpiYoY: number;
  /** Food CPI year-on-year rise this month, percent. */
  foodCpiYoY: number;
  /** The person's base standard (低保 standard for 低保 objects), fen per month. */
  baseStandardFen: number;
}

export const priceLinkTriggered = defineRule<PriceLinkMonth, boolean>({
  id: 'welfare.price_link.triggered',
  label: '启动价格临时补贴',
  entity: 'case',
  cites: ['FGJG-2021-1553#启动条件', 'ZM-PLAN#十三'],
  inputs: PRICE_INPUTS,
  reasons: {
    cpi: {
      subject: 'CPI 单月同比涨幅',
      against: '启动条件',
      unit: 'percent',
      cites: ['FGJG-2021-1553#启动条件'],
    },
    food: {
      subject: '食品 CPI 单月同比涨幅',
      against: '启动条件',
      unit: 'percent',
      cites: ['FGJG-2021-1553#启动条件'],
    },
  },
  formulas: {
    '2021-10-26': (ctx) => {
      const cpi = ctx.check('cpi', ctx.input.cpiYoY, '>=', ctx.num('welfare.price_link.cpi_trigger'));
      const food = ctx.check(
        'food',
        ctx.input.foodCpiYoY,
        '>=',
        ctx.num('welfare.price_link.food_cpi_trigger'),
      );
      return cpi || food;
    },
  },
  describe: (on) => (on ? '本月启动价格临时补贴' : '本月未达到价格临时补贴启动条件'),
});

/** Subsidy = base standard × the CPI rise (the larger of CPI and food CPI is not used: the CPI rise is), floored. */
export const priceLinkSubsidy = defineRule<PriceLinkMonth, number>({
  id: 'welfare.price_link.subsidy',
  label: '价格临时补贴（每人每月）',
  entity: 'case',
  cites: ['FGJG-2021-1553#补贴标准'],
  inputs: PRICE_INPUTS,
  uses: ['welfare.price_link.triggered'],
  formulas: {
    '2021-10-26': (ctx) => {
      if (ctx.rule('welfare.price_link.triggered') !== true) return 0;
      const raw = Math.round((ctx.input.baseStandardFen * ctx.input.cpiYoY) / 100);
      return Math.max(raw, ctx.num('welfare.price_link.floor'));
    },
  },
  describe: (fen) => `价格临时补贴每人每月 ${(fen / 100).toFixed(2)} 元`,
});

/** Who receives the price-linked subsidy (发改价格〔2021〕1553号 一). */
export const priceLinkCovered = defineRule<{ groups: string }, boolean>({
  id: 'welfare.price_link.covered',
  label: '属于价格临时补贴保障对象',
  entity: 'person',
  cites: ['FGJG-2021-1553#保障对象', 'ZM-PLAN#十三'],
  inputs: {
    groups: {
      label:
        '所属群体（逗号分隔：dibao 低保、tekun 特困、unemployment_insurance 失业保险金、entitled_pension 定期抚恤）',
      type: 'text',
    },
  },
  reasons: {
    group: {
      subject: '属于城乡低保对象、特困人员、领取失业保险金人员或享受国家定期抚恤补助的优抚对象',
      cites: ['FGJG-2021-1553#保障对象'],
    },
  },
  formulas: {
    '2021-10-26': (ctx) =>
      ctx.fact(
        'group',
        ctx.input.groups
          .split(',')
          .some((g) => ['dibao', 'tekun', 'unemployment_insurance', 'entitled_pension'].includes(g.trim())),
      ),
  },
  describe: (ok) => (ok ? '属于价格临时补贴保障对象' : '不属于价格临时补贴保障对象'),
});

export const welfareRules = [
  priceLinkCovered,
  perCapitaIncome,
  dibaoEligible,
  dibaoGap,
  tekunBasicStandard,
  priceLinkTriggered,
  priceLinkSubsidy,
];
