/**
 * Registry contracts (DESIGN §2 registry domain): persons, households, organisations, places, dated facts and
 * mobility events. The server validates with these schemas and the web app types its forms and pages with them.
 *
 * Privacy: every response carries ID and phone numbers masked (`4****************X`, `138****1234`); the plain value
 * only comes from `POST /api/persons/:id/reveal` with a stated purpose. ID numbers never go in a URL: searches are POST.
 */
import { z } from 'zod';
import { checkIdNumber, checkPhone, checkUscc } from './standards.ts';

/** Free text people type: no control characters (a NUL byte is not text, and PostgreSQL refuses it). */
function isPlainText(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}
const controlMessage = '不能包含不可见的控制字符';

// ── Field schemas ───────────────────────────────────────────────────────────────────────────────────────────────

/** A calendar day `YYYY-MM-DD` that exists. */
export const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD 格式')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在');

/** A citizen ID number (GB 11643): the message is the standard's reason. Full-width digits and a lowercase x pass. */
export const ZIdNumber = z
  .string({ error: '请填写身份证号' })
  .max(40, '身份证号过长')
  .superRefine((v, ctx) => {
    const r = checkIdNumber(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });

export const ZPhone = z
  .string({ error: '请填写电话号码' })
  .max(32, '电话号码过长')
  .superRefine((v, ctx) => {
    const r = checkPhone(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });

/** 统一社会信用代码 (GB 32100). */
export const ZUscc = z
  .string({ error: '请填写统一社会信用代码' })
  .max(40, '统一社会信用代码过长')
  .superRefine((v, ctx) => {
    const r = checkUscc(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });

export const ZPersonName = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(1, '请填写姓名')
  .max(50, '姓名不能超过 50 个字')
  .regex(/^[\p{L}\p{M}·•.\- ]+$/u, '姓名只能包含文字、空格和间隔号（·）');

/** 12-digit statistical code of a village (村/社区). Whether it exists is checked by the server (UNKNOWN_CODE). */
export const ZVillageCode = z.string().regex(/^\d{12}$/, '村（社区）代码须为 12 位数字');
/** A division code: 6-digit GB/T 2260 (province/city/county, e.g. 410122), 9-digit township or 12-digit village. */
export const ZPlaceCode = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '行政区划代码须为 2、4、6、9 或 12 位数字');
export const ZUuid = z.uuid('编号格式不正确');

export const genders = { M: '男', F: '女' } as const;
export const ZGender = z.enum(['M', 'F']);

/** 户口性质. */
export const hukouKinds = {
  agricultural: '农业户口',
  non_agricultural: '非农业户口',
  resident: '居民户口',
} as const;
export const ZHukouKind = z.enum(['agricultural', 'non_agricultural', 'resident'], '户口性质不正确');

/** 学历 (highest completed education), in order. */
export const educationLevels = {
  none: '未上过学',
  primary: '小学',
  junior_secondary: '初中',
  senior_secondary: '高中',
  secondary_vocational: '中专/技校',
  junior_college: '大专',
  bachelor: '大学本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
} as const;
export type EducationLevel = keyof typeof educationLevels;
export const ZEducation = z.enum(
  Object.keys(educationLevels) as [EducationLevel, ...EducationLevel[]],
  '学历代码不正确',
);

/** 与户主关系. */
export const householdRelations = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  child_in_law: '儿媳/女婿',
  grandchild: '孙子女/外孙子女',
  parent: '父母',
  parent_in_law: '公婆/岳父母',
  grandparent: '祖父母/外祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
} as const;
export type HouseholdRelation = keyof typeof householdRelations;
export const ZHouseholdRelation = z.enum(
  Object.keys(householdRelations) as [HouseholdRelation, ...HouseholdRelation[]],
  '与户主关系不正确',
);

/** 就业状态. */
export const employmentStatuses = {
  employed: '单位就业',
  self_employed: '自主创业/个体经营',
  flexible: '灵活就业',
  migrant_worker: '外出务工',
  farming: '务农',
  unemployed: '失业',
  student: '在校学生',
  retired: '退休',
  not_in_labour_force: '无劳动能力/不在劳动力市场',
} as const;
export type EmploymentStatus = keyof typeof employmentStatuses;
export const ZEmploymentStatus = z.enum(
  Object.keys(employmentStatuses) as [EmploymentStatus, ...EmploymentStatus[]],
  '就业状态不正确',
);

/** Monthly income bands (元/月) used by mobility events: a change of band is a mobility event, a raise within one is not. */
export const incomeBands = [
  { code: 'below_2000', label: '2000 元以下', fromFen: 0 },
  { code: '2000_3999', label: '2000–3999 元', fromFen: 200_000 },
  { code: '4000_5999', label: '4000–5999 元', fromFen: 400_000 },
  { code: '6000_7999', label: '6000–7999 元', fromFen: 600_000 },
  { code: '8000_11999', label: '8000–11999 元', fromFen: 800_000 },
  { code: '12000_up', label: '12000 元及以上', fromFen: 1_200_000 },
] as const;
export type IncomeBand = (typeof incomeBands)[number]['code'];
export function incomeBandOf(monthlyFen: number): IncomeBand {
  let band: IncomeBand = 'below_2000';
  for (const b of incomeBands) if (monthlyFen >= b.fromFen) band = b.code;
  return band;
}

/** 职业分类大典 (2022) occupation code `D-DD-DD-DD`; whether it exists is checked by the server (UNKNOWN_CODE). */
export const ZOccupationCode = z
  .string()
  .regex(/^\d-\d{2}-\d{2}-\d{2}$/, '职业代码须为 D-DD-DD-DD 格式（职业分类大典）');

const ZPurpose = z
  .string({ error: '请说明用途' })
  .trim()
  .min(4, '请说明用途（至少 4 个字）')
  .max(200, '用途不能超过 200 个字')
  .refine(isPlainText, controlMessage);

// ── Persons ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** One person in search results and household member lists. ID and phone are always masked here. */
export const ZPersonSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  gender: ZGender,
  birthDate: z.string(),
  age: z.number().int(),
  /** First and last character only: `4****************X`. */
  idNumberMasked: z.string(),
  /** `138****1234`, or null when none is recorded. */
  phoneMasked: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  townshipName: z.string().nullable(),
});
export type TPersonSummary = z.infer<typeof ZPersonSummary>;

