import { z } from 'zod';

/** A background job as people see it: what it is, how far it got, how it ended. */
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const ZJobStatus = z.enum(jobStatuses);
export type TJobStatus = z.infer<typeof ZJobStatus>;

export const jobStatusLabels: Record<TJobStatus, string> = {
  queued: '排队中',
  running: '进行中',
  succeeded: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

export const ZJob = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: ZJobStatus,
  progressDone: z.number().int(),
  progressTotal: z.number().int().nullable(),
  /** Kind-specific summary once finished (an import: counts of rows imported and rejected). */
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TJob = z.infer<typeof ZJob>;

export const ZJobParams = z.object({ id: z.uuid() });
export const ZJobList = z.object({ items: z.array(ZJob) });
export type TJobList = z.infer<typeof ZJobList>;
