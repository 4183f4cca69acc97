import { z } from 'zod';

/**
 * Employment indicators by township and month (issue 4 part 8). Computed ones read the employment tables; the
 * surveyed unemployment rate is an entered series (staff enter the statistics bureau's monthly value with its source).
 */

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份须为 YYYY-MM');

/** Every indicator, its label, unit and the definition shown beside the numbers (with where it comes from). */
export const indicatorDefinitions = {
  newJobsGross: {
    label: '城镇新增就业（口径一：新就业人数）',
    unit: '人',
    definition:
      '当月就业状态由非就业（失业、务农、在校、未登记等）变为单位就业、自主创业或灵活就业的人数，同一人当月只计一次。' +
      '各来源说法不一，官方统计定义未找到，故两种口径并存（DOMAIN.md §5“城镇新增就业”）。',
  },
  newJobsNet: {
    label: '城镇新增就业（口径二：新就业减自然减员）',
    unit: '人',
    definition:
      '口径一减去当月由就业状态转为退休、失业或离开劳动力市场的人数（多数来源所述“新增就业人数减自然减员（退休、死亡、离开）”，' +
      'DOMAIN.md §5 [S33]，来源较弱）。可为负数。',
  },
  registeredUnemployed: {
    label: '登记失业人数（月末）',
    unit: '人',
    definition:
      '月末求职登记状态为“失业”的人数（按月末前最后一次求职状态变更）。属行政登记口径，不同于城镇调查失业率（DOMAIN.md §5）。',
  },
  placements: {
    label: '推荐就业（上岗）人数',
    unit: '人',
    definition: '当月开始上岗的就业安置（placement，按上岗日期）人数。',
  },
  retention1: {
    label: '上岗 1 个月在岗率',
    unit: '%',
    definition: '当月到期并已完成的 1 个月回访中，回访结果为“仍在岗”的比例（未联系上计入分母）。',
  },
  retention3: {
    label: '上岗 3 个月在岗率',
    unit: '%',
    definition: '当月到期并已完成的 3 个月回访中，回访结果为“仍在岗”的比例。',
  },
  retention6: {
    label: '上岗 6 个月在岗率',
    unit: '%',
    definition: '当月到期并已完成的 6 个月回访中，回访结果为“仍在岗”的比例。',
  },
  assistanceOpened: {
    label: '就业援助个案新开',
    unit: '件',
    definition: '当月开立的就业援助个案数（按开案日期）。',
  },
  assistanceClosed: {
    label: '就业援助个案结案',
    unit: '件',
    definition: '当月结案的就业援助个案数（按结案日期）。',
  },
  zeroEmploymentCleared: {
    label: '零就业家庭清零（退出）',
    unit: '户',
    definition: '当月因家庭成员实现就业等原因退出零就业家庭名单的户数（按退出日期）。',
  },
  zeroEmploymentOnList: {
    label: '零就业家庭（月末在册）',
    unit: '户',
    definition: '月末仍在零就业家庭名单上的户数。',
  },
  surveyedUnemploymentRate: {
    label: '城镇调查失业率（录入）',
    unit: '%',
    definition:
      '统计部门发布的城镇调查失业率，由工作人员按月录入并注明来源：失业人口 ÷（就业人口 + 失业人口），' +
      '调查对象为城镇常住人口（DOMAIN.md §5，国家统计局解读 [S32]）。平台不自行计算。',
  },
} as const;
export type IndicatorKey = keyof typeof indicatorDefinitions;
export const indicatorKeys = Object.keys(indicatorDefinitions) as IndicatorKey[];

/** The coverage note shown once under the table. */
export const indicatorCoverageNote =
  '乡镇按人员常住村（社区）代码归属；登记库暂无城乡分类代码，“城镇”口径未单独区分，统计范围为辖区全部常住人员。';

export const ZIndicatorQuery = z
  .object({
    from: ZMonth,
    to: ZMonth,
    townshipCode: z
      .string()
      .regex(/^\d{9}$/, '乡镇（街道）代码须为 9 位数字')
      .optional(),
  })
  .refine((q) => q.from <= q.to, { message: '起始月份不能晚于结束月份', path: ['from'] })
  .refine(
    (q) => {
      const months =
        (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4))) * 12 +
        Number(q.to.slice(5)) -
        Number(q.from.slice(5));
      return months < 36;
    },
    { message: '一次最多查询 36 个月', path: ['to'] },
  );
export type TIndicatorQuery = z.infer<typeof ZIndicatorQuery>;

/** Rates are in basis points (1 = 0.01 %) or null where there is no denominator / no entry. */
export const ZIndicatorRow = z.object({
  month: z.string(),
  /** 9-digit township, or the county code for the county total. */
  areaCode: z.string(),
  areaName: z.string(),
  newJobsGross: z.number().int(),
  newJobsNet: z.number().int(),
  registeredUnemployed: z.number().int(),
  placements: z.number().int(),
  retention1: z.number().int().nullable(),
  retention3: z.number().int().nullable(),
  retention6: z.number().int().nullable(),
  assistanceOpened: z.number().int(),
  assistanceClosed: z.number().int(),
  zeroEmploymentCleared: z.number().int(),
  zeroEmploymentOnList: z.number().int(),
  surveyedUnemploymentRate: z.number().int().nullable(),
  surveyedUnemploymentSource: z.string().nullable(),
});
export type TIndicatorRow = z.infer<typeof ZIndicatorRow>;

export const ZIndicatorDefinition = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  definition: z.string(),
});

export const ZIndicatorReport = z.object({
  from: z.string(),
  to: z.string(),
  months: z.array(z.string()),
  /** Township rows, then one county total per month (areaCode = county code) when the caller sees the county. */
  rows: z.array(ZIndicatorRow),
  definitions: z.array(ZIndicatorDefinition),
  coverageNote: z.string(),
});
export type TIndicatorReport = z.infer<typeof ZIndicatorReport>;

export const enteredIndicators = { surveyed_unemployment_rate: '城镇调查失业率' } as const;

export const ZIndicatorEntryRequest = z.object({
  indicator: z.enum(['surveyed_unemployment_rate'], '指标不正确'),
  /** County (410122) or a township (9 digits). */
  areaCode: z.string().regex(/^(\d{6}|\d{9})$/, '须为县（6 位）或乡镇（9 位）代码'),
  month: ZMonth,
  /** Percent with up to two decimals, e.g. 5.2. */
  ratePercent: z
    .number({ error: '请填写失业率' })
    .min(0, '失业率不能为负')
    .max(100, '失业率不能超过 100%')
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, '最多两位小数'),
  source: z.string().trim().min(2, '请注明数据来源（如：郑州市统计局 2026 年 10 月月报）').max(200),
  note: z.string().trim().max(500).optional(),
});
export type TIndicatorEntryRequest = z.infer<typeof ZIndicatorEntryRequest>;

export const ZIndicatorEntry = z.object({
  id: z.string(),
  indicator: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  month: z.string(),
  /** Basis points. */
  value: z.number().int(),
  source: z.string(),
  note: z.string().nullable(),
  enteredAt: z.string(),
});
export type TIndicatorEntry = z.infer<typeof ZIndicatorEntry>;
export const ZIndicatorEntryList = z.object({ entries: z.array(ZIndicatorEntry) });
export type TIndicatorEntryList = z.infer<typeof ZIndicatorEntryList>;
