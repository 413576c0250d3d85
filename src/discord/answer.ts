/**
 * From a query to a message: `searcher.ask()` for one page of passages, rendered as embeds, or
 * the no-match reply. Shared by `/ask`, its paging buttons and "Find sources".
 */
import type { Searcher } from '../types.js';
import { pageSize } from './page-size.js';
import { renderAnswer, renderNoMatch } from './render.js';
import type { MessageData } from './respond.js';

export interface AnswerPage {
  readonly data: MessageData;
  /** `answer` or `no-match:<reason>` (for the interaction log line). */
  readonly outcome: string;
  readonly matched: boolean;
}

export interface AnswerPageOptions {
  readonly offset?: number;
  readonly limit?: number;
  readonly forUserId?: string;
}

/**
 * One page of the answer to `query`. Asks for every passage up to the page so relevance is
 * measured against the best passage overall, not the best of this page; a page past the end
 * (the corpus changed since the button was made) falls back to the last page.
 */
export function answerPage(searcher: Searcher, query: string, options: AnswerPageOptions = {}): AnswerPage {
  const limit = pageSize(options.limit);
  let offset = Math.max(0, Math.trunc(options.offset ?? 0));
  const answer = searcher.ask(query, { limit: offset + limit });
  if (answer.kind === 'no-match') {
    return {
      data: renderNoMatch(query, answer.reason, answer.suggestions),
      outcome: `no-match:${answer.reason}`,
      matched: false,
    };
  }
  let hits = answer.results.slice(offset, offset + limit);
  if (hits.length === 0 && answer.results.length > 0) {
    offset = Math.floor((answer.results.length - 1) / limit) * limit;
    hits = answer.results.slice(offset, offset + limit);
  }
  const data = renderAnswer({
    query,
    hits,
    topScore: answer.results[0]?.score ?? 0,
    offset,
    limit,
    total: Math.max(answer.total, answer.results.length),
    hedged: !answer.confident,
    ...(options.forUserId ? { forUserId: options.forUserId } : {}),
  });
  return { data, outcome: 'answer', matched: true };
}
