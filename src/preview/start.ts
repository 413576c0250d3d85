/**
 * Preview mode (`npm start` with no token and no PARLEY_MODE): the embedded Discord on
 * 127.0.0.1, the real bot connected to it through its real gateway adapter (discord.js — the same
 * code path as production), the commands registered the way `deploy-commands` registers them,
 * and the page on http://127.0.0.1:PREVIEW_PORT where you use the bot as members will.
 */
import path from 'node:path';
import { REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { allCommands } from '../../commands/index.js';
import type { Config } from '../config.js';
import { StartupError, type Parley } from '../main.js';
import { Channel } from './channel.js';
import { startEmbeddedDiscord } from './discord/server.js';
import { servePage } from './web.js';

/** What the admin sees first: where the page is, what it answers from, how to go live. */
export function previewLine(
  url: string,
  config: Pick<Config, 'corpusDir' | 'token'>,
  documents: number,
  passages: number,
): string {
  const relative = path.relative(process.cwd(), path.resolve(config.corpusDir));
  const folder = `${relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(config.corpusDir) : relative}/`;
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const lead = config.token ? 'Local preview' : 'No DISCORD_TOKEN: local preview';
  return `${lead} at ${url} — answers from ${folder} (${plural(documents, 'document')}, ${plural(passages, 'passage')}). To connect to Discord, see README → Connect to Discord.`;
}

/**
 * Starts the preview. `startBot` starts Parley in gateway mode with the config it is given (main's
 * `startParley`), so the preview runs exactly what production runs.
 *
 * @example
 * const parley = await startPreview(config, logger, (c) => startParley(c, logger));
 */
export async function startPreview(
  config: Config,
  logger: Logger,
  startBot: (config: Config) => Promise<Parley>,
): Promise<Parley> {
  const discord = await startEmbeddedDiscord({
    botName: 'Parley',
    guilds: [{ id: '1180000000000000400', name: 'Preview server' }],
  });
  const stops: (() => Promise<void>)[] = [() => discord.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => logger.warn({ err: error }, 'preview: stopping failed'));
  };
  try {
    // Registered on every start: the embedded Discord forgets everything when it stops.
    const rest = new REST({ version: '10', api: discord.apiUrl }).setToken(discord.token);
    await rest.put(Routes.applicationGuildCommands(discord.applicationId, discord.guildId), {
      body: allCommands.map((c) => c.definition),
    });

    const channel = new Channel(discord);
    const gatewayConfig = { ...config, mode: 'gateway' as const, apiUrl: discord.apiUrl };
    Object.defineProperty(gatewayConfig, 'token', { value: discord.token, enumerable: false });
    const bot = await startBot(Object.freeze(gatewayConfig));
    stops.push(() => bot.stop());

    let page;
    try {
      page = await servePage({
        port: config.previewPort,
        discord,
        channel,
        getSearcher: bot.getSearcher,
        corpusDir: config.corpusDir,
        logger,
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new StartupError(
          `port ${config.previewPort} is in use (another preview?): stop it, or set PREVIEW_PORT to a free port`,
        );
      }
      throw error;
    }
    stops.push(() => page.close());
    const corpus = bot.getSearcher().corpus;
    process.stdout.write(`${previewLine(page.url, config, corpus.documents.length, corpus.passages.length)}\n`);
    return { ...bot, config, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
