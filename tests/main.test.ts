/**
 * `npm start` and `npm run deploy-commands` as an admin meets them: a missing or bad setting is
 * one line naming it (no stack trace) and a non-zero exit; the dry run needs no token.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { freePort } from './support/free-port.js';
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
const cleanEnv = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  ...extra,
});

async function exec(script: string, args: string[], env: Record<string, string>, dotenv?: string) {
  try {
    const cwd = mkdtempSync(join(tmpdir(), 'parley-cwd-'));
    if (dotenv !== undefined) writeFileSync(join(cwd, '.env'), dotenv);
    const { stdout, stderr } = await run(TSX, [join(ROOT, script), ...args], {
      env: cleanEnv(env),
      cwd,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm start', () => {
  it('with PARLEY_MODE=gateway and no token, says exactly what to set (never a preview) and exits 1', async () => {
    const { code, stdout, stderr } = await exec('src/main.ts', [], { PARLEY_MODE: 'gateway' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'parley: DISCORD_TOKEN is not set: copy it from https://discord.com/developers/applications → your app → Bot → Reset Token, into .env (cp .env.example .env first; or leave PARLEY_MODE and the token unset for the local preview)',
    ]);
    expect(stdout).not.toContain('preview');
  });

  it('warns about a variable .env sets twice, naming the lines, before the error it causes', async () => {
    const dotenv = `DISCORD_TOKEN=${TOKEN}\nPARLEY_MODE=gateway\nCORPUS_DIR=corpus\nDISCORD_TOKEN=\n`;
    const { code, stderr } = await exec('src/main.ts', [], {}, dotenv);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe(
      'parley: warning: .env sets DISCORD_TOKEN on lines 1 and 4; line 4 (empty) wins — delete the other',
    );
    expect(lines[1]).toMatch(/^parley: DISCORD_TOKEN is not set/);
    expect(stderr).not.toContain(TOKEN);
  });

  it('says DISCORD_API_URL points at this machine when connecting there fails', async () => {
    const port = await freePort();
    const { code, stderr } = await exec('src/main.ts', [], {
      PARLEY_MODE: 'gateway',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
      LOG_LEVEL: 'silent',
      INDEX_CACHE_DIR: 'none',
      CORPUS_DIR: join(ROOT, 'corpus'),
    });
    expect(code).toBe(1);
    const last = stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(
      new RegExp(
        `^parley: Could not connect to Discord: .*DISCORD_API_URL is http://127\\.0\\.0\\.1:${port}/api, on this machine`,
      ),
    );
    expect(stderr).not.toContain(TOKEN);
  });

  it('stops with one line when the corpus folder has no usable document', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-corpus-'));
    const { code, stderr } = await exec('src/main.ts', [], {
      DISCORD_TOKEN: TOKEN,
      CORPUS_DIR: empty,
      LOG_LEVEL: 'silent',
      INDEX_CACHE_DIR: 'none',
    });
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
    expect(definitions.map((d) => d.name).sort()).toEqual([
      'Find sources',
      'about',
      'ask',
      'reload',
      'section',
      'sections',
    ]);
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
