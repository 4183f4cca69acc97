import type { TImportAccepted, TImportResult, TJob, TJobList } from '@qiaoti/contracts';
import { api, download } from '../../app/api.ts';

export const importsApi = {
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<TImportAccepted>('/api/imports', form);
  },
  job: (id: string) => api.get<TJob>(`/api/jobs/${encodeURIComponent(id)}`),
  jobs: () => api.get<TJobList>('/api/jobs'),
  downloadTemplate: () => download('/api/imports/template.xlsx', '人员导入模板.xlsx'),
  downloadErrors: (jobId: string) =>
    download(`/api/imports/${encodeURIComponent(jobId)}/errors.xlsx`, '导入错误明细.xlsx'),
};

/** A finished import's counts, when the job carries them. */
export function importResultOf(job: TJob): TImportResult | null {
  const r = job.result;
  if (!r || typeof r.rowsTotal !== 'number') return null;
  return r as unknown as TImportResult;
}
