import { defineRule } from '../rules.ts';

/** The seven categories of mobile persons whose archives a public service must hold (第四条), or none. */
export type ArchiveScope =
  | 'non_public_staff'
  | 'left_public_sector'
  | 'unemployed_graduate'
  | 'abroad_self_funded'
  | 'foreign_office_staff'
  | 'flexible_employment'
  | 'other_social'
  | 'none';

export interface ArchiveIntake {
  scope: ArchiveScope;
  /** 户籍地 or current employer's place is in this county. */
  locatedHere: boolean;
  channel: 'confidential_post' | 'staff_courier' | 'self_carried';
  materialsComplete: boolean;
}

export type ArchiveIntakeOutcome = 'accept' | 'accept_with_pledge' | 'refuse_self_carried' | 'not_in_scope';

const OUTCOME_TEXT: Record<ArchiveIntakeOutcome, string> = {
  accept: '应当接收，不得拒收',
  accept_with_pledge: '应当接收：材料不全的实行告知承诺，由本人承诺补齐，不得拒收',
  refuse_self_carried: '不予接收本人自带的档案：须通过机要通信或专人送取转递',
  not_in_scope: '不属于本机构流动人员人事档案存放范围',
};

/**
 * Intake of a mobile person's archive (方案（六）; 人社部发〔2021〕112号). An archive that meets the custody
 * policy may not be refused; missing materials lead to 告知承诺, not refusal; only confidential post or staff
 * courier are accepted channels. Fees are never charged (see archives.fee).
 */
export const archiveIntake = defineRule<ArchiveIntake, ArchiveIntakeOutcome>({
  id: 'archives.intake.decision',
  label: '流动人员人事档案接收',
  entity: 'case',
  cites: ['ZM-PLAN#六', 'RSBF-2021-112#4', 'RSBF-2021-112#5'],
  reasons: {
    in_scope: { subject: '属于流动人员人事档案管理服务对象', cites: ['RSBF-2021-112#4'] },
    located_here: { subject: '户籍地或现工作单位在本县', cites: ['RSBF-2021-112#5'] },
    lawful_channel: { subject: '通过机要通信或专人送取转递', cites: ['RSBF-2021-112#转递'] },
    materials_complete: { subject: '材料齐全', cites: ['RSTF-2016-75#告知承诺'] },
  },
  formulas: {
    '2021-12-29': (ctx) => {
      const i = ctx.input;
      const inScope = ctx.fact('in_scope', i.scope !== 'none');
      const here = ctx.fact('located_here', i.locatedHere);
      if (!inScope || !here) return 'not_in_scope';
      if (!ctx.fact('lawful_channel', i.channel !== 'self_carried')) return 'refuse_self_carried';
      return ctx.fact('materials_complete', i.materialsComplete) ? 'accept' : 'accept_with_pledge';
    },
  },
  describe: (o) => OUTCOME_TEXT[o],
});

/** Archive basic services are free: no custody, inspection, certificate or transfer fee. */
export const archiveFee = defineRule<{ service: string }, number>({
  id: 'archives.fee',
  label: '档案基本公共服务收费（分）',
  entity: 'case',
  cites: ['RSBF-2021-112#8'],
  formulas: { '2021-12-29': () => 0 },
  describe: () => '档案基本公共服务不收取任何费用（保管费、查阅费、证明费、转递费）',
});

/** Whether a material may be demanded at intake (介绍信, 转正定级表, 调整改派手续 never are). */
export const archiveMaterialRequired = defineRule<{ material: string }, boolean | null>({
  id: 'archives.material.required',
  label: '接收档案时该材料是否必备',
  entity: 'case',
  cites: ['ZM-PLAN#六'],
  formulas: {
    '2021-12-29': (ctx) => {
      const row = ctx.table('archives.intake_materials', { material: ctx.input.material });
      return row ? (row.required as boolean) : null;
    },
  },
  describe: (r) =>
    r === null ? '该材料不在审核目录中，不得作为必备材料' : r ? '必备材料' : '不得作为必备材料',
});

export const archiveRules = [archiveIntake, archiveFee, archiveMaterialRequired];
