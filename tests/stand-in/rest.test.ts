import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, ApplicationCommandType, DiscordAPIError, Events, RESTEvents } from 'discord.js';
import type { Client, RateLimitData } from 'discord.js';
import { startStandIn } from '../support/stand-in.js';
import type { StandIn } from '../support/stand-in.js';
import { chatInput, messageCommand, user, userCommand, userMessage, userOption } from '../support/interactions.js';
import { readyClient } from './client.js';

let standIn: StandIn;
let client: Client<true>;

beforeAll(async () => {
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  client = await readyClient(standIn);
});

afterAll(async () => {
  await client.destroy();
  await standIn.close();
});

describe('rate limits', () => {
  it('answers the next request 429 with retry_after; discord.js waits and retries by itself', async () => {
    client.once(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void i.reply({ content: 'after the wait' });
    });
    standIn.rateLimitNext(1, 0.3);
    const handle = await standIn.sendInteraction(chatInput('ask', { question: 'q' }));
    const attempts = await handle.settled();
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]?.response).toMatchObject({ retry_after: 0.3, global: false });
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(250);
  });

  it('marks a global limit with X-RateLimit-Global', async () => {
    const limits: RateLimitData[] = [];
    client.rest.on(RESTEvents.RateLimited, (data) => limits.push(data));
    standIn.rateLimitNext(1, 0.2, { global: true, match: (_method, path) => path === '/users/@me' });
    const me = await client.users.fetch('@me', { force: true });
    expect(me.id).toBe(standIn.botUser.id);
    expect(limits.some((l) => l.global)).toBe(true);
  });
});