/** A dated fact (DESIGN §4.2): the value and the day it holds from. */
const factBase = {
  validFrom: ZIsoDate,
  /** Evidence: where the value comes from (走访, 材料, 系统导入 …). */
  source: z
    .string()
    .trim()
    .min(1, '请填写来源')
    .max(100, '来源不能超过 100 个字')
    .refine(isPlainText, controlMessage)
    .optional(),
};
export const ZAddPersonFactRequest = z.discriminatedUnion(
  'fact',
  [
    z.object({ fact: z.literal('employment_status'), value: ZEmploymentStatus, ...factBase }).strict(),
    z.object({ fact: z.literal('employer'), value: ZUuid, ...factBase }).strict(),
    z.object({ fact: z.literal('occupation_code'), value: ZOccupationCode, ...factBase }).strict(),
    z
      .object({
        fact: z.literal('monthly_income_fen'),
        value: z
          .number('月收入须为数字（分）')
          .int('月收入以分为单位，须为整数')
          .min(0, '月收入不能为负')
          .max(1_000_000_000, '月收入过大'),
        ...factBase,
      })
      .strict(),
    z.object({ fact: z.literal('education'), value: ZEducation, ...factBase }).strict(),
  ],
  { error: '事实类型须为 employment_status、employer、occupation_code、monthly_income_fen 或 education' },
);
export type TAddPersonFactRequest = z.infer<typeof ZAddPersonFactRequest>;
export type PersonFactKind = TAddPersonFactRequest['fact'];

export const ZPersonFact = z.object({
  id: z.uuid(),
  fact: z.enum(['employment_status', 'employer', 'occupation_code', 'monthly_income_fen', 'education']),
  value: z.union([z.string(), z.number()]),
  /** The value for people: 单位就业, an employer's name, an occupation's name, 3500.00 元 … */
  label: z.string(),
  validFrom: z.string(),
  source: z.string(),
  recordedAt: z.string(),
});
export type TPersonFact = z.infer<typeof ZPersonFact>;

