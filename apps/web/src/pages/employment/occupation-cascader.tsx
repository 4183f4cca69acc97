import { type Occupation, occupationByCode, occupations } from '@qiaoti/contracts';
import { Cascader } from 'antd';
import { useMemo } from 'react';

interface Option {
  value: string;
  label: string;
  children?: Option[];
  disabled?: boolean;
}

function tree(): Option[] {
  const byParent = new Map<string | null, Occupation[]>();
  for (const o of occupations) {
    const list = byParent.get(o.parent) ?? [];
    list.push(o);
    byParent.set(o.parent, list);
  }
  const build = (parent: string | null): Option[] =>
    (byParent.get(parent) ?? []).map((o) => {
      const children = build(o.code);
      return o.level === '细类'
        ? { value: o.code, label: `${o.name}（${o.code}）` }
        : { value: o.code, label: o.name, children, disabled: children.length === 0 };
    });
  return build(null);
}

/** The path of codes from the 大类 down to a 细类 (what the Cascader holds). */
function pathOf(code: string): string[] {
  const out: string[] = [];
  for (let o = occupationByCode(code); o; o = o.parent ? occupationByCode(o.parent) : undefined)
    out.unshift(o.code);
  return out;
}

/**
 * 职业分类大典（2022）picker: 大类 → 中类 → 小类 → 细类, searchable by name. Only a 细类 can be chosen; the value
 * is its `D-DD-DD-DD` code.
 */
export function OccupationCascader({
  value,
  onChange,
  id,
  placeholder = '选择或搜索职业（职业分类大典）',
}: {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  id?: string;
  placeholder?: string;
}) {
  const options = useMemo(tree, []);
  return (
    <Cascader<Option>
      id={id}
      style={{ width: '100%' }}
      options={options}
      placeholder={placeholder}
      showSearch={{
        filter: (input, path) => path.some((o) => String(o.label).includes(input.trim())),
      }}
      value={value ? pathOf(value) : undefined}
      onChange={(v) => onChange?.(Array.isArray(v) ? (v.at(-1) as string | undefined) : undefined)}
    />
  );
}
