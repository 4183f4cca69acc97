import { resolve } from 'node:path';
import { z } from 'zod';

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** 64 hex characters: the master key from which the SM4 and HMAC-SM3 keys are derived. */
  QIAOTI_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'QIAOTI_KEY 须为 64 位十六进制字符')
    .optional(),
  /** Seed demo accounts and a demo population. Default on, except in production where it is refused. */
  QIAOTI_DEMO: z.enum(['0', '1']).optional(),
  /** Set when a TLS-terminating proxy is in front: cookies become Secure and __Host- prefixed. */
  QIAOTI_TLS: z.enum(['0', '1']).optional(),
  TRUST_PROXY: z.enum(['0', '1']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where attachments (scans, documents) are stored, content-addressed; default `<DATA_DIR>/attachments`. */
  QIAOTI_ATTACHMENTS_DIR: z.string().optional(),
  /** Largest accepted attachment, in MiB (default 20). */
  QIAOTI_ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(1024).default(20),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly masterKeyHex: string | undefined;
  readonly demo: boolean;
  readonly tls: boolean;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly attachments: { readonly root: string; readonly maxBytes: number };
  readonly session: { readonly idleMs: number; readonly absoluteMs: number };
  readonly login: { readonly maxFailures: number; readonly lockMs: number; readonly perIpPerMinute: number };
}

/** Reads the environment once, fails fast with a Chinese message; nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.QIAOTI_DEMO === '1')
    throw new Error('配置错误：生产环境不能开启演示数据（QIAOTI_DEMO=1）');
  if (production && !e.DATABASE_URL)
    throw new Error('配置错误：生产环境必须设置 DATABASE_URL（PostgreSQL 服务器）');
  if (production && !e.QIAOTI_KEY) throw new Error('配置错误：生产环境必须设置加密主密钥 QIAOTI_KEY');
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    masterKeyHex: e.QIAOTI_KEY,
    demo: production ? false : e.QIAOTI_DEMO !== '0',
    tls: e.QIAOTI_TLS === '1' || production,
    trustProxy: e.TRUST_PROXY === '1',
    logLevel: e.LOG_LEVEL,
    attachments: Object.freeze({
      root: resolve(e.QIAOTI_ATTACHMENTS_DIR ?? resolve(e.DATA_DIR, 'attachments')),
      maxBytes: e.QIAOTI_ATTACHMENT_MAX_MB * 1024 * 1024,
    }),
    session: Object.freeze({ idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 }),
    login: Object.freeze({ maxFailures: 5, lockMs: 30 * 60_000, perIpPerMinute: 20 }),
  });
}
