import { genders, type TPersonSummary } from '@qiaoti/contracts';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';

/** The columns every list of persons shows: masked ID and phone, never the full values. */
export function personColumns(
  extra: TableColumnsType<TPersonSummary> = [],
): TableColumnsType<TPersonSummary> {
  return [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (name: string, p) => <Link to={`/registry/persons/${p.id}`}>{name}</Link>,
    },
    { title: '性别', dataIndex: 'gender', width: 60, render: (g: 'M' | 'F') => genders[g] ?? g },
    { title: '出生日期', dataIndex: 'birthDate', width: 110 },
    { title: '年龄', dataIndex: 'age', width: 60 },
    {
      title: '身份证号',
      dataIndex: 'idNumberMasked',
      width: 190,
      render: (v: string) => <span className="qt-mono">{v}</span>,
    },
    {
      title: '手机号',
      dataIndex: 'phoneMasked',
      width: 130,
      render: (v: string | null) => (v ? <span className="qt-mono">{v}</span> : '—'),
    },
    {
      title: '居住地',
      key: 'place',
      render: (_: unknown, p) => [p.townshipName, p.villageName].filter(Boolean).join(' / ') || '—',
    },
    ...extra,
  ];
}
