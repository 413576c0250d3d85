/**
 * Answers as Discord messages: one embed per passage, titled with its heading path, the matched
 * terms in bold and the best sentence underlined, cut at sentence or word boundaries to fit every
 * Discord limit. Text from the corpus or a member is escaped before we add our own markdown, so
 * the only `**`/`__` in a description are ours and always balanced.
 */
import { ButtonStyle } from 'discord-api-types/v10';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import type { Corpus, DocumentInfo, Hit, HeadingPath, Passage, Section } from '../types.js';
import { encodeCustomId, hash53, MAX_OFFSET, pageQueryRef, sectionRef } from './custom-id.js';
import { PAGE_SIZE } from './page-size.js';
import { escapeMarkdown, neutralizeMentions, stripInvisible, ZWJ } from './escape.js';
import {
  button,
  cutMarkdown,
  cutPlain,
  ELLIPSIS,
  EMBED_AUTHOR_NAME_MAX,
  EMBED_COLOR,
  EMBED_DESCRIPTION_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  EMBEDS_MAX,
  embedLength,
  row,
  safeUrl,
  type MessageData,
} from './respond.js';
import { lookup, sectionPassages } from './lookup.js';
import { lengthPrefixed, remember } from './render-memo.js';
import { highlightsOf, lastFitting, neutralizeOutside, renderDisplay, renderPassage, wordEnds } from './highlight.js';

/** Heading separator in embed titles. */
export const PATH_SEPARATOR = ' › ';
/** Shown before the question on the first embed; plain text (author names render no markdown). */
export const QUESTION_PREFIX = '🔎 ';
/** A passage longer than this is shown as a window around its best sentence (readability, not a limit). */
export const PASSAGE_DISPLAY_MAX = 1500;
/** Longest page of a section shown by `/section` or "Whole section". */
export const SECTION_PAGE_MAX = 3800;
/** Room kept for footers, titles and the author line when budgeting descriptions. */
const FOOTER_DOCUMENT_MAX = 100;

const TITLE_CACHE_MAX = 2_000;
const titleCache = new Map<string, string>();

// ---------------------------------------------------------------------------------------------
// Heading paths

/** The headings a passage sits under (the introduction's path is the document title). */
export function displayPath(path: HeadingPath, documentTitle: string): string[] {
  return path.length > 0 ? [...path] : [documentTitle];
}

/** Embed title: the full heading path joined with ` › `, escaped, cut at a word boundary only past 256. */
export function headingTitle(path: HeadingPath, documentTitle: string): string {
  const key = lengthPrefixed([documentTitle, ...path]);
  const cached = titleCache.get(key);
  if (cached !== undefined) return cached;
  const title = computeHeadingTitle(path, documentTitle);
  remember(titleCache, key, title, TITLE_CACHE_MAX);
  return title;
}

function computeHeadingTitle(path: HeadingPath, documentTitle: string): string {
  const title = displayPath(path, documentTitle)
    .map((heading) => escapeMarkdown(stripInvisible(heading).replace(/\s+/g, ' ').trim()))
    .filter((heading) => heading.length > 0)
    .join(PATH_SEPARATOR);
  return cutMarkdown(title || escapeMarkdown(stripInvisible(documentTitle)) || 'Untitled', EMBED_TITLE_MAX);
}

/** Embed title of an FAQ answer: its question (escaped, cut past 256), else the heading path. */
export function questionTitle(question: string, path: HeadingPath, documentTitle: string): string {
  const text = escapeMarkdown(stripInvisible(question).replace(/\s+/g, ' ').trim());
  return text === '' ? headingTitle(path, documentTitle) : cutMarkdown(text, EMBED_TITLE_MAX);
}

/** Plain text for fields that render no markdown (footers, author names, labels): no mentions, no invisibles. */
export function plain(text: string, max: number): string {
  return cutPlain(neutralizeMentions(stripInvisible(text).replace(/\s+/g, ' ').trim()), max);
}

// ---------------------------------------------------------------------------------------------
// Answers

