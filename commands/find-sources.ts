/**
 * "Find sources" (message context menu): right-click a message → the passages that bear on what
 * it says. Long messages are reduced to their key terms first. The reply is ephemeral: checking a
 * claim should not call out its author in public; the member can share what they found.
 */
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { answerPage } from '../src/discord/answer.js';
import { EVERYWHERE, type MessageCommand } from '../src/discord/command.js';
import { cleanText, toQuery } from '../src/discord/query.js';
import { message, notice } from '../src/discord/respond.js';

export const definition = {
  type: ApplicationCommandType.Message,
  name: 'Find sources',
  ...EVERYWHERE,
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

export const findSources: MessageCommand = {
  definition,
  cooldown: true,
  deferral: { ephemeral: () => true },

  execute(request, { searcher, logger }) {
    if (!request.message) {
      return { response: notice("I couldn't read that message — please try again."), outcome: 'no-message' };
    }
    // Embed-only messages (e.g. another bot's, or one of our answers) still have text to check.
    const text = cleanText(request.message.content) || cleanText(request.message.embedText);
    if (text.length === 0) {
      return {
        response: notice('That message has no text I can look up (only images, embeds without text, or attachments).'),
        outcome: 'empty-message',
      };
    }
    const query = toQuery(text, searcher);
    logger.debug({ command: 'find-sources', question: query }, 'question');
    const page = answerPage(searcher, query);
    return { response: message(page.data, { ephemeral: true }), outcome: page.outcome };
  },
};
