import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAPIError, Events, MessageFlags } from 'discord.js';
import type { Client, Interaction } from 'discord.js';
import { startStandIn } from '../support/stand-in.js';
import type { StandIn } from '../support/stand-in.js';
import { autocomplete, button, chatInput } from '../support/interactions.js';
import { readyClient } from './client.js';

/** Each test installs what the client does with the next interaction; the client stays logged in. */
let onInteraction: (interaction: Interaction) => Promise<void> = () => Promise.resolve();
let errors: unknown[] = [];
let standIn: StandIn;
let client: Client<true>;

beforeAll(async () => {
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  client = await readyClient(standIn);
  client.on(Events.InteractionCreate, (interaction) => {
    onInteraction(interaction).catch((error: unknown) => errors.push(error));
  });
});

afterAll(async () => {
  await client.destroy();
  await standIn.close();
});

/** Runs `handler` for one chat-input interaction and waits until the client is done with it. */
async function exchange(
  handler: (interaction: Interaction) => Promise<void>,
  payload = chatInput('ask', { question: 'q' }),
  options: { deadlineMs?: number } = {},
) {
  errors = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  onInteraction = async (interaction) => {
    try {
      await handler(interaction);
    } finally {
      finished();
    }
  };
  const handle = await standIn.sendInteraction(payload, options);
  await done;
  return handle;
}

const apiError = (): DiscordAPIError => {
  const [error] = errors;
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
};

describe('interaction responses', () => {
  it('routes deferReply then editReply through the webhook PATCH of @original', async () => {
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: 'later', allowedMentions: { parse: [] } });
    });
    const [callback, edit] = handle.requests();
    expect(callback?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(edit).toMatchObject({
      route: 'PATCH /webhooks/:app/:token/messages/:message',
      path: `/webhooks/${standIn.applicationId}/${handle.token}/messages/@original`,
      status: 200,
    });
    expect(handle.original()).toMatchObject({ content: 'later', flags: 64 });
    expect(errors).toEqual([]);
  });

  it('sends follow-ups to the interaction webhook and answers with a message', async () => {
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'first' });
      const followUp = await i.followUp({ content: 'second' });
      expect(followUp.content).toBe('second');
    });
    expect(handle.requests().map((r) => `${r.status} ${r.route}`)).toEqual([
      '204 POST /interactions/:id/:token/callback',
      '200 POST /webhooks/:app/:token',
    ]);
    expect(handle.followups()).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('returns the callback resource when asked with with_response=true', async () => {
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      const response = await i.reply({ content: 'hi', withResponse: true });
      expect(response.resource?.message?.content).toBe('hi');
    });
    expect((await handle.response()).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('rejects a second acknowledgement with 40060', async () => {
    await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'one' });
      // discord.js refuses a second reply() itself, so go around it as a buggy bot might.
      await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, {
        body: { type: 4, data: { content: 'two' } },
        auth: false,
      });
    });
    expect(apiError().code).toBe(40060);
  });

  it('answers a first response after the deadline with 10062', async () => {
    await exchange(
      async (i) => {
        if (!i.isChatInputCommand()) return;
        await new Promise((resolve) => setTimeout(resolve, 400));
        await i.reply({ content: 'too late' });
      },
      chatInput('ask', { question: 'q' }),
      { deadlineMs: 300 },
    );
    expect(apiError().code).toBe(10062);
  });

  it('rejects a body that breaks the OpenAPI spec with 50035 and the path', async () => {
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ embeds: [{ title: 5 as unknown as string }] });
    });
    const error = apiError();
    expect(error.code).toBe(50035);
    expect(error.message).toContain('data.embeds[0].title');
    expect((await handle.response()).error?.paths).toEqual(['data.embeds[0].title']);
  });

  it.each([
    ['11 embeds', { embeds: Array.from({ length: 11 }, (_, n) => ({ title: `e${n}` })) }, 'data.embeds'],
    [
      '6,001 characters across embeds',
      { embeds: [{ description: 'a'.repeat(4096) }, { description: 'b'.repeat(1905) }] },
      'data.embeds',
    ],
    ['a 2,001-character content', { content: 'x'.repeat(2001) }, 'data.content'],
    [
      '26 embed fields',
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
      'data.embeds[0].fields',
    ],
  ])('rejects a reply with %s (50035 on %s)', async (_label, data, path) => {
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, { body: { type: 4, data }, auth: false });
    });
    expect(apiError().code).toBe(50035);
    expect((await handle.response()).error?.paths).toContain(path);
    // A rejected response does not acknowledge: the interaction is still open.
    expect(handle.record.acknowledged).toBeUndefined();
  });

  it('rejects a custom id of 101 characters on a button', async () => {
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, {
        body: {
          type: 4,
          data: {
            content: 'x',
            components: [{ type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: 'c'.repeat(101) }] }],
          },
        },
        auth: false,
      });
    });
    expect(apiError().code).toBe(50035);
    expect((await handle.response()).error?.paths).toContain('data.components[0].components[0].custom_id');
  });

  it('rejects 26 autocomplete choices and accepts 25', async () => {
    const choices = (n: number) => Array.from({ length: n }, (_, k) => ({ name: `choice ${k}`, value: `v${k}` }));
    const tooMany = await exchange(
      async (i) => {
        if (i.isAutocomplete()) await i.respond(choices(26));
      },
      autocomplete('ask', { question: 'ro' }),
    );
    expect((await tooMany.response()).error?.paths).toContain('data.choices');
    const fine = await exchange(
      async (i) => {
        if (i.isAutocomplete()) await i.respond(choices(25));
      },
      autocomplete('ask', { question: 'ro' }),
    );
    expect((await fine.response()).status).toBe(204);
    expect(fine.record.acknowledged?.type).toBe(8);
  });

  it('lets a button update its message and captures the update', async () => {
    const handle = await exchange(async (i) => {
      if (i.isButton()) await i.update({ content: `page ${i.customId}` });
    }, button('page:2'));
    expect((await handle.response()).body).toMatchObject({ type: 7, data: { content: 'page page:2' } });
    expect(handle.original()).toMatchObject({ content: 'page page:2' });
    expect(errors).toEqual([]);
  });
});

