/**
 * The seed index built in-process, only to CHOOSE inputs for the end-to-end suites whose outcome
 * depends on ranking details that the search work keeps tuning (which misspelt question still
 * ends in no-match with suggestions). The suites then check what the real bot process sends.
 */
import { pino } from 'pino';
import { Engine } from '../../src/engine/engine.js';

/** Misspelt questions mixing words the seed lacks with words it has. */
const NO_MATCH_CANDIDATES = [
  'pizza recipes with uranum',
  'guitar lessons about sanctons',
  'quantum physics of uranum',
  'zzzz enrichmant',
  'jcpoa deel',
  'pizza negotiatons in rme',
  'football scores of the enrichmant',
  'volcano eruptions and sanctons',
];

export interface NoMatchCase {
  question: string;
  suggestions: readonly string[];
}

let chosen: Promise<NoMatchCase> | undefined;

/** The first candidate question the seed answers with no-match plus "did you mean" suggestions (chosen once per file). */
export function noMatchWithSuggestions(): Promise<NoMatchCase> {
  chosen ??= choose();
  return chosen;
}

async function choose(): Promise<NoMatchCase> {
  const started = await Engine.start({ corpusDir: 'corpus', logger: pino({ level: 'silent' }) });
  if (started.kind === 'no-document') throw new Error(started.message);
  try {
    for (const question of NO_MATCH_CANDIDATES) {
      const answer = started.engine.current.ask(question);
      if (answer.kind === 'no-match' && answer.suggestions.length > 0)
        return { question, suggestions: answer.suggestions };
    }
  } finally {
    started.engine.close();
  }
  throw new Error(
    `none of ${NO_MATCH_CANDIDATES.length} misspelt off-topic questions yields a no-match with suggestions any more`,
  );
}
