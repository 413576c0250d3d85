/**
 * `/ask question [results] [private] [for]`: the passages that answer a question, public by
 * default (Parley is a discussion tool), with paging buttons. Also answers the paging buttons.
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { answerPage } from '../src/discord/answer.js';
import { EVERYWHERE, type SlashCommand } from '../src/discord/command.js';
import { PAGE_SIZE, pageSize } from '../src/discord/page-size.js';
import { questionFromLine } from '../src/discord/render.js';
import { message, notice, update } from '../src/discord/respond.js';
import { toQuery } from '../src/discord/query.js';
import { questionChoices } from '../src/discord/autocomplete.js';
import { QUESTION_MAX_LENGTH } from '../src/types.js';

export const definition = {
  type: ApplicationCommandType.ChatInput,
  name: 'ask',
  description: 'Find the passages of the documents that answer a question',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'What you want to know, in your own words',
      required: true,
      autocomplete: true,
      max_length: QUESTION_MAX_LENGTH,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'results',
      description: `How many passages to show (${PAGE_SIZE.min}–${PAGE_SIZE.max}, default ${PAGE_SIZE.default})`,
      min_value: PAGE_SIZE.min,
      max_value: PAGE_SIZE.max,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'private',
      description: 'Only you see the answer (default: everyone in the channel)',
    },
    {
      type: ApplicationCommandOptionType.User,
      name: 'for',
      description: 'Address the answer to a member (only they are notified)',
    },
  ],
  ...EVERYWHERE,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const SNOWFLAKE = /^\d{17,20}$/;

export const ask: SlashCommand = {
  definition,
  cooldown: true,
  deferral: { ephemeral: (request) => request.kind === 'command' && request.options.private === true },

  execute(request, { searcher, logger }) {
    const query = toQuery(String(request.options.question ?? ''), searcher);
    const limit = pageSize(request.options.results);
    const forUser = request.options.for;
    const forUserId = typeof forUser === 'string' && SNOWFLAKE.test(forUser) ? forUser : undefined;
    logger.debug({ command: 'ask', question: query }, 'question');
    const page = answerPage(searcher, query, { limit, ...(forUserId ? { forUserId } : {}) });
    if (!page.matched) return { response: message(page.data, { ephemeral: true }), outcome: page.outcome };
    return { response: message(page.data, { ephemeral: request.options.private === true }), outcome: page.outcome };
  },

  autocomplete(request, { searcher }): APIApplicationCommandOptionChoice[] {
    return questionChoices(searcher, request.focused.value);
  },

  components: {
    page(request, state, { searcher }) {
      if (state.kind !== 'page') throw new Error('Parley: ask received a non-page button');
      const query =
        'text' in state.query ? state.query.text : questionFromLine(request.message?.embedAuthors[0], state.query.hash);
      if (query === undefined) {
        return {
          response: notice("I couldn't read the question back from this message — please ask again."),
          outcome: 'lost-question',
        };
      }
      const page = answerPage(searcher, query, { offset: state.offset, limit: state.limit });
      // A suggestion pressed on a no-match note (which has no embeds) replaces the note's text;
      // an answer keeps its "Sources for" line (an edit never pings).
      const fromNote = (request.message?.embedAuthors.length ?? 0) === 0;
      const { content, allowed_mentions: _mentions, ...rest } = page.data;
      const body = page.matched
        ? { ...rest, ...(fromNote ? { content: '' } : {}), allowed_mentions: { parse: [] } }
        : { ...rest, content: content ?? '', embeds: [], allowed_mentions: { parse: [] } };
      return { response: update(body), outcome: `page:${page.outcome}` };
    },
  },
};
