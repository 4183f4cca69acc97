import { type Database, testPii } from '@qiaoti/db';
import { getTestDatabase } from '@qiaoti/db/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';

/** A clock tests can move: `clock.advance(31 * 60_000)`. */
export interface FakeClock {
  (): Date;
  set(at: Date): void;
  advance(ms: number): void;
}

export function fakeClock(start = new Date('2026-11-28T02:00:00Z')): FakeClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as FakeClock;
  clock.set = (at) => {
    now = at.getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FakeClock;
}

/** buildApp on the process's shared test database, with a fake clock. */
export async function buildTestApp(
  options: { database?: Database; clock?: FakeClock } = {},
): Promise<TestApp> {
  const database = options.database ?? (await getTestDatabase());
  const clock = options.clock ?? fakeClock(new Date());
  const config = loadConfig({ NODE_ENV: 'test', QIAOTI_DEMO: '0', LOG_LEVEL: 'silent' });
  const ctx: AppContext = { config, database, pii: testPii, clock };
  const app = await buildApp(ctx);
  await app.ready();
  return { app, ctx, clock };
}