/** `document · passage n of m · relevance 87%`. */
export function passageFooter(passage: Passage, relevance: number): string {
  const document = plain(passage.document, FOOTER_DOCUMENT_MAX);
  // Members holding a printed or PDF rulebook find the passage by its page.
  const page = passage.page !== undefined ? ` · page ${passage.page}` : '';
  return `${document}${page} · passage ${passage.index} of ${passage.count} · relevance ${relevance}%`;
}

/** Relevance relative to the best hit of the whole answer, 1–100. */
export function relevance(score: number, top: number): number {
  if (!(top > 0) || !Number.isFinite(score)) return 100;
  return Math.min(100, Math.max(1, Math.round((score / top) * 100)));
}

/** The question as shown above an answer (and read back by paging buttons when it is too long for their id). */
export function questionLine(query: string): string {
  return `${QUESTION_PREFIX}${neutralizeMentions(query)}`;
}

/** Reads the question back from {@link questionLine}; checks it against the button's hash. */
export function questionFromLine(line: string | undefined, expectedHash: string): string | undefined {
  if (!line?.startsWith(QUESTION_PREFIX)) return undefined;
  const query = line.slice(QUESTION_PREFIX.length).split(ZWJ).join('');
  return hash53(query) === expectedHash ? query : undefined;
}

export interface AnswerView {
  /** The query passed to `ask()` (already cleaned). */
  readonly query: string;
  /** The hits of this page. */
  readonly hits: readonly Hit[];
  /** Score of the best hit of the whole answer (relevance is relative to it). */
  readonly topScore: number;
  /** Rank of the first hit of this page (0-based). */
  readonly offset: number;
  /** Passages per page. */
  readonly limit: number;
  /** Ranked passages in all. */
  readonly total: number;
  /** Address the answer to this member (content mentions them; only they are pinged). */
  readonly forUserId?: string;
  /** A hedged answer (`confident: false`): shown with {@link HEDGE_NOTE}. */
  readonly hedged?: boolean;
}

/** The note on a hedged answer: the passages are on the topic but may not hold the specific fact asked for. */
export const HEDGE_NOTE = '-# These passages may not answer this exactly.';

function answerButtons(view: AnswerView): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  const query = pageQueryRef(view.query);
  const paging: APIButtonComponent[] = [];
  if (view.offset > 0) {
    const offset = Math.max(0, view.offset - view.limit);
    paging.push(
      button('Previous', encodeCustomId({ kind: 'page', offset, limit: view.limit, query }), { emoji: '◀️' }),
    );
  }
  if (view.offset + view.hits.length < view.total && view.offset + view.limit <= MAX_OFFSET) {
    const offset = view.offset + view.limit;
    paging.push(
      button('More results', encodeCustomId({ kind: 'page', offset, limit: view.limit, query }), {
        emoji: '▶️',
        style: ButtonStyle.Primary,
      }),
    );
  }
  const pagingRow = row(paging);
  if (pagingRow) rows.push(pagingRow);
  const seen = new Set<string>();
  const sections: APIButtonComponent[] = [];
  for (const hit of view.hits) {
    if (seen.has(hit.passage.sectionId)) continue;
    seen.add(hit.passage.sectionId);
    const heading = displayPath(hit.passage.headingPath, hit.passage.document).at(-1) ?? hit.passage.document;
    const label = `Whole section: ${cutPlain(heading, 40)}`;
    sections.push(
      button(plain(label, 80), encodeCustomId({ kind: 'section-open', ref: sectionRef(hit.passage.sectionId) }), {
        emoji: '📖',
      }),
    );
  }
  const sectionRow = row(sections);
  if (sectionRow) rows.push(sectionRow);
  return rows;
}

/**
 * An answer page as a message: `*Sources for @member:*` when addressed, then one embed per
 * passage, and the paging and "Whole section" buttons. Within every limit for any input.
 */
