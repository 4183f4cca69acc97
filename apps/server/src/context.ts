import type { Database, PiiCrypto } from '@qiaoti/db';
import type { Config } from './config.ts';

/** What every module needs, built once at start and handed to buildApp; tests pass their own. */
export interface AppContext {
  readonly config: Config;
  readonly database: Database;
  readonly pii: PiiCrypto;
  /** The time now; tests pass a fake clock for lockouts and timeouts. */
  readonly clock: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (health, login, docs). */
    public?: boolean;
  }
}
