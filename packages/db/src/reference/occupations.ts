import occupations from './occupations-2022.json' with { type: 'json' };

/** 职业分类大典 (2022) rows we carry: 大类 'D', 中类 'D-DD', 小类 'D-DD-DD', 细类 'D-DD-DD-DD'. */
export interface OccupationRow {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

const byCode = new Map<string, OccupationRow>(
  (occupations.rows as OccupationRow[]).map((r) => [
    r.code,
    { code: r.code, name: r.name, level: r.level, parent: r.parent },
  ]),
);

/** The occupation (细类) or group with this code, or undefined for a code we do not know. */
export function findOccupation(code: string): OccupationRow | undefined {
  return byCode.get(code);
}
