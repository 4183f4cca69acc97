export { DEFAULT_AS_OF, generateCounty } from './county.ts';
export { employerCount, generateEmployers } from './employers.ts';
export type * from './model.ts';
export { createRng, type Rng, seedToUint32 } from './prng.ts';
export {
  isSyntheticIdNumber,
  isSyntheticPhone,
  isSyntheticUscc,
  SYNTHETIC_ID_PREFIX,
  syntheticIdNumber,
  syntheticPhone,
  syntheticUscc,
} from './synthetic-ids.ts';
export { type Village, villageByCode, villages } from './villages.ts';
export { type WriteCountyOptions, type WriteProgress, writeCounty } from './writer.ts';
