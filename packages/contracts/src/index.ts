export * from './access.ts';
export * from './errors.ts';
export * from './standards.ts';
