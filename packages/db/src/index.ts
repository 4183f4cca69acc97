export * from './database.ts';
export * from './migrate.ts';
export * from './pii-crypto.ts';
export type * from './schema.ts';
export * from './scratch.ts';
export { testMasterKeyHex, testPii } from './testing.ts';
