import type { FormInstance } from 'antd';
import { ApiError } from './api.ts';

/**
 * Puts the server's field issues (`details.issues[].path`) onto the form's fields; returns the message for
 * whatever could not be placed on a field (or the error's own message when there were no field issues).
 */
export function applyServerIssues(form: FormInstance, e: unknown, known: readonly string[]): string | null {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : '保存失败';
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const issue of e.issues) {
    const name = issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (issue.path && known.includes(String(name[0]))) fields.push({ name, errors: [issue.message] });
    else rest.push(issue.message);
  }
  if (fields.length) form.setFields(fields);
  if (rest.length) return rest.join('；');
  return fields.length ? null : e.message;
}