export const mobilityEventKinds = {
  employment_status: '就业状态',
  employer: '就业单位',
  occupation: '职业',
  sector: '行业',
  place: '工作地',
  title: '职称',
  skill_level: '技能等级',
  income_band: '收入档次',
  hukou: '户籍',
  residence: '居住地',
  education: '学历',
} as const;
export type MobilityEventKind = keyof typeof mobilityEventKinds;

/** DESIGN §4.3: a change in a person's labour-market position. */
export const ZMobilityEvent = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindLabel: z.string(),
  fromValue: z.union([z.string(), z.number()]).nullable(),
  toValue: z.union([z.string(), z.number()]).nullable(),
  fromLabel: z.string().nullable(),
  toLabel: z.string().nullable(),
  occurredOn: z.string(),
  source: z.string(),
  recordedAt: z.string(),
});
export type TMobilityEvent = z.infer<typeof ZMobilityEvent>;
export const ZMobilityEventList = z.object({ events: z.array(ZMobilityEvent) });
export type TMobilityEventList = z.infer<typeof ZMobilityEventList>;

export const ZHouseholdMember = z.object({
  person: ZPersonSummary,
  relation: ZHouseholdRelation,
  relationLabel: z.string(),
  fromDate: z.string(),
});
export type THouseholdMember = z.infer<typeof ZHouseholdMember>;

export const ZPersonDetail = ZPersonSummary.extend({
  hukouPlaceCode: z.string().nullable(),
  hukouPlaceName: z.string().nullable(),
  hukouKind: ZHukouKind.nullable(),
  education: ZEducation.nullable(),
  /** Optimistic locking: send it back with PATCH. */
  version: z.number().int(),
  household: z
    .object({
      id: z.uuid(),
      householdNumber: z.string().nullable(),
      relation: ZHouseholdRelation,
      members: z.array(ZHouseholdMember),
    })
    .nullable(),
  /** Family links that outlive households (parent, child, spouse), limited to persons the caller may see. */
  relations: z.array(
    z.object({ kind: z.enum(['parent', 'child', 'spouse']), kindLabel: z.string(), person: ZPersonSummary }),
  ),
  /** The current value of each fact (the latest whose validFrom is not after today). */
  facts: z.array(ZPersonFact),
  /** The latest mobility events, newest first (all of them: GET /api/persons/:id/mobility-events). */
  mobilityEvents: z.array(ZMobilityEvent),
  /** What the caller may do here: the page shows buttons accordingly; the server checks again. */
  can: z.object({ edit: z.boolean(), reveal: z.boolean() }),
});
export type TPersonDetail = z.infer<typeof ZPersonDetail>;

/**
 * Search-first (DESIGN §4.4): exactly one of — an ID number; a phone number; a name within a village.
 * There is no browse-all list of citizens.
 */
export const ZPersonSearchRequest = z
  .object({
    idNumber: ZIdNumber.optional(),
    phone: ZPhone.optional(),
    name: ZPersonName.optional(),
    villageCode: ZVillageCode.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const modes = [v.idNumber !== undefined, v.phone !== undefined, v.name !== undefined].filter(
      Boolean,
    ).length;
    if (modes !== 1) {
      ctx.addIssue({ code: 'custom', message: '请只填写一种查询条件：身份证号、手机号，或姓名加村（社区）' });
    } else if (v.name !== undefined && v.villageCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['villageCode'], message: '按姓名查询须选择村（社区）' });
    } else if (v.name === undefined && v.villageCode !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['villageCode'], message: '村（社区）只能与姓名一起查询' });
    }
  });
export type TPersonSearchRequest = z.infer<typeof ZPersonSearchRequest>;

export const ZPersonSearchResponse = z.object({
  persons: z.array(ZPersonSummary),
  /** True when more matched than the page shows (name search): narrow the query. */
  truncated: z.boolean(),
});
export type TPersonSearchResponse = z.infer<typeof ZPersonSearchResponse>;

export const ZCreatePersonRequest = z
  .object({
    /** Birth date and gender are derived from it, never entered. */
    idNumber: ZIdNumber,
    name: ZPersonName,
    phone: ZPhone.nullish(),
    hukouPlaceCode: ZPlaceCode.nullish(),
    hukouKind: ZHukouKind.nullish(),
    residenceVillageCode: ZVillageCode.nullish(),
    education: ZEducation.nullish(),
  })
  .strict();
