import type { TOrganisation } from '@qiaoti/contracts';
import { Empty, Select, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { employmentApi } from './employment.api.ts';

/** How long typing must pause before the search is sent. */
export const EMPLOYER_SEARCH_DEBOUNCE_MS = 300;

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/i;

/** What the search box sends: a full 统一社会信用代码 in upper case, otherwise the trimmed name part. */
export function employerQuery(input: string): string {
  const q = input.trim();
  return USCC.test(q) ? q.toUpperCase() : q;
}

export const employerLabel = (o: Pick<TOrganisation, 'name' | 'uscc'>): string =>
  o.uscc ? `${o.name}（${o.uscc}）` : o.name;

/**
 * 用人单位 remote search select: searches the registry's organisations by part of the name or a full
 * 统一社会信用代码 (`GET /api/organisations?kind=employer&q=` — the code is not personal data), debounced, newest
 * answer wins, with a Chinese empty state. Works as a Form.Item control (value/onChange = organisation id).
 */
export function EmployerSelect({
  value,
  onChange,
  placeholder = '输入单位名称或统一社会信用代码搜索',
  style,
  allowClear,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
}) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<TOrganisation[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selected = useRef<Map<string, string>>(new Map());
  const seq = useRef(0);

  useEffect(() => {
    const q = employerQuery(text);
    const mine = ++seq.current;
    setLoading(true);
    const timer = setTimeout(
      () => {
        employmentApi
          .searchEmployers(q, 20)
          .then((r) => {
            if (mine !== seq.current) return;
            setOptions(r.organisations);
            setTruncated(r.truncated);
            setError(null);
          })
          .catch((e: unknown) => {
            if (mine !== seq.current) return;
            setOptions([]);
            setError(errorMessage(e));
          })
          .finally(() => {
            if (mine === seq.current) setLoading(false);
          });
      },
      q ? EMPLOYER_SEARCH_DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [text]);

  for (const o of options) selected.current.set(o.id, employerLabel(o));
  const list = options.map((o) => ({ value: o.id, label: employerLabel(o) }));
  // The chosen employer keeps its label when a later search no longer lists it.
  if (value && !options.some((o) => o.id === value)) {
    list.unshift({ value, label: selected.current.get(value) ?? '已选单位' });
  }

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      onClear={() => setText('')}
      allowClear={allowClear}
      placeholder={placeholder}
      style={style}
      options={list}
      loading={loading}
      data-testid="employer-select"
      notFoundContent={
        loading ? (
          <Spin size="small" />
        ) : error ? (
          <Typography.Text type="danger">{error}</Typography.Text>
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={text.trim() ? `没有找到“${text.trim()}”相关的用人单位` : '暂无用人单位'}
          />
        )
      }
      popupRender={(menu) => (
        <>
          {menu}
          {truncated ? (
            <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 12px', fontSize: 12 }}>
              仅显示前 20 个，请输入更完整的名称或统一社会信用代码
            </Typography.Text>
          ) : null}
        </>
      )}
    />
  );
}
