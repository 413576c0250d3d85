/** `/sections [document]`: the table of contents — headings with their sub-headings and passage counts. */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { EVERYWHERE, type SlashCommand } from '../src/discord/command.js';
import { escapeMarkdown, stripInvisible } from '../src/discord/escape.js';
import { cleanText } from '../src/discord/query.js';
import { renderToc } from '../src/discord/render.js';
import {
  AUTOCOMPLETE_MAX_CHOICES,
  CHOICE_NAME_MAX,
  CHOICE_VALUE_MAX,
  cutPlain,
  message,
  notice,
} from '../src/discord/respond.js';

/** Longest document name read: titles are a few words; the option and its autocomplete both stop here. */
const DOCUMENT_NAME_MAX = 200;

export const definition = {
  type: ApplicationCommandType.ChatInput,
  name: 'sections',
  description: 'List the sections of the documents (the table of contents)',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'document',
      description: 'Only this document (start typing to pick one)',
      autocomplete: true,
      max_length: DOCUMENT_NAME_MAX,
    },
  ],
  ...EVERYWHERE,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const sections: SlashCommand = {
  definition,

  execute(request, { searcher }) {
    const corpus = searcher.corpus;
    const wanted = request.options.document;
    if (typeof wanted !== 'string' || cleanText(wanted).length === 0) {
      return { response: message(renderToc(corpus, corpus.documents), { ephemeral: true }), outcome: 'toc' };
    }
    const lower = cleanText(wanted).toLowerCase();
    const document =
      corpus.documents.find((d) => d.id === wanted) ??
      corpus.documents.find((d) => d.title.toLowerCase() === lower) ??
      corpus.documents.find((d) => d.title.toLowerCase().includes(lower) || d.file.toLowerCase().includes(lower));
    if (!document) {
      return {
        response: notice(
          `No document matches “${escapeMarkdown(cutPlain(cleanText(wanted), 100))}”. Run \`/sections\` without a document to see them all.`,
        ),
        outcome: 'not-found',
      };
    }
    return { response: message(renderToc(corpus, [document]), { ephemeral: true }), outcome: 'toc' };
  },

  autocomplete(request, { searcher }) {
    const typed = cleanText(request.focused.value.slice(0, DOCUMENT_NAME_MAX)).toLowerCase();
    return searcher.corpus.documents
      .filter((d) => typed.length === 0 || d.title.toLowerCase().includes(typed) || d.id.includes(typed))
      .slice(0, AUTOCOMPLETE_MAX_CHOICES)
      .filter((d) => d.id.length <= CHOICE_VALUE_MAX)
      .map((d) => ({ name: cutPlain(stripInvisible(d.title).trim() || d.id, CHOICE_NAME_MAX), value: d.id }));
  },
};
