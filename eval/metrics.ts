/**
 * Retrieval figures for the eval: a returned passage is a hit when its text contains one of the
 * question's evidence strings (case- and whitespace-insensitive; curly quotes and apostrophes count
 * as straight ones, on both sides alike).
 */

/** One question of a question file (the format of `eval/dev.json`). */
export interface EvalQuestion {
  readonly id: string;
  readonly question: string;
  readonly answerable: boolean;
  readonly section: string | null;
  readonly evidence: readonly string[];
  readonly type: string;
}

/** What an engine returned for one question: passage texts best first, or `null` for no-match. */
export type Ranking = readonly string[] | null;

/** The six figures of one engine over a question set. */
export interface Figures {
  readonly recall1: number;
  readonly recall3: number;
  readonly recall5: number;
  readonly mrr: number;
  readonly abstainAccuracy: number;
  readonly falseAbstain: number;
}

/** Lower case, one space for any run of white space, straight quotes for curly ones. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The passage text contains one of the evidence strings. */
export function isHit(passageText: string, evidence: readonly string[]): boolean {
  const text = normalizeForMatch(passageText);
  return evidence.some((e) => {
    const needle = normalizeForMatch(e);
    return needle.length > 0 && text.includes(needle);
  });
}

/** 1-based rank of the first hit within the first `depth` results, or 0. */
export function firstHitRank(ranking: Ranking, evidence: readonly string[], depth = 10): number {
  if (ranking === null) return 0;
  for (let i = 0; i < Math.min(depth, ranking.length); i++) {
    if (isHit(ranking[i] as string, evidence)) return i + 1;
  }
  return 0;
}

/**
 * Recall@1/3/5 and MRR@10 over the answerable questions; abstainAccuracy over all (unanswerable →
 * no-match, answerable → an answer); falseAbstain: share of answerable questions given no-match.
 */
export function figures(questions: readonly EvalQuestion[], rankings: readonly Ranking[]): Figures {
  let answerable = 0;
  let r1 = 0;
  let r3 = 0;
  let r5 = 0;
  let reciprocal = 0;
  let abstainRight = 0;
  let falseAbstain = 0;
  questions.forEach((q, i) => {
    const ranking = rankings[i] ?? null;
    if (!q.answerable) {
      if (ranking === null) abstainRight++;
      return;
    }
    answerable++;
    if (ranking === null) falseAbstain++;
    else abstainRight++;
    const rank = firstHitRank(ranking, q.evidence, 10);
    if (rank === 1) r1++;
    if (rank >= 1 && rank <= 3) r3++;
    if (rank >= 1 && rank <= 5) r5++;
    if (rank >= 1) reciprocal += 1 / rank;
  });
  const over = (n: number, d: number) => (d === 0 ? 0 : round(n / d));
  return {
    recall1: over(r1, answerable),
    recall3: over(r3, answerable),
    recall5: over(r5, answerable),
    mrr: over(reciprocal, answerable),
    abstainAccuracy: over(abstainRight, questions.length),
    falseAbstain: over(falseAbstain, answerable),
  };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** Reads and checks a question file; throws a `Parley:` error naming what is wrong. */
export function parseQuestions(json: unknown): EvalQuestion[] {
  if (!Array.isArray(json)) throw new Error('Parley: a question file holds a JSON array of questions');
  return json.map((item: unknown, i) => {
    const q = (typeof item === 'object' && item !== null ? item : {}) as Partial<EvalQuestion>;
    if (typeof q.question !== 'string' || typeof q.answerable !== 'boolean') {
      throw new Error(`Parley: question ${i + 1} needs "question" (string) and "answerable" (boolean)`);
    }
    const evidence = Array.isArray(q.evidence) ? q.evidence.filter((e): e is string => typeof e === 'string') : [];
    return {
      id: typeof q.id === 'string' ? q.id : `q${i + 1}`,
      question: q.question,
      answerable: q.answerable,
      section: typeof q.section === 'string' ? q.section : null,
      evidence,
      type: typeof q.type === 'string' ? q.type : 'other',
    };
  });
}
