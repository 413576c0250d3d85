/**
 * `npm run deploy-commands` as an admin runs it, against the stand-in (which validates command
 * JSON as Discord does: names, descriptions, option counts, the OpenAPI schema): to the guild
 * when DISCORD_GUILD_ID is set, else globally; `--dry-run` without a token.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_IDS } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { botEnv, describeRejected, root } from './harness.js';

interface Registered {
  name: string;
  type?: number;
  description?: string;
  integration_types?: number[];
  contexts?: number[];
  options?: { name: string; autocomplete?: boolean }[];
}

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn();
});

afterAll(async () => {
  await (standIn as StandIn | undefined)?.close();
});

async function deploy(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'deploy-commands', ...(args.length ? ['--', ...args] : [])], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: botEnv(standIn, env),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const EXPECTED = ['ask', 'sections', 'section', 'about', 'Find sources'];

function expectParleyCommands(commands: readonly Registered[]): void {
  const names = commands.map((c) => c.name);
  for (const name of EXPECTED) expect(names).toContain(name);
  // Only an owner-only /reload may come on top of these.
  expect(names.filter((n) => !EXPECTED.includes(n)).every((n) => n === 'reload')).toBe(true);
  for (const command of commands) {
    // Guild and user installs; usable in servers, the bot's DM and private channels.
    expect(command.integration_types, command.name).toEqual([0, 1]);
    expect([...(command.contexts ?? [])].sort(), command.name).toEqual([0, 1, 2]);
  }
  expect(commands.find((c) => c.name === 'Find sources')?.type).toBe(3); // a message command
  const ask = commands.find((c) => c.name === 'ask');
  expect(ask?.type ?? 1).toBe(1);
  expect(ask?.options?.map((o) => o.name)).toEqual(['question', 'results', 'private', 'for']);
  expect(ask?.options?.[0]?.autocomplete).toBe(true);
  expect(commands.find((c) => c.name === 'section')?.options?.[0]?.autocomplete).toBe(true);
}

type Run = Awaited<ReturnType<typeof deploy>>;

describe('npm run deploy-commands', () => {
  let guild: Run;
  let global: Run;
  let dryRun: Run;
  let refused: Run;
  let requestsBeforeDryRun: number;
  const wrong = `${Buffer.from(STAND_IN_IDS.applicationId).toString('base64url')}.AAAAAA.${'y'.repeat(38)}`;

  // The runs are independent (guild, global, dry run, refused token): start them together.
  beforeAll(async () => {
    requestsBeforeDryRun = standIn.captured.length;
    [guild, global, dryRun, refused] = await Promise.all([
      deploy({ DISCORD_GUILD_ID: standIn.guildId }),
      deploy({ DISCORD_GUILD_ID: '' }),
      deploy({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '' }, ['--dry-run']),
      deploy({ DISCORD_TOKEN: wrong, DISCORD_GUILD_ID: standIn.guildId }),
    ]);
  }, 60_000);

  it('registers every command in the guild named by DISCORD_GUILD_ID, in one bulk PUT', () => {
    expect(guild.code, guild.stderr).toBe(0);
    const guildPath = `/applications/${standIn.applicationId}/guilds/${standIn.guildId}/commands`;
    const puts = standIn.captured.filter((r) => r.method === 'PUT' && r.path === guildPath && r.status === 200);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.headers.authorization).toBe('Bot [token]'); // the stand-in's mark for the right token
    const registered = standIn.commands(standIn.guildId) as unknown as Registered[];
    expectParleyCommands(registered);
    expect(guild.stdout).toMatch(new RegExp(`Registered ${registered.length} commands for guild ${standIn.guildId}`));
    for (const name of EXPECTED) expect(guild.stdout).toContain(name);
    expect(guild.stdout + guild.stderr).not.toContain(standIn.token);
  });

  it('registers globally without DISCORD_GUILD_ID', () => {
    expect(global.code, global.stderr).toBe(0);
    const globalPuts = standIn.captured.filter(
      (r) => r.method === 'PUT' && r.path === `/applications/${standIn.applicationId}/commands`,
    );
    expect(globalPuts).toHaveLength(1);
    expectParleyCommands(standIn.commands() as unknown as Registered[]);
    expect(global.stdout).toMatch(/global/);
  });

  it('prints, with --dry-run and no token, the JSON it would register, sending nothing', () => {
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const printed = JSON.parse(dryRun.stdout) as Registered[];
    expect(printed.map((c) => c.name)).toEqual((standIn.commands() as unknown as Registered[]).map((c) => c.name));
    expectParleyCommands(printed);
    // Three runs sent one PUT each; the dry run none.
    expect(standIn.captured.slice(requestsBeforeDryRun).filter((r) => r.method === 'PUT')).toHaveLength(3);
  });

  it('stops with one line when Discord refuses the token, never printing it', () => {
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/DISCORD_TOKEN/);
    expect(refused.stdout + refused.stderr).not.toContain(wrong);
  });

  it('replaces rather than adds when run again', async () => {
    const count = standIn.commands().length;
    const again = await deploy({ DISCORD_GUILD_ID: '' });
    expect(again.code, again.stderr).toBe(0);
    expect(standIn.commands()).toHaveLength(count);
  });

  it('sent only command JSON the stand-in accepted (names, descriptions, options within Discord limits)', () => {
    const sent = standIn.captured.filter((r) => r.method === 'PUT');
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(
      sent.filter((r) => r.status >= 400 && r.status !== 401),
      describeRejected(sent),
    ).toEqual([]);
  });
});
