/**
 * `npm start` and `npm run deploy-commands` as an admin meets them: a missing or bad setting is
 * one line naming it (no stack trace) and a non-zero exit; the dry run needs no token.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789';
// Run from an empty folder with only these variables, so neither a developer's .env nor their
// shell can supply what the test leaves out.
const cleanEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra });

async function exec(script: string, args: string[], env: Record<string, string>) {
  try {
    const cwd = mkdtempSync(join(tmpdir(), 'parley-cwd-'));
    const { stdout, stderr } = await run(TSX, [join(ROOT, script), ...args], { env: cleanEnv(env), cwd, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm start', () => {
  it('says exactly what to set when the token is missing, and exits non-zero', async () => {
    const { code, stderr } = await exec('src/main.ts', [], {});
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'parley: DISCORD_TOKEN is not set: copy it from https://discord.com/developers/applications → your app → Bot → Reset Token, into .env',
    ]);
  });

  it('stops with one line when the corpus folder has no usable document', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-corpus-'));
    const { code, stderr } = await exec('src/main.ts', [], { DISCORD_TOKEN: TOKEN, CORPUS_DIR: empty, LOG_LEVEL: 'silent', INDEX_CACHE_DIR: 'none' });
    expect(code).toBe(1);
    const last = stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^parley: .*no usable document/i);
    expect(stderr).not.toMatch(/\n[\t ]+at /);
    expect(stderr).not.toContain(TOKEN);
  });
});

describe('npm run deploy-commands', () => {
  it('prints the commands it would register without a token (--dry-run)', async () => {
    const { code, stdout } = await exec('src/cli/deploy-commands.ts', ['--dry-run'], {});
    expect(code).toBe(0);
    const definitions = JSON.parse(stdout) as {
      name: string;
      type: number;
      integration_types: number[];
      contexts: number[];
      default_member_permissions?: string | number | null;
    }[];
    expect(definitions.map((d) => d.name).sort()).toEqual(['Find sources', 'about', 'ask', 'reload', 'section', 'sections']);
    // Owner-only: hidden from everyone but admins in a server, and re-checked by the bot itself.
    expect(definitions.find((d) => d.name === 'reload')?.default_member_permissions).toEqual(0);
    for (const d of definitions) {
      expect(d.integration_types).toEqual([0, 1]);
      expect(d.contexts).toEqual([0, 1, 2]);
    }
    expect(definitions.find((d) => d.name === 'Find sources')?.type).toBe(3);
  });

  it('names the missing variable when registering for real', async () => {
    const { code, stderr } = await exec('src/cli/deploy-commands.ts', [], { DISCORD_TOKEN: TOKEN });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^deploy-commands: DISCORD_CLIENT_ID is not set/);
  });
});
