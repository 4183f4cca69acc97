import type {
  TDecision,
  TEvaluateRequest,
  TExplanation,
  TImpactReport,
  TImpactRequest,
  TParameterChange,
  TParameterChangeRequest,
  TParameterSummary,
  TPolicyDocument,
  TPolicyLibrary,
  TRecordDecisionRequest,
  TReplayResult,
  TRuleSummary,
} from '@qiaoti/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';

/** The policy endpoints the console calls. */
export const policyApi = {
  library: () => api.get<TPolicyLibrary>('/api/policy/library'),
  evaluate: (body: TEvaluateRequest) => api.post<TExplanation>('/api/policy/evaluate', body),
  recordDecision: (body: TRecordDecisionRequest) =>
    api.post<{ decision: TDecision; explanation: TExplanation }>('/api/policy/decisions', body),
  decision: (id: string) => api.get<TDecision>(`/api/policy/decisions/${encodeURIComponent(id)}`),
  explain: (id: string) => api.get<TExplanation>(`/api/policy/decisions/${encodeURIComponent(id)}/explain`),
  replay: (id: string) => api.post<TReplayResult>(`/api/policy/decisions/${encodeURIComponent(id)}/replay`),
  impact: (body: TImpactRequest) => api.post<TImpactReport>('/api/policy/impact', body),
  changes: () => api.get<{ items: TParameterChange[] }>('/api/policy/parameter-changes'),
  scheduleChange: (body: TParameterChangeRequest) =>
    api.post<TParameterChange>('/api/policy/parameter-changes', body),
  withdrawChange: (id: string) =>
    api.post<TParameterChange>(`/api/policy/parameter-changes/${encodeURIComponent(id)}/withdraw`),
};

/** The library, loaded once per page; `reload` after a change that alters it (a scheduled parameter change). */
export function usePolicyLibrary() {
  const [library, setLibrary] = useState<TPolicyLibrary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    setError(null);
    try {
      setLibrary(await policyApi.library());
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { library, error, reload };
}

export const levelLabels: Record<TPolicyDocument['level'], string> = {
  national: '国家',
  provincial: '省',
  city: '市',
  county: '县',
};
export const levelOrder: TPolicyDocument['level'][] = ['national', 'provincial', 'city', 'county'];

export const entityLabels: Record<TRuleSummary['entity'], string> = {
  person: '个人',
  household: '家庭',
  case: '事项',
};

/** Rules are grouped by the first part of their id. */
export const domainLabels: Record<string, string> = {
  welfare: '社会救助与防返贫',
  employment: '就业援助',
  archives: '人事档案',
  credentials: '职称与技能',
  services: '公共服务',
};
export const domainOf = (ruleId: string) => ruleId.split('.')[0] ?? ruleId;

const unitLabels: Record<string, string> = {
  fen: '元',
  years: '年',
  months: '个月',
  percent: '%',
  ratio: '倍',
};
export const unitLabel = (unit: string) => unitLabels[unit] ?? unit;

/** What an officer types for a parameter: 元 for amounts kept in 分, the number itself otherwise. */
export function parameterValueToInput(p: TParameterSummary, value: unknown): number | null {
  if (typeof value !== 'number') return null;
  return p.unit === 'fen' ? value / 100 : value;
}
export function parameterInputToValue(p: TParameterSummary, input: number): number {
  return p.unit === 'fen' ? Math.round(input * 100) : input;
}
export function formatParameterValue(p: TParameterSummary | undefined, value: unknown): string {
  if (value === null || value === undefined) return '（终止）';
  if (!p || typeof value !== 'number') return String(value);
  if (p.unit === 'fen') return `${(value / 100).toLocaleString('zh-CN')} 元`;
  if (p.unit === 'percent') return `${value}%`;
  if (p.unit === 'ratio') return `${value} 倍`;
  return `${value} ${unitLabel(p.unit)}`;
}

/** Outcomes of amount rules are kept in 分 (their ids say what they are: …_amount, …_income, …_standard). */
const isAmountRule = (ruleId: string) => /(_amount|_income|_standard|\.subsidy)$/.test(ruleId);
export function formatOutcome(ruleId: string, outcome: unknown): string {
  if (outcome === true) return '是';
  if (outcome === false) return '否';
  if (outcome === null || outcome === undefined) return '—';
  if (typeof outcome === 'number' && isAmountRule(ruleId)) return `${(outcome / 100).toFixed(2)} 元`;
  return String(outcome);
}

/** Every clause by id, with its document, for labels, tooltips and citations. */
export interface ClauseRef {
  id: string;
  label: string;
  text: string;
  document: TPolicyDocument;
  citation: string;
}
export function clauseIndex(library: TPolicyLibrary): Map<string, ClauseRef> {
  const out = new Map<string, ClauseRef>();
  for (const document of library.documents)
    for (const c of document.clauses)
      out.set(c.id, {
        ...c,
        document,
        citation: `《${document.title}》${document.docNo ? `（${document.docNo}）` : ''}${c.label}`,
      });
  return out;
}

/** A scheduled change not yet in effect on `today` (YYYY-MM-DD). */
export function upcomingChange(p: TParameterSummary, today: string) {
  return p.history.find((h) => h.source === 'scheduled' && h.since > today) ?? null;
}

/** Short version hashes for people: the first eight characters. */
export const shortVersion = (v: string) => v.slice(0, 8);

export type Scalar = string | number | boolean | null;

/** What officers call things, so that typing 低保 finds 符合最低生活保障条件 (ids are English words). */
const searchWords: Record<string, string> = {
  dibao: '低保',
  tekun: '特困',
  monitoring: '防返贫 监测',
  price_link: '价格 临时补贴 物价',
  archives: '档案',
  residence: '居住证',
  schooling: '入学 随迁子女',
  title: '职称',
  skill: '技能',
  difficulty: '就业困难',
  subsidy: '补贴',
  posting: '招聘 歧视',
};
function searchTextOf(r: TRuleSummary): string {
  const words = Object.entries(searchWords)
    .filter(([k]) => r.id.includes(k))
    .map(([, v]) => v);
  return [r.label, r.id, domainLabels[domainOf(r.id)] ?? '', ...words].join(' ');
}

/** The rules for a Select, grouped by domain in the order of `domainLabels`. */
export function ruleOptions(rules: TRuleSummary[]) {
  const groups = new Map<string, TRuleSummary[]>();
  for (const r of rules) {
    const d = domainOf(r.id);
    groups.set(d, [...(groups.get(d) ?? []), r]);
  }
  const order = [...Object.keys(domainLabels), ...[...groups.keys()].filter((d) => !(d in domainLabels))];
  return order
    .filter((d) => groups.has(d))
    .map((d) => ({
      label: domainLabels[d] ?? d,
      title: domainLabels[d] ?? d,
      options: (groups.get(d) ?? []).map((r) => ({
        value: r.id,
        label: r.label,
        search: searchTextOf(r),
      })),
    }));
}

/** The form's values as the API takes them: 元 → 分 for amounts, nothing for an empty optional field. */
export function toRuleInput(rule: TRuleSummary, values: Record<string, unknown>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const i of rule.inputs) {
    const v = values[i.name];
    if (v === undefined || v === null || v === '') continue;
    if (i.type === 'fen' && typeof v === 'number') out[i.name] = Math.round(v * 100);
    else if (i.type === 'boolean') out[i.name] = Boolean(v);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[i.name] = v;
  }
  return out;
}
