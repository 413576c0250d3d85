/**
 * `npm run --silent explain -- --corpus <dir> "question"`: how Parley reads a question — its groups
 * (alternatives, whether the corpus has them, name/content weights), the missing share, and the top
 * passages with their coverage. For looking into a miss of the eval.
 */
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.js';
import { ParleyIndex } from '../src/search/index.js';
import { corpusSynonyms } from '../src/search/synonyms.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { corpus: { type: 'string' } }, allowPositionals: true });
  const dir = values.corpus ?? 'corpus';
  const index = ParleyIndex.build(await loadCorpus(dir), { synonyms: corpusSynonyms(dir).table, warmUp: false });
  for (const question of positionals) {
    const { plan, ranked, missing: m } = index.diagnose(question);
    const lines = [`? ${question}`];
    for (const g of plan.groups) {
      const alts = g.alternatives.map((a) => `${a.kind}:${a.terms.join('+')}@${a.weight.toFixed(2)}`).join(' ');
      lines.push(
        `  ${g.label.padEnd(16)} ${g.unmatched ? 'MISSING' : '       '} name=${g.name ? 1 : 0} content=${g.content.toFixed(2)} spec=${g.specificity.toFixed(2)}  ${alts}`,
      );
    }
    lines.push(`  missing share ${m.share.toFixed(2)} name ${m.name ?? '-'}  answerType ${plan.answerType ?? '-'}`);
    lines.push(
      `  best coverage ${Math.max(0, ...ranked.map((c) => c.coverage)).toFixed(2)}; top 5 by coverage: ${ranked
        .slice(0, 5)
        .map((c) => `${c.coverage.toFixed(2)}/${c.contentCoverage.toFixed(2)}`)
        .join(' ')}`,
    );
    const answer = index.ask(question, { limit: 5 });
    if (answer.kind === 'no-match') lines.push(`  → no-match (${answer.reason})`);
    else {
      lines.push(`  → answer, confident ${answer.confident}`);
      for (const h of answer.results)
        lines.push(
          `    ${h.score.toFixed(2)}  ${h.passage.headingPath.join(' › ').slice(0, 70)}: ${h.passage.text.slice(0, 80).replace(/\s+/g, ' ')}`,
        );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

void main();
