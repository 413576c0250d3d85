import { assert, afterEach, describe, expect, it } from 'vitest';
import { Events } from 'discord.js';
import type { Client, Interaction } from 'discord.js';
import { startStandIn } from '../support/stand-in.js';
import type { StandIn } from '../support/stand-in.js';
import { chatInput } from '../support/interactions.js';
import { shardOf } from '../support/snowflake.js';
import { readyClient } from './client.js';

let standIn: StandIn | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  await standIn?.close();
  client = undefined;
  standIn = undefined;
});

/** Replies to every chat-input command and records what arrived. */
function replyToAll(c: Client): Interaction[] {
  const seen: Interaction[] = [];
  c.on(Events.InteractionCreate, (interaction) => {
    seen.push(interaction);
    if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok' });
  });
  return seen;
}

describe('gateway drops', () => {
  it.each(['resume', 'terminate', 'reconnect', 'silence'] as const)(
    'resumes after a %s drop and answers the next interaction',
    async (mode) => {
      standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
      client = await readyClient(standIn);
      const seen = replyToAll(client);
      const sessionBefore = standIn.gateway.shards.get(0)?.id;

      const [back] = await standIn.dropGateway(0, mode);
      expect(back?.how).toBe('resumed');
      expect(standIn.gateway.shards.get(0)?.id).toBe(sessionBefore);

      const handle = await standIn.sendInteraction(chatInput('ask', { question: 'after the drop' }));
      expect((await handle.response()).status).toBe(204);
      expect(seen).toHaveLength(1);
    },
  );

  // discord.js waits out its own 5 s identify window before the second IDENTIFY.
  it(
    'makes the client identify again when the session is invalidated, holding what was sent in the gap',
    { timeout: 15_000 },
    async () => {
      standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
      client = await readyClient(standIn);
      const seen = replyToAll(client);
      const sessionBefore = standIn.gateway.shards.get(0)?.id;

      const back = standIn.dropGateway(0, 'invalidate');
      const handle = await standIn.sendInteraction(chatInput('ask', { question: 'during the gap' }));
      expect((await back)[0]?.how).toBe('identified');
      expect(standIn.gateway.shards.get(0)?.id).not.toBe(sessionBefore);
      expect(standIn.gateway.identifies).toHaveLength(2);
      expect((await handle.response()).status).toBe(204);
      expect(seen.map((i) => i.id)).toEqual([handle.id]);
    },
  );

  it('replays an interaction dispatched while the connection was down', async () => {
    standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
    client = await readyClient(standIn);
    const seen = replyToAll(client);
    const closed = new Promise((resolve) => standIn?.gateway.once('close', resolve));
    const back = standIn.dropGateway(0, 'terminate');
    await closed;
    const handle = await standIn.sendInteraction(chatInput('ask', { question: 'sent during the drop' }));
    await back;
    expect((await handle.response()).status).toBe(204);
    expect(seen.map((i) => i.id)).toEqual([handle.id]);
  });
});

describe('sharding', () => {
  it('has both shards identify and routes each guild to its shard by (guild_id >> 22) % 2', async () => {
    standIn = await startStandIn({ shards: 2, heartbeatIntervalMs: 1_000 });
    // 'auto' takes the count from GET /gateway/bot; discord.js' default is a single shard.
    client = await readyClient(standIn, { shards: 'auto' });
    expect(standIn.gateway.identifies.map((d) => d.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const byShard = new Map<number, string>();
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      byShard.set(interaction.guild?.shardId ?? -1, interaction.guildId ?? '');
      void interaction.reply({ content: 'ok' });
    });
    expect(standIn.guilds.map((g) => shardOf(g.id, 2))).toEqual([0, 1]);
    for (const guild of standIn.guilds) {
      const [channelId] = guild.channelIds;
      assert.exists(channelId);
      const handle = await standIn.sendInteraction(
        chatInput('ask', { question: 'q' }, { guildId: guild.id, channelId }),
      );
      expect(handle.shardId).toBe(shardOf(guild.id, 2));
      expect((await handle.response()).status).toBe(204);
    }
    expect(Object.fromEntries(byShard)).toEqual({ 0: standIn.guilds[0]?.id, 1: standIn.guilds[1]?.id });
  });
});

describe('without a client', () => {
  it('rejects sendInteraction when no client is connected', async () => {
    standIn = await startStandIn({ shardWaitMs: 200 });
    await expect(standIn.sendInteraction(chatInput('ask', { question: 'q' }))).rejects.toThrow(
      /shards identified|no live session/,
    );
  });
});
