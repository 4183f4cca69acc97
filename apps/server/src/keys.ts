import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.ts';

/**
 * The master key: from QIAOTI_KEY, or — outside production only — generated once into the data folder
 * (mode 0600) so the embedded default just works. Losing that file makes encrypted fields unreadable.
 */
export function resolveMasterKey(config: Config): string {
  if (config.masterKeyHex) return config.masterKeyHex.toLowerCase();
  if (config.env === 'production') throw new Error('配置错误：生产环境必须设置加密主密钥 QIAOTI_KEY');
  const file = resolve(config.dataDir, 'master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
