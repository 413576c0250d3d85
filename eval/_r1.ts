import { loadEvalCorpora } from './corpora.js';
import { ParleyIndex } from '../src/search/index.js';
import { firstHitRank } from './metrics.js';
const corpora = await loadEvalCorpora('eval/corpora');
for (const c of corpora) {
  const index = ParleyIndex.build(c.corpus, { synonyms: c.synonyms, warmUp: false, didYouMean: false });
  for (const q of c.questions) {
    if (!q.answerable) continue;
    const a = index.ask(q.question, { limit: 10 });
    const ranking = a.kind === 'answer' ? a.results.map((h) => h.passage.text) : null;
    const r = firstHitRank(ranking, q.evidence, 10);
    if (r === 1) continue;
    const first = a.kind === 'answer' ? a.results[0]!.passage : undefined;
    const hit = a.kind === 'answer' && r > 0 ? a.results[r - 1]!.passage : undefined;
    const same = first && hit && first.sectionId === hit.sectionId ? 'SAMESEC' : '';
    console.log(`${q.id} r=${r || '-'} ${same} [${q.type}] ${q.question}\n   want: ${q.section} | got: ${first?.headingPath.slice(1).join(' › ') ?? 'no-match'}: ${first?.text.slice(0, 70).replace(/\s+/g, ' ')}`);
  }
}
