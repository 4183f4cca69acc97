// `npm run cli -- <command> [options]`: the platform's command line. Each command lives in cli/<name>.ts.
import { commands } from './cli/commands.ts';

const [name = 'help', ...args] = process.argv.slice(2);
const command = commands[name];
if (!command || name === 'help') {
  process.stdout.write('用法：npm run cli -- <命令> [选项]\n\n');
  for (const [n, c] of Object.entries(commands)) process.stdout.write(`  ${n.padEnd(16)}${c.summary}\n`);
  process.exit(command || name === 'help' ? 0 : 2);
}
try {
  const code = await command.run(args);
  process.exit(code);
} catch (error) {
  process.stderr.write(`错误：${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