describe('REST routes', () => {
  it('returns the application with its owner', async () => {
    const application = await client.application.fetch();
    expect(application.owner?.id).toBe(standIn.owner.id);
  });

  it('registers global and guild commands, echoing them with ids', async () => {
    const commands = await client.application.commands.set([
      {
        name: 'ask',
        description: 'Ask the documents',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'question',
            description: 'What to ask',
            required: true,
            autocomplete: true,
          },
        ],
      },
      { name: 'Find sources', type: ApplicationCommandType.Message },
    ]);
    expect(commands.map((c) => c.name).sort()).toEqual(['Find sources', 'ask']);
    expect(standIn.commands().every((c) => typeof c.id === 'string')).toBe(true);
    const again = await client.application.commands.set([{ name: 'ask', description: 'Ask again' }]);
    expect(again.first()?.id).toBe(commands.find((c) => c.name === 'ask')?.id);
    await client.application.commands.set([{ name: 'about', description: 'About' }], standIn.guildId);
    expect(standIn.commands(standIn.guildId).map((c) => c.name)).toEqual(['about']);
  });

  it.each([
    ['an upper-case name', { name: 'Ask', description: 'd' }, '0.name'],
    ['a 33-character name', { name: 'a'.repeat(33), description: 'd' }, '0.name'],
    ['an empty description', { name: 'ask', description: '' }, '0.description'],
    [
      '26 options',
      {
        name: 'ask',
        description: 'd',
        options: Array.from({ length: 26 }, (_, k) => ({ type: 3, name: `o${k}`, description: 'd' })),
      },
      '0.options',
    ],
    ['a described context-menu command', { name: 'Find sources', type: 3, description: 'nope' }, '0.description'],
  ])('rejects a command with %s (50035 on %s)', async (_label, command, path) => {
    const error = await client.rest
      .put(`/applications/${standIn.applicationId}/commands`, { body: [command] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect(standIn.captured.at(-1)?.error?.paths).toContain(path);
  });

  it('answers unknown routes with 404 / code 0 and non-JSON bodies with 400', async () => {
    const unknown = await fetch(`${standIn.apiUrl}/v10/nowhere`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: '404: Not Found', code: 0 });
    const form = await fetch(`${standIn.apiUrl}/v10/webhooks/1/2`, {
      method: 'POST',
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(400);
  });

  it('answers follow-ups before any response with 10015 Unknown Webhook', async () => {
    const handle = await standIn.sendInteraction(chatInput('silent', {}));
    const early = await fetch(`${standIn.apiUrl}/v10/webhooks/${standIn.applicationId}/${handle.token}?wait=true`, {
      method: 'POST',
      body: JSON.stringify({ content: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(early.status).toBe(404);
    expect(await early.json()).toMatchObject({ code: 10015 });
  });

  it('rejects an edit that breaks the spec, with the path as discord.js prints it', async () => {
    client.once(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void i.reply({ content: 'ok' });
    });
    const handle = await standIn.sendInteraction(chatInput('ask', { question: 'q' }));
    await handle.response();
    const edit = await fetch(
      `${standIn.apiUrl}/v10/webhooks/${standIn.applicationId}/${handle.token}/messages/%40original`,
      {
        method: 'PATCH',
        body: JSON.stringify({ embeds: [{ fields: [{ name: 'n', value: 7 }] }] }),
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(edit.status).toBe(400);
    expect(await edit.json()).toMatchObject({
      code: 50035,
      errors: {
        embeds: {
          0: { fields: { 0: { value: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_STRING' })] } } } },
        },
      },
    });
    expect(handle.original()?.content).toBe('ok');
  });
});

describe('interaction payloads discord.js understands', () => {
  it('builds a message command with its target message resolved', async () => {
    const seen = new Promise<string>((resolve) =>
      client.once(Events.InteractionCreate, (i) => {
        if (i.isMessageContextMenuCommand())
          resolve(`${i.commandName}|${i.targetMessage.content}|${i.targetMessage.author.id}`);
      }),
    );
    await standIn.sendInteraction(messageCommand('Find sources', userMessage('why Rome?')));
    expect(await seen).toBe(`Find sources|why Rome?|${user().id}`);
  });

  it('builds a user command with its target user and member resolved', async () => {
    const target = user({ id: '1180000000000000888', username: 'someone' });
    const seen = new Promise<string>((resolve) =>
      client.once(Events.InteractionCreate, (i) => {
        if (i.isUserContextMenuCommand())
          resolve(`${i.commandName}|${i.targetUser.username}|${String(i.targetMember !== null)}`);
      }),
    );
    await standIn.sendInteraction(userCommand('Profile', target));
    expect(await seen).toBe('Profile|someone|true');
  });

  it('builds a DM interaction with a user instead of a member', async () => {
    const seen = new Promise<string>((resolve) =>
      client.once(Events.InteractionCreate, (i) =>
        resolve(`${String(i.inGuild())}|${i.user.id}|${i.member === null ? 'null' : 'member'}`),
      ),
    );
    await standIn.sendInteraction(chatInput('about', {}, { dm: true }));
    expect(await seen).toBe(`false|${user().id}|null`);
  });

  it('builds typed options, including a resolved user', async () => {
    const target = user({ id: '1180000000000000999', username: 'target' });
    const seen = new Promise<unknown[]>((resolve) =>
      client.once(Events.InteractionCreate, (i) => {
        if (i.isChatInputCommand()) {
          resolve([
            i.options.getString('question'),
            i.options.getInteger('results'),
            i.options.getBoolean('private'),
            i.options.getUser('for')?.username,
          ]);
        }
      }),
    );
    await standIn.sendInteraction(
      chatInput('ask', { question: 'q', results: 3, private: true, for: userOption(target) }),
    );
    expect(await seen).toEqual(['q', 3, true, 'target']);
  });
});

describe('interaction tokens', () => {
  it('stop working for follow-ups after their lifetime (401, 50027)', async () => {
    const shortLived = await startStandIn({ heartbeatIntervalMs: 1_000, tokenLifetimeMs: 300 });
    const c = await readyClient(shortLived);
    try {
      const late = new Promise<unknown>((resolve) =>
        c.once(Events.InteractionCreate, (i) => {
          if (!i.isChatInputCommand()) return;
          const answerLate = async (): Promise<unknown> => {
            await i.deferReply();
            await new Promise((r) => setTimeout(r, 400));
            return i.editReply({ content: 'too late' });
          };
          answerLate().then(resolve, resolve);
        }),
      );
      await shortLived.sendInteraction(chatInput('ask', { question: 'q' }));
      expect(await late).toMatchObject({ code: 50027, status: 401 });
    } finally {
      await c.destroy();
      await shortLived.close();
    }
  });
});
