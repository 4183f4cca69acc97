/**
 * Policy contracts (DESIGN §2 policy domain): the rulebook library (documents, clauses, parameters, rules),
 * trial calculations (试算), stored decision records with replay and explanation, parameter changes with an
 * impact preview over the registry.
 */
import { z } from 'zod';
import { ZIsoDate } from './registry.ts';

const ZScalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export const ZOutcome = ZScalar;

export const ZClause = z.object({ id: z.string(), label: z.string(), text: z.string() });
export const ZPolicyDocument = z.object({
  id: z.string(),
  docNo: z.string().nullable(),
  issuer: z.string(),
  title: z.string(),
  issuedOn: z.string().nullable(),
  level: z.enum(['national', 'provincial', 'city', 'county']),
  url: z.string().nullable(),
  clauses: z.array(ZClause),
});
export type TPolicyDocument = z.infer<typeof ZPolicyDocument>;

export const ZParameterEntry = z.object({
  since: z.string(),
  /** Null: the parameter ends on this date. */
  value: ZScalar,
  display: z.string(),
  cites: z.array(z.string()),
  pending: z.boolean(),
  /** 'rulebook' (the YAML files) or 'scheduled' (a change made in the console). */
  source: z.enum(['rulebook', 'scheduled']),
});
export const ZParameterSummary = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  threshold: z.boolean(),
  current: ZParameterEntry.nullable(),
  history: z.array(ZParameterEntry),
  pending: z.boolean(),
});
export type TParameterSummary = z.infer<typeof ZParameterSummary>;

export const ZRuleSummary = z.object({
  id: z.string(),
  label: z.string(),
  entity: z.enum(['person', 'household', 'case']),
  cites: z.array(z.string()),
  formulaDates: z.array(z.string()),
  exceptions: z.array(z.object({ label: z.string(), cites: z.array(z.string()) })),
  reasons: z.array(z.object({ code: z.string(), subject: z.string(), cites: z.array(z.string()) })),
  uses: z.array(z.string()),
  /** What a 试算 form asks for, in order. Amounts of type `fen` are entered in 元 and sent in 分. */
  inputs: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      type: z.enum(['fen', 'number', 'integer', 'boolean', 'enum', 'text']),
      options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
      unit: z.string().optional(),
    }),
  ),
  describeOutcomes: z.boolean(),
});
export type TRuleSummary = z.infer<typeof ZRuleSummary>;

export const ZPolicyLibrary = z.object({
  rulesetVersion: z.string(),
  parameterVersion: z.string(),
  documents: z.array(ZPolicyDocument),
  parameters: z.array(ZParameterSummary),
  rules: z.array(ZRuleSummary),
});
export type TPolicyLibrary = z.infer<typeof ZPolicyLibrary>;

export const ZEvaluateRequest = z
  .object({
    ruleId: z.string().min(1, '请选择规则').max(100),
    asOf: ZIsoDate,
    input: z.record(z.string().max(60), ZScalar).refine((o) => Object.keys(o).length <= 60, '输入项过多'),
  })
  .strict();
export type TEvaluateRequest = z.infer<typeof ZEvaluateRequest>;

export const ZExplanation = z.object({
  ruleId: z.string(),
  ruleLabel: z.string(),
  asOf: z.string(),
  outcome: ZOutcome,
  outcomeText: z.string(),
  sentences: z.array(z.string()),
  parameters: z.array(z.object({ id: z.string(), text: z.string(), pending: z.boolean() })),
  cites: z.array(z.object({ id: z.string(), citation: z.string() })),
  trace: z.unknown(),
});
export type TExplanation = z.infer<typeof ZExplanation>;

export const ZRecordDecisionRequest = ZEvaluateRequest.extend({
  subjectType: z.enum(['person', 'household', 'case']),
  /** The registered person or household (its id), checked to exist and to lie in the caller's scope. */
  subjectId: z.string().max(100).optional(),
  /** Or, for a person rule, the person's ID number (as staff have it at hand; a body, never a URL). */
  subjectIdNumber: z.string().max(40).optional(),
  /** Or, for a household rule, the 户号. */
  subjectHouseholdNumber: z.string().max(30).optional(),
}).strict();
export type TRecordDecisionRequest = z.infer<typeof ZRecordDecisionRequest>;

export const ZDecision = z.object({
  id: z.string(),
  ruleId: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  asOf: z.string(),
  rulesetVersion: z.string(),
  parameterVersion: z.string(),
  input: z.record(z.string(), ZScalar),
  outcome: ZOutcome,
  reasons: z.array(z.string()),
  decidedAt: z.string(),
  decidedBy: z.string().nullable(),
});
export type TDecision = z.infer<typeof ZDecision>;

export const ZReplayResult = z.object({
  identical: z.boolean(),
  storedOutcome: ZOutcome,
  replayedOutcome: ZOutcome,
  /** The rule code or rulebook files changed since the decision (the replay still pins its parameter values). */
  rulesetChanged: z.boolean(),
  differences: z.array(z.string()),
});
export type TReplayResult = z.infer<typeof ZReplayResult>;

export const ZParameterChangeRequest = z
  .object({
    parameterId: z.string().min(1).max(100),
    effectiveFrom: ZIsoDate,
    value: z.union([z.number(), z.string().max(200), z.boolean()]),
    cites: z.array(z.string().max(100)).min(1, '须引用至少一个条款').max(10),
    /** 待确认: the value is not yet confirmed by the responsible department. */
    pending: z.boolean().default(false),
    note: z.string().max(500).optional(),
  })
  .strict();
export type TParameterChangeRequest = z.infer<typeof ZParameterChangeRequest>;

export const ZParameterChange = z.object({
  id: z.string(),
  parameterId: z.string(),
  effectiveFrom: z.string(),
  value: ZScalar,
  cites: z.array(z.string()),
  pending: z.boolean(),
  note: z.string().nullable(),
  status: z.enum(['scheduled', 'withdrawn']),
  createdAt: z.string(),
});
export type TParameterChange = z.infer<typeof ZParameterChange>;

export const ZImpactRequest = z
  .object({
    parameterId: z.string().min(1).max(100),
    effectiveFrom: ZIsoDate,
    value: z.union([z.number(), z.string().max(200), z.boolean()]),
    /** The day both runs are evaluated for; defaults to the effective date. */
    asOf: ZIsoDate.optional(),
  })
  .strict();
export type TImpactRequest = z.infer<typeof ZImpactRequest>;

export const ZImpactFlip = z.object({
  subjectId: z.string(),
  townshipCode: z.string(),
  villageCode: z.string(),
  label: z.string(),
  before: ZOutcome,
  after: ZOutcome,
});

export const ZImpactReport = z.object({
  parameterId: z.string(),
  asOf: z.string(),
  before: ZScalar,
  after: ZScalar,
  subjects: z.number(),
  assumptions: z.array(z.string()),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      label: z.string(),
      flips: z.number(),
      byTownship: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          gained: z.number(),
          lost: z.number(),
          changed: z.number(),
        }),
      ),
      /** The first flips (at most 200). */
      list: z.array(ZImpactFlip),
    }),
  ),
  elapsedMs: z.number(),
});
export type TImpactReport = z.infer<typeof ZImpactReport>;
