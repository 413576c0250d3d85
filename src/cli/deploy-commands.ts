/**
 * `npm run deploy-commands [-- --dry-run]`: registers every command in bulk (one PUT) — in
 * DISCORD_GUILD_ID when set (instant, for testing), else globally. `--dry-run` prints the JSON it
 * would send and needs no token. Never run on start-up: registering is rate-limited and rarely
 * needed (only when a definition changes).
 */
import { REST } from 'discord.js';
import { ApplicationCommandType, Routes } from 'discord-api-types/v10';
import type { RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10';
import { allCommands } from '../../commands/index.js';
import { loadConfig } from '../config.js';

export const commandDefinitions = () => allCommands.map((command) => command.definition);

const USAGE = `Usage: npm run deploy-commands [-- --dry-run]
Registers Parley's commands with Discord in one request: in DISCORD_GUILD_ID when set (instant),
else globally (may take up to an hour to appear). Needs DISCORD_TOKEN and DISCORD_CLIENT_ID in .env.
  --dry-run   print the JSON it would send; needs no token, registers nothing
  --help      this text`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.find((a) => a !== '--dry-run');
  if (unknown !== undefined) {
    process.stderr.write(`deploy-commands: unknown option ${unknown}\n${USAGE}\n`);
    return 2;
  }
  const dryRun = argv.includes('--dry-run');
  const definitions = commandDefinitions();
  const result = loadConfig(dryRun ? 'deploy-dry-run' : 'deploy');
  for (const warning of result.warnings ?? []) process.stderr.write(`deploy-commands: warning: ${warning}\n`);
  if (!result.ok) {
    process.stderr.write(`deploy-commands: ${result.error}\n`);
    return 1;
  }
  const { config } = result;
  const target = config.guildId
    ? `guild ${config.guildId}`
    : 'every server and DM (global; may take up to an hour to appear)';
  if (dryRun) {
    process.stdout.write(`${JSON.stringify(definitions, null, 2)}\n`);
    process.stderr.write(`deploy-commands: dry run — would register ${definitions.length} commands for ${target}\n`);
    return 0;
  }
  const rest = new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(
    config.token ?? '',
  );
  const clientId = config.clientId ?? '';
  const route = config.guildId
    ? Routes.applicationGuildCommands(clientId, config.guildId)
    : Routes.applicationCommands(clientId);
  try {
    const registered = (await rest.put(route, { body: definitions })) as RESTPutAPIApplicationCommandsResult;
    process.stdout.write(`Registered ${registered.length} commands for ${target}:\n`);
    for (const command of registered) {
      const kind =
        command.type === ApplicationCommandType.Message
          ? 'message command'
          : command.type === ApplicationCommandType.User
            ? 'user command'
            : 'slash command';
      process.stdout.write(
        `  ${command.type === ApplicationCommandType.ChatInput ? '/' : ''}${command.name}  (${kind}, id ${command.id})\n`,
      );
    }
    return 0;
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 401
        ? 'Discord refused DISCORD_TOKEN: copy a fresh one from https://discord.com/developers/applications → your app → Bot → Reset Token'
        : status === 403 || status === 404
          ? 'check DISCORD_CLIENT_ID (the Application ID) and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope'
          : (error as Error).message;
    process.stderr.write(`deploy-commands: registering failed: ${hint}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
