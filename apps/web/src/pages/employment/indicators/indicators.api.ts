import type {
  TIndicatorEntry,
  TIndicatorEntryList,
  TIndicatorEntryRequest,
  TIndicatorReport,
} from '@qiaoti/contracts';
import { api, download, query } from '../../../app/api.ts';

export interface IndicatorFilter {
  from: string;
  to: string;
  townshipCode?: string | undefined;
}

export const indicatorsApi = {
  report: (f: IndicatorFilter) => api.get<TIndicatorReport>(`/api/employment/indicators${query({ ...f })}`),
  exportXlsx: (f: IndicatorFilter) =>
    download(`/api/employment/indicators.xlsx${query({ ...f })}`, `就业指标-${f.from}至${f.to}.xlsx`),
  entries: (from: string, to: string) =>
    api.get<TIndicatorEntryList>(`/api/employment/indicators/entries${query({ from, to })}`),
  enter: (body: TIndicatorEntryRequest) =>
    api.post<TIndicatorEntry>('/api/employment/indicators/entries', body),
};

/** Basis points → "5.20%" (or "—"). */
export const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(2)}%`);
