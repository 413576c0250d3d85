/**
 * `/section name`: one section's text, paged when long. Also answers the "Whole section" button
 * under an answer (a new ephemeral message: the member reads it without changing the shared
 * answer) and the section's own Previous/Next buttons (which update the message in place).
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { EVERYWHERE, type SlashCommand } from '../src/discord/command.js';
import { escapeMarkdown } from '../src/discord/escape.js';
import { resolveSection } from '../src/discord/lookup.js';
import { cleanText } from '../src/discord/query.js';
import { renderSectionPage } from '../src/discord/render.js';
import { cutPlain, message, notice, update } from '../src/discord/respond.js';
import { matchSections, sectionChoices } from '../src/discord/autocomplete.js';
import { QUESTION_MAX_LENGTH, type Searcher, type Section } from '../src/types.js';

export const definition = {
  type: ApplicationCommandType.ChatInput,
  name: 'section',
  description: 'Read one section of the documents',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'name',
      description: 'The section heading (start typing to pick one)',
      required: true,
      autocomplete: true,
      // A heading is typed, and asked as a question when it names none.
      max_length: QUESTION_MAX_LENGTH,
    },
  ],
  ...EVERYWHERE,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const STALE_SECTION_TEXT =
  'That section no longer exists — the documents have changed since. See what is there now with `/sections`.';

/** The section a member named: a reference picked from autocomplete, a heading typed freely, or the best passage's section. */
export function findSection(searcher: Searcher, value: string): Section | undefined {
  const corpus = searcher.corpus;
  const exact = resolveSection(corpus, value);
  if (exact) return exact;
  const typed = cleanText(value);
  if (typed.length === 0) return undefined;
  const lower = typed.toLowerCase();
  const byHeading = corpus.sections.find((s) => (s.headingPath.at(-1) ?? '').toLowerCase() === lower);
  if (byHeading) return byHeading;
  const [match] = matchSections(corpus, typed, 1);
  if (match) return match;
  const answer = searcher.ask(typed, { limit: 1 });
  if (answer.kind !== 'answer') return undefined;
  const passage = answer.results[0]?.passage;
  return passage ? resolveSection(corpus, passage.sectionId) : undefined;
}

export const section: SlashCommand = {
  definition,

  execute(request, { searcher }) {
    const value = String(request.options.name ?? '');
    const found = findSection(searcher, value);
    if (!found) {
      return {
        response: notice(
          `No section matches “${escapeMarkdown(cutPlain(cleanText(value), 100))}”. See the list with \`/sections\`, or ask with \`/ask\`.`,
        ),
        outcome: 'not-found',
      };
    }
    return { response: message(renderSectionPage(searcher.corpus, found, 0), { ephemeral: true }), outcome: 'section' };
  },

  autocomplete(request, { searcher }) {
    return sectionChoices(searcher.corpus, request.focused.value);
  },

  components: {
    'section-open'(_request, state, { searcher }) {
      if (state.kind !== 'section-open') throw new Error('Parley: section-open handler got another button');
      const found = resolveSection(searcher.corpus, state.ref);
      if (!found) return { response: notice(STALE_SECTION_TEXT), outcome: 'stale-section' };
      return {
        response: message(renderSectionPage(searcher.corpus, found, 0), { ephemeral: true }),
        outcome: 'section',
      };
    },
    'section-page'(_request, state, { searcher }) {
      if (state.kind !== 'section-page') throw new Error('Parley: section-page handler got another button');
      const found = resolveSection(searcher.corpus, state.ref);
      if (!found) return { response: notice(STALE_SECTION_TEXT), outcome: 'stale-section' };
      return { response: update(renderSectionPage(searcher.corpus, found, state.page)), outcome: 'section-page' };
    },
  },
};
