import { defineRule } from '../rules.ts';

export interface ResidenceApplicant {
  /** Lives away from the 户籍地 in this city. */
  awayFromHukou: boolean;
  /** Months of residence registration here. */
  residenceMonths: number;
  stableJob: boolean;
  stableResidence: boolean;
  continuousStudy: boolean;
}

/** 《居住证暂行条例》 art. 2: ≥ 6 months' residence and one of a stable job, a stable residence, continuous study. */
export const residencePermitEligible = defineRule<ResidenceApplicant, boolean>({
  id: 'services.residence_permit.eligible',
  label: '可申领居住证',
  entity: 'person',
  cites: ['GWYL-663#2', 'ZM-PLAN#四'],
  inputs: {
    awayFromHukou: { label: '离开常住户口所在地', type: 'boolean' },
    residenceMonths: { label: '在本地居住（居住登记）月数', type: 'integer', unit: '个月' },
    stableJob: { label: '有合法稳定就业', type: 'boolean' },
    stableResidence: { label: '有合法稳定住所', type: 'boolean' },
    continuousStudy: { label: '连续就读', type: 'boolean' },
  },
  reasons: {
    away: { subject: '离开常住户口所在地居住', cites: ['GWYL-663#2'] },
    months: { subject: '在本地居住', against: '规定', unit: 'months', cites: ['GWYL-663#2'] },
    job: { subject: '有合法稳定就业', cites: ['GWYL-663#2'] },
    home: { subject: '有合法稳定住所', cites: ['GWYL-663#2'] },
    study: { subject: '连续就读', cites: ['GWYL-663#2'] },
  },
  formulas: {
    '2016-01-01': (ctx) => {
      const i = ctx.input;
      const away = ctx.fact('away', i.awayFromHukou);
      const months = ctx.check('months', i.residenceMonths, '>=', ctx.num('services.residence.min_months'));
      const anyCondition =
        ctx.fact('job', i.stableJob) ||
        ctx.fact('home', i.stableResidence) ||
        ctx.fact('study', i.continuousStudy);
      return away && months && anyCondition;
    },
  },
  describe: (ok) => (ok ? '符合申领居住证条件' : '暂不符合申领居住证条件'),
});

export interface MigrantChild {
  /** Age in whole years on 31 August of the school year. */
  ageOnCutoff: number;
  parentHasResidencePermit: boolean;
  /** One parent has a labour contract or a business licence here. */
  parentEmployedOrLicensed: boolean;
}

/** Migrant children's compulsory schooling where they live, with the residence permit as main basis (方案（十一）). */
export const migrantSchooling = defineRule<MigrantChild, boolean>({
  id: 'services.schooling.migrant_child_eligible',
  label: '随迁子女可在居住地接受义务教育（小学一年级）',
  entity: 'person',
  cites: ['ZM-PLAN#十一', 'GWYL-663#12', 'ZZ-SCHOOL#条件'],
  inputs: {
    ageOnCutoff: { label: '截至 8 月 31 日的周岁年龄', type: 'integer', unit: '岁' },
    parentHasResidencePermit: { label: '父母持有居住证', type: 'boolean' },
    parentEmployedOrLicensed: { label: '父母一方有劳动合同或营业执照', type: 'boolean' },
  },
  reasons: {
    age: { subject: '截至 8 月 31 日年龄', against: '入学年龄', unit: 'years', cites: ['ZZ-SCHOOL#年龄'] },
    permit: { subject: '父母持有居住证', cites: ['GWYL-663#12', 'ZM-PLAN#十一'] },
    work: { subject: '父母一方有劳动合同或营业执照', cites: ['ZZ-SCHOOL#条件'] },
  },
  formulas: {
    '2023-01-01': (ctx) => {
      const age = ctx.check('age', ctx.input.ageOnCutoff, '>=', ctx.num('services.schooling.min_age'));
      const permit = ctx.fact('permit', ctx.input.parentHasResidencePermit);
      const work = ctx.fact('work', ctx.input.parentEmployedOrLicensed);
      return age && permit && work;
    },
  },
  describe: (ok) => (ok ? '符合随迁子女入学条件，统一登记后相对就近分配' : '暂不符合随迁子女入学条件'),
});

export const serviceRules = [residencePermitEligible, migrantSchooling];
