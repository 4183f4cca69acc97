import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { countyCode, registryApi } from './registry.api.ts';

interface Option {
  value: string;
  label: string;
  isLeaf?: boolean;
  children?: Option[];
  loading?: boolean;
}

/**
 * 乡镇（街道）→ 村（社区） picker fed by /api/places. Its value is the 12-digit village code (what forms send);
 * the township is looked up from the code's first 9 digits when a value is set from outside.
 */
export function VillageCascader({
  value,
  onChange,
  placeholder = '选择乡镇（街道）/ 村（社区）',
  id,
  allowClear = true,
  style,
}: {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    registryApi
      .places(countyCode)
      .then((r) => {
        if (live) setOptions(r.places.map((p) => ({ value: p.code, label: p.name, isLeaf: false })));
      })
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);

  // A value set from outside (edit form): load its township's villages so the label shows.
  const township = value && value.length === 12 ? value.slice(0, 9) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: loadVillages only sets state; runs per township as options arrive
  useEffect(() => {
    if (!township) return;
    const node = options.find((o) => o.value === township);
    if (!node || node.children || node.loading) return;
    void loadVillages(township);
  }, [township, options]);

  async function loadVillages(townshipCode: string) {
    setOptions((prev) => prev.map((o) => (o.value === townshipCode ? { ...o, loading: true } : o)));
    try {
      const r = await registryApi.places(townshipCode);
      const children = r.places.map((p) => ({ value: p.code, label: p.name, isLeaf: true }));
      setOptions((prev) =>
        prev.map((o) => (o.value === townshipCode ? { ...o, loading: false, children } : o)),
      );
    } catch (e) {
      setError(errorMessage(e));
      setOptions((prev) => prev.map((o) => (o.value === townshipCode ? { ...o, loading: false } : o)));
    }
  }

  return (
    <Cascader<Option>
      id={id}
      style={{ width: '100%', ...style }}
      options={options}
      placeholder={error ? `行政区划加载失败：${error}` : placeholder}
      status={error ? 'error' : undefined}
      allowClear={allowClear}
      showSearch={{ filter: (input, path) => path.some((o) => o.label.includes(input)) }}
      loadData={(selected) => {
        const last = selected[selected.length - 1];
        if (last && !last.children) void loadVillages(last.value);
      }}
      value={value && township ? [township, value] : undefined}
      onChange={(v) => {
        const codes = (v ?? []) as string[];
        onChange?.(codes.length === 2 ? codes[1] : undefined);
      }}
      changeOnSelect={false}
      data-testid="village-cascader"
    />
  );
}
