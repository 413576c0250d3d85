/**
 * Shared domain types: the contract between ingestion, search, the CLI, the bot and the bench.
 * Nothing here imports discord.js.
 */

/** Headings from the top of a document down to a passage's own section. The introduction's path is `[title]`. */
export type HeadingPath = readonly string[];

/** One document of the corpus, as read from `corpus/`. */
export interface DocumentInfo {
  /** Stable id derived from the file name (slug), unique in the corpus. */
  readonly id: string;
  /** Path of the file relative to the corpus folder. */
  readonly file: string;
  /** Front matter `title`, else the first line (plain text) or the opening `#` heading (Markdown), else the file name. */
  readonly title: string;
  /** Front matter `source` URL, when given. */
  readonly source?: string;
  /** Front matter `date`, when given (as written). */
  readonly date?: string;
}

/** A section: the text under one heading path, made of passages (none for a heading whose text is all in its subsections). */
export interface Section {
  /** Stable id: `<documentId>/<slug of heading path>` (made unique within the document). */
  readonly id: string;
  readonly documentId: string;
  readonly headingPath: HeadingPath;
  /** Ids of the section's passages, in reading order. */
  readonly passageIds: readonly string[];
  /** 1-based line of the heading (or of the first paragraph for the introduction). */
  readonly line: number;
}

/**
 * A passage's id: `<sectionId>#<n>`, `n` its 1-based position in the section. The one place the
 * format is written: the parser, the cache and the bench corpora all build ids here.
 *
 * @example passageId('faq/roles', 2) // 'faq/roles#2'
 */
export function passageId(sectionId: string, index: number): string {
  return `${sectionId}#${index}`;
}

/** The unit of retrieval: one paragraph, or a balanced part of a long one. */
export interface Passage {
  /** Stable id (see {@link passageId}); the same text in the same place keeps the same id across restarts. */
  readonly id: string;
  readonly documentId: string;
  /** Title of the document the passage is from. */
  readonly document: string;
  readonly sectionId: string;
  readonly headingPath: HeadingPath;
  /**
   * Plain text: what is indexed, printed by `--json` and matched by the eval. No Markdown syntax,
   * whitespace collapsed, hard-wrapped lines unwrapped; list items and table rows on their own lines.
   */
  readonly text: string;
  /**
   * The same content in Discord Markdown (bold, italics, inline code, fenced code with its
   * language, `[text](url)` links, lists, tables as aligned code blocks), for documents that have
   * structure (Markdown and converted formats). Renderers use `display ?? text`; plain `text` is
   * escaped before display, `display` is not.
   */
  readonly display?: string;
  /** The question heading this passage answers (FAQ shape), on the first passage of a section whose heading is a question. */
  readonly question?: string;
  /** 1-based page, for passages from paged sources (PDF). */
  readonly page?: number;
  /** 1-based position in its section: passage `index` of `count`. */
  readonly index: number;
  readonly count: number;
  /** 1-based line in the source file where the passage starts. */
  readonly line: number;
  /** The document's source URL, when its front matter has one. */
  readonly source?: string;
  /** The source's format: `markdown` (a .md file, or converted to Markdown) or `text` (plain text). Absent means `text`. */
  readonly format?: 'text' | 'markdown';
}

/** Something wrong with a corpus file: the file is skipped (`error`) or served with a caveat (`warning`). */
export interface CorpusProblem {
  readonly severity: 'error' | 'warning';
  /** Path relative to the corpus folder (or the folder itself). */
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line?: number;
  readonly message: string;
}

/** Everything ingestion produced from a corpus folder. */
export interface Corpus {
  readonly documents: readonly DocumentInfo[];
  readonly sections: readonly Section[];
  readonly passages: readonly Passage[];
  readonly problems: readonly CorpusProblem[];
}

/** `[start, end)`: UTF-16 offsets into a passage's `text`. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** One ranked passage of an answer. */
export interface Hit {
  readonly passage: Passage;
  readonly score: number;
  /** Words of the passage that matched the question (surface forms as they appear in the passage text). */
  readonly matchedTerms: readonly string[];
  /** The sentence of the passage that matches the question best (verbatim from `passage.text`). */
  readonly bestSentence: string;
  /** Where {@link Hit.bestSentence} sits: `passage.text.slice(start, end) === bestSentence`. */
  readonly bestSentenceSpan: TextSpan;
  /**
   * Where the matched words sit in `passage.text`, in reading order and apart (each one's text is
   * one of {@link Hit.matchedTerms}, ignoring case). Renderers highlight these, so they never have
   * to find the words again.
   */
  readonly matchedSpans: readonly TextSpan[];
}

/** Why `ask()` found nothing. */
export type NoMatchReason = 'empty' | 'no-terms' | 'off-topic' | 'no-results';

/** What `ask()` returns: expected outcomes are values, never exceptions. */
export type Answer =
  | {
      readonly kind: 'answer';
      readonly question: string;
      readonly results: readonly Hit[];
      readonly total: number;
      /**
       * False for a hedged answer: the best passage covers the question's topic but maybe not its
       * specific ask (part of what it asks about is nowhere in the corpus). Shown with a note.
       */
      readonly confident: boolean;
    }
  | {
      readonly kind: 'no-match';
      readonly question: string;
      readonly reason: NoMatchReason;
      /** "Did you mean" suggestions: corrected or completed queries built from corpus words. */
      readonly suggestions: readonly string[];
    };

/** Options of `ask()`. All optional. */
export interface AskOptions {
  /** How many passages to return (default 3). */
  readonly limit?: number;
  /** How many ranked passages to skip first, for paging (default 0). */
  readonly offset?: number;
}

/**
 * The longest question `ask()` reads as written; longer text is cut at a word (by the index) or,
 * in the bot, reduced to its key terms first. The bot shows the question back above its answer
 * as an embed's author line — Discord allows 256 characters there, less the 🔎 prefix — and the
 * paging buttons of a long question read it back from that line, so a longer question would
 * lose its paging. A question is a sentence or two; a pasted paragraph is better served by its
 * key terms than by its first words. The `/ask question` option accepts no more than this.
 */
export const QUESTION_MAX_LENGTH = 250;

/**
 * What the bot, the CLI, the HTTP endpoint and the bench need from a built index.
 * Implemented by `ParleyIndex` in `src/search/index.ts`.
 */
export interface Searcher {
  readonly corpus: Corpus;
  /** When this index was built (or loaded from cache). */
  readonly builtAt: Date;
  /** Ranked passages for a question (read up to {@link QUESTION_MAX_LENGTH} characters), or `no-match`. Never throws on any string. */
  ask(question: string, options?: AskOptions): Answer;
  /**
   * Autocomplete: completions of a partly typed question, built from corpus words (at most `limit`,
   * default 10). Not "suggest": a suggestion is a "did you mean" of a no-match answer.
   */
  complete(partial: string, limit?: number): readonly string[];
  /**
   * Loads what makes the first questions fast, in small slices with the event loop free between
   * them; answering never needs it. Stops early when `signal` aborts.
   */
  warmUp?(options?: { readonly signal?: AbortSignal }): Promise<void>;
}
