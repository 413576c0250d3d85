import { afterEach, describe, expect, it } from 'vitest';
import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits } from 'discord.js';
import type { Interaction } from 'discord.js';
import { startStandIn } from '../support/stand-in.js';
import type { StandIn } from '../support/stand-in.js';
import { chatInput } from '../support/interactions.js';
import { readyClient } from './client.js';

let standIn: StandIn | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  await standIn?.close();
  client = undefined;
  standIn = undefined;
});

describe('the stand-in with the real discord.js client', () => {
  it('lets the client log in, become ready and see its guild', async () => {
    standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
    const ready = await readyClient(standIn);
    client = ready;
    expect(ready.user.id).toBe(standIn.botUser.id);
    expect(ready.application.id).toBe(standIn.applicationId);
    expect(ready.guilds.cache.get(standIn.guildId)?.name).toBe('Stand-in Guild 1');
    expect(standIn.captured.map((r) => r.route)).toContain('GET /gateway/bot');
    expect(standIn.gateway.identifies[0]).toMatchObject({ shard: [0, 1], token: '[checked]' });
  });

  it('works with no guilds at all: READY lists none, interactions still arrive from an uncached guild', async () => {
    standIn = await startStandIn({ heartbeatIntervalMs: 1_000, guilds: [] });
    const ready = await readyClient(standIn);
    client = ready;
    expect(ready.guilds.cache.size).toBe(0);
    const seen = new Promise<string | null>((resolve) =>
      ready.once(Events.InteractionCreate, (i) => resolve(i.guildId)),
    );
    await standIn.sendInteraction(chatInput('ask', { question: 'q' }));
    expect(await seen).toBe(standIn.guildId);
  });

  it('answers a wrong token with 401 so login() rejects with TokenInvalid', async () => {
    standIn = await startStandIn();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl } });
    await expect(client.login('not.the.token')).rejects.toMatchObject({ code: DiscordjsErrorCodes.TokenInvalid });
    expect(standIn.captured.at(-1)).toMatchObject({ route: 'GET /gateway/bot', status: 401 });
  });

  it('delivers INTERACTION_CREATE and captures the reply at the callback route', async () => {
    standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
    client = await readyClient(standIn);
    const seen: Interaction[] = [];
    const failures: unknown[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) {
        interaction
          .reply({
            content: `you asked: ${interaction.options.getString('question', true)}`,
            allowedMentions: { parse: [] },
          })
          .catch((error: unknown) => failures.push(error));
      }
    });
    const handle = await standIn.sendInteraction(chatInput('ask', { question: 'why Rome?' }));
    const callback = await handle.response();
    expect(callback.status).toBe(204);
    expect(callback.headers.authorization).toBeUndefined();
    expect(callback.body).toEqual({
      type: 4,
      data: expect.objectContaining({ content: 'you asked: why Rome?', allowed_mentions: { parse: [] } }),
    });
    expect(handle.original()).toMatchObject({ content: 'you asked: why Rome?', author: { id: standIn.botUser.id } });
    expect(seen[0]?.guildId).toBe(standIn.guildId);
    expect(failures).toEqual([]);
  });
});