describe('what discord.js sends for real-world responses passes the spec', () => {
  it('accepts builders, buttons, selects, ephemeral follow-ups, edits and deletes', async () => {
    const { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, MessageFlags, StringSelectMenuBuilder } =
      await import('discord.js');
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      const embed = new EmbedBuilder()
        .setTitle('Rome')
        .setDescription('Why Rome')
        .setURL('https://example.org/brief')
        .setColor(0x5865f2)
        .setTimestamp(new Date(0))
        .setAuthor({ name: 'Brief' })
        .setFooter({ text: 'Section 2 › Talks' })
        .addFields({ name: 'Heading', value: 'Passage', inline: false });
      const buttons = new ActionRowBuilder<InstanceType<typeof ButtonBuilder>>().addComponents(
        new ButtonBuilder().setCustomId('more:1').setLabel('More results').setStyle(ButtonStyle.Primary),
        new ButtonBuilder().setURL('https://example.org').setLabel('Source').setStyle(ButtonStyle.Link),
      );
      const select = new ActionRowBuilder<InstanceType<typeof StringSelectMenuBuilder>>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId('pick')
          .addOptions({ label: 'One', value: '1' }, { label: 'Two', value: '2' }),
      );
      await i.reply({
        embeds: [embed],
        components: [buttons, select],
        allowedMentions: { parse: [], users: [i.user.id] },
        content: `<@${i.user.id}>`,
      });
      await i.editReply({ content: 'edited', components: [], allowedMentions: { parse: [] } });
      const followUp = await i.followUp({
        content: 'only you',
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      await i.webhook.editMessage(followUp.id, { content: 'only you, edited' });
      await i.deleteReply();
    });
    expect(errors).toEqual([]);
    expect(handle.requests().map((r) => r.status)).toEqual([204, 200, 200, 200, 204]);
    expect(handle.requests()[0]?.response).toBeUndefined();
    expect(handle.original()).toBeUndefined();
    expect(handle.followups()[0]).toMatchObject({ content: 'only you, edited', flags: 64 });
  });

  it('accepts deferUpdate, showModal and numeric autocomplete choices', async () => {
    const { ModalBuilder, TextInputBuilder, TextInputStyle, ActionRowBuilder } = await import('discord.js');
    const deferred = await exchange(async (i) => {
      if (i.isButton()) await i.deferUpdate();
    }, button('x:1'));
    expect((await deferred.response()).body).toEqual({ type: 6 });
    const modal = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      /* eslint-disable @typescript-eslint/no-deprecated -- the action-row modal is what most bots still send: the stand-in must accept it */
      await i.showModal(
        new ModalBuilder()
          .setCustomId('feedback')
          .setTitle('Feedback')
          .addComponents(
            new ActionRowBuilder<InstanceType<typeof TextInputBuilder>>().addComponents(
              new TextInputBuilder().setCustomId('text').setLabel('Text').setStyle(TextInputStyle.Paragraph),
            ),
          ),
      );
      /* eslint-enable @typescript-eslint/no-deprecated */
    });
    expect((await modal.response()).status).toBe(204);
    const numeric = await exchange(
      async (i) => {
        if (i.isAutocomplete()) await i.respond([{ name: 'three', value: 3 }]);
      },
      autocomplete('ask', { question: 'ro' }),
    );
    expect((await numeric.response()).status).toBe(204);
    expect(errors).toEqual([]);
  });

  it('rejects a response type the interaction does not allow, and an empty message', async () => {
    const wrongType = await exchange(async (i) => {
      if (i.isChatInputCommand())
        await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, {
          body: { type: 8, data: { choices: [] } },
          auth: false,
        });
    });
    expect((await wrongType.response()).error?.paths).toEqual(['type']);
    const empty = await exchange(async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: '' });
    });
    expect((await empty.response()).error?.code).toBe(50006);
  });
});

describe('reading what the bot sent', () => {
  it('lists every message body with its interaction, and the rejected requests', async () => {
    const { messageBodies, rejectedRequests } = await import('../support/stand-in.js');
    const before = standIn.captured.length;
    const handle = await exchange(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'one', allowedMentions: { parse: [] } });
      await i.followUp({ content: 'two' });
      await i.editReply({ content: 'x'.repeat(2001) }).catch(() => undefined);
    });
    const mine = standIn.captured.slice(before);
    expect(messageBodies(mine).map((m) => [m.interactionId, m.body.content ?? '', m.body.allowed_mentions])).toEqual([
      [handle.id, 'one', { parse: [] }],
      [handle.id, 'two', undefined],
      [handle.id, 'x'.repeat(2001), undefined],
    ]);
    expect(rejectedRequests(mine).map((r) => r.error?.paths)).toEqual([['content']]);
  });
});