export type TCreatePersonRequest = z.infer<typeof ZCreatePersonRequest>;

export const ZUpdatePersonRequest = z
  .object({
    /** The version the editor read (GET); a stale one answers 409 CONFLICT. */
    version: z.number('缺少版本号').int().min(1),
    name: ZPersonName.optional(),
    /** null clears the phone number. */
    phone: ZPhone.nullable().optional(),
    hukouPlaceCode: ZPlaceCode.nullable().optional(),
    hukouKind: ZHukouKind.nullable().optional(),
    residenceVillageCode: ZVillageCode.nullable().optional(),
    education: ZEducation.nullable().optional(),
    /** The day a residence/hukou/education change holds from (mobility event); today when omitted. */
    effectiveOn: ZIsoDate.optional(),
  })
  .strict();
export type TUpdatePersonRequest = z.infer<typeof ZUpdatePersonRequest>;

export const ZRevealRequest = z
  .object({
    field: z.enum(['idNumber', 'phone'], '只能查看身份证号或手机号'),
    /** Why the full value is needed; written to the audit log. */
    purpose: ZPurpose,
  })
  .strict();
export type TRevealRequest = z.infer<typeof ZRevealRequest>;
export const ZRevealResponse = z.object({
  field: z.enum(['idNumber', 'phone']),
  value: z.string().nullable(),
});
export type TRevealResponse = z.infer<typeof ZRevealResponse>;

export const ZIdParams = z.object({ id: ZUuid });
export const ZHouseholdMemberParams = z.object({ id: ZUuid, personId: ZUuid });

// ── Households ──────────────────────────────────────────────────────────────────────────────────────────────────

export const ZHouseholdNumber = z
  .string()
  .trim()
  .min(1, '请填写户号')
  .max(30, '户号不能超过 30 位')
  .regex(/^[0-9A-Za-z-]+$/, '户号只能包含数字、字母和连字符');

export const ZHouseholdSummary = z.object({
  id: z.uuid(),
  householdNumber: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  address: z.string().nullable(),
  headName: z.string().nullable(),
  memberCount: z.number().int(),
});
export type THouseholdSummary = z.infer<typeof ZHouseholdSummary>;

export const ZHouseholdDetail = ZHouseholdSummary.extend({
  headPersonId: z.uuid().nullable(),
  members: z.array(ZHouseholdMember),
  can: z.object({ edit: z.boolean() }),
});
export type THouseholdDetail = z.infer<typeof ZHouseholdDetail>;

/** Exactly one of: a 户号; the ID number of a current member. */
export const ZHouseholdSearchRequest = z
  .object({ householdNumber: ZHouseholdNumber.optional(), idNumber: ZIdNumber.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.householdNumber === undefined) === (v.idNumber === undefined))
      ctx.addIssue({ code: 'custom', message: '请填写户号或一名成员的身份证号（二选一）' });
  });
export type THouseholdSearchRequest = z.infer<typeof ZHouseholdSearchRequest>;
export const ZHouseholdSearchResponse = z.object({ households: z.array(ZHouseholdSummary) });
export type THouseholdSearchResponse = z.infer<typeof ZHouseholdSearchResponse>;

/** A member of a new household: an existing person, or a person registered with the household. */
export const ZNewHouseholdMember = z.union([
  z.object({ personId: ZUuid, relation: ZHouseholdRelation }).strict(),
  z.object({ person: ZCreatePersonRequest, relation: ZHouseholdRelation }).strict(),
]);
export type TNewHouseholdMember = z.infer<typeof ZNewHouseholdMember>;

export const ZCreateHouseholdRequest = z
  .object({
    householdNumber: ZHouseholdNumber.nullish(),
    villageCode: ZVillageCode,
    address: z
      .string()
      .trim()
      .max(200, '地址不能超过 200 个字')
      .refine(isPlainText, controlMessage)
      .nullish(),
    /** The day the members join; today when omitted. */
    fromDate: ZIsoDate.optional(),
    members: z.array(ZNewHouseholdMember).min(1, '家庭户至少要有一名成员').max(30, '一户最多 30 人'),
  })
  .strict()
  .superRefine((v, ctx) => {
    const heads = v.members.filter((m) => m.relation === 'head').length;
    if (heads !== 1) ctx.addIssue({ code: 'custom', path: ['members'], message: '家庭户须有且只有一名户主' });
  });
