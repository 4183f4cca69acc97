import type { TLivelihoodResult, TLivelihoodSearch } from '@qiaoti/contracts';
import { api } from '../../../app/api.ts';

export const livelihoodApi = {
  /** POST: the ID number never goes in a URL. */
  search: (body: TLivelihoodSearch) => api.post<TLivelihoodResult>('/api/livelihood/search', body),
  mine: () => api.get<TLivelihoodResult>('/api/me/livelihood'),
};