export function renderAnswer(view: AnswerView): MessageData {
  const hits = view.hits.slice(0, EMBEDS_MAX);
  const shells = hits.map((hit, i) => {
    const passage = hit.passage;
    const url = safeUrl(passage.source);
    const embed: APIEmbed = {
      color: EMBED_COLOR,
      // An FAQ answer is titled with the question it answers.
      title:
        passage.question !== undefined
          ? questionTitle(passage.question, passage.headingPath, passage.document)
          : headingTitle(passage.headingPath, passage.document),
      footer: { text: passageFooter(passage, relevance(hit.score, view.topScore)) },
      ...(url ? { url } : {}),
      ...(i === 0 ? { author: { name: plain(questionLine(view.query), EMBED_AUTHOR_NAME_MAX) } } : {}),
    };
    return embed;
  });
  const fixed = shells.reduce((sum, e) => sum + embedLength(e), 0);
  // Share what is left of the 6000 characters evenly, so every passage gets its fair room.
  const share = hits.length > 0 ? Math.floor((EMBED_TOTAL_MAX - fixed) / hits.length) : 0;
  const perPassage = Math.max(0, Math.min(EMBED_DESCRIPTION_MAX, PASSAGE_DISPLAY_MAX, share));
  const embeds = shells.map((embed, i) => {
    const hit = hits[i];
    if (!hit) return embed;
    const passage = hit.passage;
    const highlights = highlightsOf(hit);
    const shown =
      passage.display !== undefined ? renderDisplay(passage.display, passage.text, highlights, perPassage) : undefined;
    return { ...embed, description: shown ?? (renderPassage(passage.text, highlights, perPassage) || ELLIPSIS) };
  });
  const content = [view.forUserId ? `*Sources for <@${view.forUserId}>:*` : '', view.hedged ? HEDGE_NOTE : '']
    .filter(Boolean)
    .join('\n');
  return {
    ...(content ? { content } : {}),
    embeds,
    components: answerButtons(view),
    allowed_mentions: view.forUserId ? { parse: [], users: [view.forUserId] } : { parse: [] },
  };
}

const NO_MATCH_REASON = {
  empty: 'Your question is empty — type a few words about what you want to know.',
  'no-terms': 'Your question only has very common words or symbols — try the names, places or topics you are after.',
  'off-topic': 'Nothing in the documents talks about that.',
  'no-results': 'Nothing in the documents matches those words.',
} as const;

