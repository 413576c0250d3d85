/** `/about`: what the corpus holds, when it was indexed, the bot's version, and how to use it. */
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { EVERYWHERE, type SlashCommand } from '../src/discord/command.js';
import { escapeMarkdown, stripInvisible } from '../src/discord/escape.js';
import { cutMarkdown, cutPlain, EMBED_COLOR, EMBED_FIELD_VALUE_MAX, message } from '../src/discord/respond.js';

export const definition = {
  type: ApplicationCommandType.ChatInput,
  name: 'about',
  description: 'What Parley knows, and how to use it',
  ...EVERYWHERE,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const HOW_TO = [
  '`/ask` a question in your own words — Parley shows the passages that answer it, under their headings.',
  'Options: `results` (1–5), `private` (only you see it), `for` (address the answer to a member).',
  '`/sections` lists what the documents cover; `/section` reads one section.',
  'Right-click a message → **Apps** → **Find sources** to see the passages that bear on it.',
].join('\n');

export const about: SlashCommand = {
  definition,

  execute(_request, { searcher, version }) {
    const corpus = searcher.corpus;
    const built = Math.floor(searcher.builtAt.getTime() / 1000);
    const titles = corpus.documents
      .slice(0, 10)
      .map((d) => `• ${escapeMarkdown(cutPlain(stripInvisible(d.title).trim() || d.id, 120))}`);
    if (corpus.documents.length > 10) titles.push(`…and ${corpus.documents.length - 10} more`);
    return {
      response: message(
        {
          embeds: [
            {
              color: EMBED_COLOR,
              title: 'About Parley',
              description: HOW_TO,
              fields: [
                { name: 'Documents', value: cutMarkdown(titles.join('\n') || 'None', EMBED_FIELD_VALUE_MAX) },
                { name: 'Sections', value: String(corpus.sections.length), inline: true },
                { name: 'Passages', value: String(corpus.passages.length), inline: true },
                { name: 'Last indexed', value: `<t:${built}:f> (<t:${built}:R>)`, inline: true },
              ],
              footer: { text: `Parley ${version}` },
            },
          ],
        },
        { ephemeral: true },
      ),
      outcome: 'about',
    };
  },
};
