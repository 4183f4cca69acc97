import { loadConfig } from '../config.ts';
import { openPlatform } from '../platform.ts';

export interface CliCommand {
  summary: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

const migrate: CliCommand = {
  summary: '迁移数据库到最新版本并写入区划、部门等基础数据',
  async run() {
    const ctx = await openPlatform(loadConfig());
    await ctx.database.close();
    process.stdout.write('数据库已迁移到最新版本。\n');
    return 0;
  },
};

/** One line per command; each command's code lives in its own file under cli/. */
export const commands: Record<string, CliCommand> = {
  migrate,
  admin: (await import('./admin.ts')).admin,
  audit: (await import('./audit.ts')).audit,
  totp: (await import('./totp.ts')).totp,
  generate: (await import('./generate.ts')).generate,
  import: (await import('./import.ts')).importCommand,
  // ── more commands register here ──
  attachments: (await import('./attachments.ts')).attachmentsCommand,
  archives: (await import('./archives.ts')).archives,
  'zero-employment': (await import('./zero-employment.ts')).zeroEmployment,
};
