import type { DB } from '@qiaoti/db';
import type { Kysely } from 'kysely';

/**
 * Work item types: each domain declares its own (states, the allowed moves, which states close the item) once, at
 * module load; the generic service enforces them. Example:
 *
 *   export const assistanceCase = defineWorkItemType({
 *     type: 'employment.assistance_case', label: '就业援助个案', initial: 'open',
 *     states: { open: '进行中', closed: '已结案' },
 *     transitions: { open: ['closed'] }, closedStates: ['closed'],
 *   });
 */
export interface WorkItemType<S extends string = string> {
  readonly type: string;
  readonly label: string;
  readonly initial: S;
  /** State → its Chinese label. */
  readonly states: Readonly<Record<S, string>>;
  /** From → the states it may move to. */
  readonly transitions: Readonly<Partial<Record<S, readonly S[]>>>;
  /** States in which the item is finished (no longer in any queue, never overdue). */
  readonly closedStates: readonly S[];
}

const registry = new Map<string, WorkItemType>();

export function defineWorkItemType<S extends string>(def: WorkItemType<S>): WorkItemType<S> {
  const existing = registry.get(def.type);
  if (existing && existing !== def) throw new Error(`工作事项类型重复定义：${def.type}`);
  for (const [from, tos] of Object.entries(def.transitions) as [S, readonly S[]][]) {
    for (const to of [from, ...tos]) {
      if (!(to in def.states)) throw new Error(`工作事项类型 ${def.type} 的状态 ${to} 未声明`);
    }
  }
  registry.set(def.type, def as WorkItemType);
  return def;
}

export function workItemType(type: string): WorkItemType | undefined {
  return registry.get(type);
}

export function workItemTypes(): WorkItemType[] {
  return [...registry.values()];
}

/**
 * Where a domain's work items are handled in the console: given items of its type, their page paths (a lookup
 * may read the domain's tables, e.g. the case behind a plan step). Registered by the domain next to its type.
 */
export type WorkItemLinks = (
  db: Kysely<DB>,
  items: readonly { id: string; parentId: string | null; subjectType: string; subjectId: string }[],
) => Promise<ReadonlyMap<string, string>>;

const links = new Map<string, WorkItemLinks>();

export function defineWorkItemLinks(type: string, resolve: WorkItemLinks): void {
  links.set(type, resolve);
}

export function workItemLinks(type: string): WorkItemLinks | undefined {
  return links.get(type);
}

/** A generic task: open → done or cancelled. For plan steps and one-off tasks that need no states of their own. */
export const genericTask = defineWorkItemType({
  type: 'task',
  label: '任务',
  initial: 'open',
  states: { open: '待办', done: '已完成', cancelled: '已取消' },
  transitions: { open: ['done', 'cancelled'] },
  closedStates: ['done', 'cancelled'],
});
