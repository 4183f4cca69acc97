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
  inputs: {
    scope: {
      label: '人员类别（第四条）',
      type: 'enum',
      options: {
        non_public_staff: '非公有制企业和社会组织聘用人员',
        left_public_sector: '离开机关事业单位、国企的人员',
        unemployed_graduate: '未就业的高校、中专毕业生',
        abroad_self_funded: '自费出国留学及因私出国（境）人员',
        foreign_office_staff: '外国企业常驻代表机构的中方雇员',
        flexible_employment: '自由职业或灵活就业人员',
        other_social: '其他实行社会管理人员',
        none: '以上都不是',
      },
    },
    locatedHere: { label: '户籍地或现工作单位在本县', type: 'boolean' },
    channel: {
      label: '转递方式',
      type: 'enum',
      options: { confidential_post: '机要通信', staff_courier: '专人送取', self_carried: '本人自带' },
    },
    materialsComplete: { label: '材料齐全', type: 'boolean' },
  },
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
  inputs: { service: { label: '服务项目', type: 'text' } },
  formulas: { '2021-12-29': () => 0 },
  describe: () => '档案基本公共服务不收取任何费用（保管费、查阅费、证明费、转递费）',
});

/** Whether a material may be demanded at intake (介绍信, 转正定级表, 调整改派手续 never are). */
export const archiveMaterialRequired = defineRule<{ material: string }, boolean | null>({
  id: 'archives.material.required',
  label: '接收档案时该材料是否必备',
  entity: 'case',
  cites: ['ZM-PLAN#六'],
  inputs: { material: { label: '材料名称', type: 'text' } },
  formulas: {
    '2021-12-29': (ctx) => {
      const row = ctx.table('archives.intake_materials', { material: ctx.input.material });
      return row ? (row.required as boolean) : null;
    },
  },
  describe: (r) =>
    r === null ? '该材料不在审核目录中，不得作为必备材料' : r ? '必备材料' : '不得作为必备材料',
});

/** Days the holding agency has to send an archive once the 调档函 is issued (a dated parameter, 15 by default). */
export const archiveTransferSendDays = defineRule<
  { kind: 'online_application' | 'unit_direct' | 'cross_region' },
  number
>({
  id: 'archives.transfer.send_days',
  label: '档案转出期限（日）',
  entity: 'case',
  cites: ['RF-1996-118#转递时限'],
  inputs: {
    kind: {
      label: '转递方式',
      type: 'enum',
      options: {
        online_application: '本人网上申请',
        unit_direct: '有档案管理权限的单位直接转递',
        cross_region: '跨省通办',
      },
    },
  },
  formulas: { '2021-12-29': (ctx) => ctx.num('archives.transfer.send_days') },
  describe: (d) => `接到调档函后 ${d} 日内转出档案`,
});

export const archiveRules = [archiveIntake, archiveFee, archiveMaterialRequired, archiveTransferSendDays];