/** No passage answers: the reason, "did you mean" suggestions (as buttons too) and a pointer to `/sections`. */
export function renderNoMatch(
  query: string,
  reason: keyof typeof NO_MATCH_REASON,
  suggestions: readonly string[],
): MessageData {
  // Duplicates would give two buttons the same custom id, which Discord rejects.
  const shown = [...new Set(suggestions.map((s) => stripInvisible(s).replace(/\s+/g, ' ').trim()))]
    .filter((s) => s.length > 0)
    .slice(0, 5);
  const lines = [
    query.length > 0
      ? `I found no passage for “${escapeMarkdown(cutPlain(query, 120))}”.`
      : 'I found no passage to show.',
    NO_MATCH_REASON[reason],
  ];
  if (shown.length > 0)
    lines.push(`Did you mean: ${shown.map((s) => `**${escapeMarkdown(cutPlain(s, 80))}**`).join(', ')}?`);
  lines.push('Browse what the documents cover with `/sections`, or read one with `/section`.');
  const buttons = shown
    .filter((s) => 'text' in pageQueryRef(s))
    .slice(0, 3)
    .map((s) =>
      button(
        plain(`Ask: ${s}`, 80),
        encodeCustomId({ kind: 'page', offset: 0, limit: PAGE_SIZE.default, query: { text: s } }),
      ),
    );
  const suggestionRow = row(buttons);
  return {
    content: lines.join('\n'),
    components: suggestionRow ? [suggestionRow] : [],
    allowed_mentions: { parse: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// Sections

/** Splits text into pages of at most `max` rendered characters, at paragraph, sentence or word boundaries. */
export function pageText(text: string, max: number, render: (slice: string) => string = escapeMarkdown): string[] {
  const pages: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (render(rest).length <= max) {
      pages.push(rest);
      break;
    }
    const ends = wordEnds(rest, 0, Math.min(rest.length, max) + 1);
    let end =
      lastFitting(ends, (stop) => render(rest.slice(0, stop)).length <= max) ?? Math.max(1, Math.floor(max / 2));
    const head = rest.slice(0, end);
    const paragraph = head.lastIndexOf('\n\n');
    const sentence = Math.max(...[...head.matchAll(/[.!?…]["'”’)\]]*(?=\s)/g)].map((m) => m.index + m[0].length), -1);
    if (paragraph > end * 0.5) end = paragraph;
    else if (sentence > end * 0.6) end = sentence;
    if (/[\ud800-\udbff]/.test(rest[end - 1] ?? '')) end -= 1;
    pages.push(rest.slice(0, end).trim());
    rest = rest.slice(end).trim();
  }
  return pages.filter((p) => p.length > 0);
}

/**
 * A section's passages as Discord Markdown pages of at most `max` characters: whole passages
 * per page (display text as written, plain text escaped), a passage too long for a page split
 * at paragraph, sentence or word boundaries as plain text.
 */
export function sectionPages(passages: readonly Passage[], max: number): string[] {
  const pages: string[] = [];
  let page = '';
  const push = (piece: string): void => {
    if (page !== '' && page.length + 2 + piece.length > max) {
      pages.push(page);
      page = '';
    }
    page = page === '' ? piece : `${page}\n\n${piece}`;
  };
  for (const p of passages) {
    const display = p.display !== undefined ? neutralizeOutside(stripInvisible(p.display).trim()) : undefined;
    if (display !== undefined && display !== '' && display.length <= max) {
      push(display);
      continue;
    }
    for (const part of pageText(stripInvisible(p.text).trim(), max)) push(escapeMarkdown(part));
  }
  if (page !== '') pages.push(page);
  return pages;
}

/** Subsections right under a section (for a heading whose text is all in them). */
function childSections(corpus: Corpus, section: Section): Section[] {
  const depth = section.headingPath.length;
  const siblings = lookup(corpus).sectionsByDocument.get(section.documentId) ?? [];
  return siblings.filter(
    (s) => s.headingPath.length === depth + 1 && section.headingPath.every((h, i) => s.headingPath[i] === h),
  );
}

/** One page of a section: its heading path, text (or its subsections) and Previous/Next buttons. */
export function renderSectionPage(corpus: Corpus, section: Section, page: number): MessageData {
  const passages = sectionPassages(corpus, section);
  const document = lookup(corpus).documents.get(section.documentId);
  const documentTitle = document?.title ?? passages[0]?.document ?? section.documentId;
  const pages = sectionPages(passages, SECTION_PAGE_MAX);
  const count = Math.max(1, pages.length);
  const index = Math.min(Math.max(0, page), count - 1);
  const url = safeUrl(document?.source);
  const children = pages.length === 0 ? childSections(corpus, section) : [];
  const outline =
    children.length > 0
      ? cutMarkdown(
          `*This heading has no text of its own. Its subsections:*\n${children
            .map(
              (c) =>
                `• ${escapeMarkdown(
                  cutPlain(
                    stripInvisible(c.headingPath.at(-1) ?? '')
                      .replace(/\s+/g, ' ')
                      .trim(),
                    150,
                  ),
                )}`,
            )
            .join('\n')}`,
          SECTION_PAGE_MAX,
        )
      : '*This section has no text.*';
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: headingTitle(section.headingPath, documentTitle),
    description: pages[index] ?? outline,
    footer: {
      text: `${plain(documentTitle, FOOTER_DOCUMENT_MAX)} · ${passages.length} passage${passages.length === 1 ? '' : 's'}${count > 1 ? ` · page ${index + 1} of ${count}` : ''}`,
    },
    ...(url ? { url } : {}),
  };
  const ref = sectionRef(section.id);
  const buttons: APIButtonComponent[] = [];
  if (index > 0)
    buttons.push(button('Previous', encodeCustomId({ kind: 'section-page', ref, page: index - 1 }), { emoji: '◀️' }));
  if (index + 1 < count && index + 1 <= MAX_OFFSET) {
    buttons.push(
      button('Next', encodeCustomId({ kind: 'section-page', ref, page: index + 1 }), {
        emoji: '▶️',
        style: ButtonStyle.Primary,
      }),
    );
  }
  const pagingRow = row(buttons);
  return { embeds: [embed], components: pagingRow ? [pagingRow] : [], allowed_mentions: { parse: [] } };
}

/** Table of contents: each document's headings (sub-headings indented) with passage counts. */
export function renderToc(corpus: Corpus, documents: readonly DocumentInfo[]): MessageData {
  const embeds: APIEmbed[] = [];
  let total = 0;
  let omitted = 0;
  const byDocument = lookup(corpus).sectionsByDocument;
  // More lines than this could never fit in 6000 characters; the rest are only counted.
  const LINES_MAX = 400;
  const lines = (document: DocumentInfo): string[] =>
    (byDocument.get(document.id) ?? []).slice(0, LINES_MAX).map((s) => {
      const depth = Math.max(0, s.headingPath.length - 1);
      const intro = s.headingPath.length <= 1 && (s.headingPath[0] ?? document.title) === document.title;
      const name = intro ? 'Introduction' : (s.headingPath.at(-1) ?? 'Untitled');
      const n = s.passageIds.length;
      // A heading whose text is all in its subsections shows as a node of the outline, without a count.
      const count = n === 0 ? '' : ` — ${n} passage${n === 1 ? '' : 's'}`;
      return `${'\u2003'.repeat(Math.min(depth, 4))}${depth > 0 ? '◦' : '•'} ${escapeMarkdown(cutPlain(stripInvisible(name).replace(/\s+/g, ' ').trim(), 150))}${count}`;
    });
  for (const document of documents) {
    if (embeds.length >= EMBEDS_MAX || total >= EMBED_TOTAL_MAX - 300) {
      omitted += byDocument.get(document.id)?.length ?? 0;
      continue;
    }
    const all = lines(document);
    omitted += Math.max(0, (byDocument.get(document.id)?.length ?? 0) - all.length);
    let title = cutMarkdown(escapeMarkdown(stripInvisible(document.title)) || document.id, EMBED_TITLE_MAX);
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length === 0) return;
      embeds.push({ color: EMBED_COLOR, title, description: chunk.join('\n') });
      total += title.length + chunk.join('\n').length;
      chunk = [];
      title = cutMarkdown(`${title} (continued)`, EMBED_TITLE_MAX);
    };
    for (const [i, line] of all.entries()) {
      const length = chunk.join('\n').length + line.length + 1;
      // Stop early enough to leave room for the note about what was left out.
      if (embeds.length >= EMBEDS_MAX || total + title.length + length > EMBED_TOTAL_MAX - 300) {
        omitted += all.length - i;
        break;
      }
      if (length > EMBED_DESCRIPTION_MAX) {
        flush();
        if (embeds.length >= EMBEDS_MAX) {
          omitted += all.length - i;
          break;
        }
      }
      chunk.push(line);
    }
    flush();
  }
  const notes: string[] = [];
  if (embeds.length === 0 && omitted === 0) notes.push('No sections to show.');
  if (omitted > 0) {
    notes.push(
      documents.length > 1
        ? `…and ${omitted} more section${omitted === 1 ? '' : 's'}. Pick one document with \`/sections document:\`, or search with \`/section\`.`
        : `…and ${omitted} more section${omitted === 1 ? '' : 's'}. Search them with \`/section\`.`,
    );
  }
  return {
    content: `**${corpus.documents.length}** document${corpus.documents.length === 1 ? '' : 's'}, **${corpus.sections.length}** sections, **${corpus.passages.length}** passages. Read one with \`/section\`, ask with \`/ask\`.${notes.length ? `\n${notes.join('\n')}` : ''}`,
    embeds,
    allowed_mentions: { parse: [] },
  };
}
