import { z } from 'zod';
import { assertIsoDate, type IsoDate } from './dates.ts';

/**
 * Dated parameters: one YAML file per parameter, values keyed by the date they take effect (inclusive, until the
 * next key), each citing its clause; `null` ends the parameter. A local amount nobody has confirmed yet is marked
 * `status: 待确认` and carried into every explanation that reads it — never a constant in code.
 */
const ZParameterValue = z
  .object({
    value: z.union([z.number(), z.string(), z.boolean()]),
    cites: z.array(z.string()).min(1, '每个取值都须引用条款'),
    status: z.enum(['confirmed', '待确认']).default('confirmed'),
    note: z.string().optional(),
  })
  .strict();

export const ZParameterSource = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, '参数编号形如 welfare.dibao.standard'),
    label: z.string().min(1),
    description: z.string().optional(),
    unit: z.enum(['fen', 'yuan', 'percent', 'ratio', 'years', 'months', 'days', 'count', 'boolean', 'code']),
    /** A threshold parameter gets generated boundary cases (just below, at, just above). */
    threshold: z.boolean().default(false),
    values: z.record(z.string(), ZParameterValue.nullable()),
  })
  .strict();

export type ParameterSource = z.infer<typeof ZParameterSource>;
export type ParameterUnit = ParameterSource['unit'];
export type ParameterScalar = number | string | boolean;

export interface ParameterValue {
  readonly parameterId: string;
  readonly since: IsoDate;
  readonly value: ParameterScalar;
  readonly cites: readonly string[];
  readonly pending: boolean;
}

export interface Parameter {
  readonly id: string;
  readonly label: string;
  readonly unit: ParameterUnit;
  readonly threshold: boolean;
  /** Ascending by date; a `null` entry (value undefined) ends the parameter from that date. */
  readonly history: readonly { since: IsoDate; value: ParameterValue | null }[];
}

export function compileParameter(source: ParameterSource): Parameter {
  const history = Object.entries(source.values)
    .map(([since, v]) => {
      assertIsoDate(since, `参数 ${source.id}`);
      return {
        since,
        value: v
          ? { parameterId: source.id, since, value: v.value, cites: v.cites, pending: v.status === '待确认' }
          : null,
      };
    })
    .sort((a, b) => (a.since < b.since ? -1 : 1));
  if (history.length === 0) throw new Error(`参数 ${source.id} 没有任何取值`);
  return { id: source.id, label: source.label, unit: source.unit, threshold: source.threshold, history };
}

export class ParameterNotInForceError extends Error {
  constructor(id: string, asOf: IsoDate) {
    super(`参数 ${id} 在 ${asOf} 没有生效的取值`);
    this.name = 'ParameterNotInForceError';
  }
}

/** The value in force on `asOf`. */
export function valueAt(p: Parameter, asOf: IsoDate): ParameterValue {
  let found: ParameterValue | null | undefined;
  for (const h of p.history) {
    if (h.since > asOf) break;
    found = h.value;
  }
  if (!found) throw new ParameterNotInForceError(p.id, asOf);
  return found;
}

/** Formats a parameter value for people: fen as 元, percent with %, otherwise as is. */
export function formatValue(unit: ParameterUnit, value: ParameterScalar): string {
  if (typeof value !== 'number') return String(value);
  switch (unit) {
    case 'fen':
      return `${formatYuan(value)} 元`;
    case 'yuan':
      return `${value} 元`;
    case 'percent':
      return `${value}%`;
    case 'years':
      return `${value} 年`;
    case 'months':
      return `${value} 个月`;
    case 'days':
      return `${value} 天`;
    default:
      return String(value);
  }
}

export function formatYuan(fen: number): string {
  const yuan = fen / 100;
  return Number.isInteger(yuan) ? String(yuan) : yuan.toFixed(2);
}