export type TCreateHouseholdRequest = z.infer<typeof ZCreateHouseholdRequest>;

export const ZAddHouseholdMemberRequest = z
  .object({
    personId: ZUuid,
    relation: ZHouseholdRelation.exclude(['head'], '户主只能在登记家庭户时指定'),
    fromDate: ZIsoDate.optional(),
  })
  .strict();
export type TAddHouseholdMemberRequest = z.infer<typeof ZAddHouseholdMemberRequest>;

/** Edit a household: address, 户号, or a change of head (the former head takes the relation given). */
export const ZUpdateHouseholdRequest = z
  .object({
    householdNumber: ZHouseholdNumber.nullable().optional(),
    address: z
      .string()
      .trim()
      .max(200, '地址不能超过 200 个字')
      .refine(isPlainText, controlMessage)
      .nullable()
      .optional(),
    newHeadPersonId: ZUuid.optional(),
    formerHeadRelation: ZHouseholdRelation.exclude(['head'], '原户主须改为户主以外的关系').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.newHeadPersonId === undefined) !== (v.formerHeadRelation === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['formerHeadRelation'],
        message: '变更户主须同时填写原户主与新户主的关系',
      });
  });
export type TUpdateHouseholdRequest = z.infer<typeof ZUpdateHouseholdRequest>;

// ── Organisations ───────────────────────────────────────────────────────────────────────────────────────────────

export const organisationKinds = {
  department: '县直部门',
  township_government: '乡镇（街道）',
  employer: '用人单位',
  other: '其他',
} as const;
export const ZOrganisationKind = z.enum(
  ['department', 'township_government', 'employer', 'other'],
  '单位类型不正确',
);

export const ZOrganisation = z.object({
  id: z.uuid(),
  kind: ZOrganisationKind,
  code: z.string().nullable(),
  name: z.string(),
  uscc: z.string().nullable(),
  placeCode: z.string().nullable(),
  placeName: z.string().nullable(),
  duties: z.array(z.string()),
});
export type TOrganisation = z.infer<typeof ZOrganisation>;

export const ZOrganisationListQuery = z
  .object({
    kind: ZOrganisationKind.optional(),
    /** Part of the name, or a full 统一社会信用代码. */
    q: z.string().trim().max(100, '查询词过长').refine(isPlainText, controlMessage).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type TOrganisationListQuery = z.infer<typeof ZOrganisationListQuery>;
export const ZOrganisationList = z.object({ organisations: z.array(ZOrganisation), truncated: z.boolean() });
export type TOrganisationList = z.infer<typeof ZOrganisationList>;

/** Registering an employer (用人单位). Departments and township governments come from reference data. */
export const ZCreateOrganisationRequest = z
  .object({
    kind: z.literal('employer', '只能登记用人单位'),
    name: z
      .string()
      .trim()
      .min(2, '请填写单位名称')
      .max(100, '单位名称不能超过 100 个字')
      .refine(isPlainText, controlMessage),
    uscc: ZUscc,
    /** Where it is: a township (9 digits) or village (12 digits) of the county. */
    placeCode: z
      .string()
      .regex(/^(\d{9}|\d{12})$/, '所在地须为乡镇（9 位）或村（社区）（12 位）代码')
      .nullish(),
  })
  .strict();
export type TCreateOrganisationRequest = z.infer<typeof ZCreateOrganisationRequest>;

// ── Places ──────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZPlacesQuery = z
  .object({ parent: z.string().regex(/^(\d{6}|\d{9})$/, '上级代码须为县（6 位）或乡镇（9 位）代码') })
  .strict();
export type TPlacesQuery = z.infer<typeof ZPlacesQuery>;

export const ZPlace = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county', 'township', 'village']),
});
export type TPlace = z.infer<typeof ZPlace>;
/** `GET /api/places?parent=410122` → the 17 townships; `?parent=<township>` → its villages. */
export const ZPlaceList = z.object({ parent: ZPlace, places: z.array(ZPlace) });
export type TPlaceList = z.infer<typeof ZPlaceList>;
