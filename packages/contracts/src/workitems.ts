import { z } from 'zod';

/** One open work item of mine (DESIGN §4b): what it is, where it stands, when it is due, where to handle it. */
export const ZMyWorkItem = z.object({
  id: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  title: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  /** Mine by name, or my organisation's. */
  assignedTo: z.enum(['me', 'organisation']),
  ownerName: z.string().nullable(),
  /** The console page where it is handled, when its domain says. */
  link: z.string().nullable(),
});
export type TMyWorkItem = z.infer<typeof ZMyWorkItem>;

export const ZMyWorkItemList = z.object({
  items: z.array(ZMyWorkItem),
  overdue: z.number().int(),
  /** True when there were more open items than listed. */
  truncated: z.boolean(),
});
export type TMyWorkItemList = z.infer<typeof ZMyWorkItemList>;
