/**
 * Every command-line entry answers --help with its usage and exit code 0, and does nothing else:
 * deploy-commands registers nothing even with a filled .env, bench measures nothing, bench:http
 * starts no server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startStandIn } from '../support/stand-in.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

const ENTRIES: [string, string][] = [
  ['start', 'src/main.ts'],
  ['deploy-commands', 'src/cli/deploy-commands.ts'],
  ['ask', 'src/cli/ask.ts'],
  ['validate-corpus', 'src/cli/validate-corpus.ts'],
  ['bench', 'bench/bench.ts'],
  ['bench:http', 'bench/http-load.ts'],
  ['eval', 'eval/eval.ts'],
  ['dev:stand-in', 'tests/support/run-stand-in.ts'],
  ['screenshot', 'tests/browser/screenshot.ts'],
];

describe('--help', () => {
  it.each(ENTRIES)('npm run %s -- --help prints its usage and exits 0', async (name, script) => {
    const cwd = mkdtempSync(join(tmpdir(), 'parley-help-'));
    const { stdout, stderr } = await run(TSX, [join(ROOT, script), '--help'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^usage: /i);
    expect(stdout).toContain(name.split(':')[0]);
    // No stack trace: its frames are indented "at" lines.
    expect(stderr).not.toContain('    at ');
  });

  it('deploy-commands --help registers nothing, even with a complete .env', async () => {
    const standIn = await startStandIn({ warmUp: false });
    try {
      const cwd = mkdtempSync(join(tmpdir(), 'parley-help-'));
      writeFileSync(
        join(cwd, '.env'),
        `DISCORD_TOKEN=${standIn.token}\nDISCORD_CLIENT_ID=${standIn.applicationId}\nDISCORD_GUILD_ID=${standIn.guildId}\nDISCORD_API_URL=${standIn.apiUrl}\n`,
      );
      const { stdout } = await run(TSX, [join(ROOT, 'src/cli/deploy-commands.ts'), '--help'], {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        timeout: 60_000,
      });
      expect(stdout).toMatch(/^Usage: npm run deploy-commands/);
      expect(standIn.captured).toEqual([]);
      expect(standIn.commands(standIn.guildId)).toEqual([]);
    } finally {
      await standIn.close();
    }
  });
});
