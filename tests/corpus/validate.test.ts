import { assert, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { parseDocument } from '../../src/corpus/parse.js';
import { EMBED_DESCRIPTION_MAX, EMBED_TITLE_MAX, validateCorpus } from '../../src/corpus/validate.js';
import type { Corpus, Passage } from '../../src/types.js';

const corpusOf = (text: string, file: string): Corpus => {
  const d = parseDocument(text, file);
  return { documents: [d.document], sections: d.sections, passages: d.passages, problems: d.problems };
};

describe('validateCorpus', () => {
  it('finds nothing wrong with the seed', async () => {
    expect(validateCorpus(await loadCorpus('corpus'))).toEqual([]);
  });

  it('reports a heading path too long for an embed title, with its file and line', () => {
    const long = `Part ${'very '.repeat(60)}long`;
    const c = corpusOf(`# Doc\n\n## ${long}\n\nText under it.\n`, 'long.md');
    expect(long.length).toBeGreaterThan(EMBED_TITLE_MAX);
    expect(validateCorpus(c)).toEqual([{ severity: 'error', file: 'long.md', line: 3, message: expect.stringMatching(/embed title holds 256/) }]);
  });

  it('reports duplicate ids and passages too long for an embed description', () => {
    const c = corpusOf('# Doc\n\n## A\n\nOne.\n\n## B\n\nTwo.\n', 'x.md');
    const p = c.passages[0];
    const section = c.sections[0];
    assert.exists(p);
    assert.exists(section);
    const huge: Passage = { ...p, text: 'x'.repeat(EMBED_DESCRIPTION_MAX) };
    const broken: Corpus = {
      ...c,
      sections: [...c.sections, { ...section, passageIds: [] }],
      passages: [huge, ...c.passages],
    };
    const messages = validateCorpus(broken).map((q) => `${q.file}:${q.line}: ${q.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^x\.md:3: section id "x\/a" is used twice/),
      expect.stringMatching(/^x\.md:5: passage x\/a#1 is 4096 characters/),
      expect.stringMatching(/^x\.md:5: passage id "x\/a#1" is used twice/),
    ]);
  });

  it('never produces a passage that fails the embed check, even from huge lists and code blocks', () => {
    const list = Array.from({ length: 400 }, (_, i) => `- item number ${i} with a few words of text`).join('\n');
    const code = ['```', ...Array.from({ length: 400 }, (_, i) => `line ${i} of a long code sample`), '```'].join('\n');
    const c = corpusOf(`# Big\n\n## List\n\n${list}\n\n## Code\n\n${code}\n`, 'big.md');
    expect(validateCorpus(c)).toEqual([]);
    const codeParts = c.passages.filter((p) => p.headingPath[0] === 'Code');
    expect(codeParts.length).toBeGreaterThan(1);
    for (const part of codeParts) {
      expect(part.text).not.toContain('```'); // plain text is the code itself
      expect(part.display).toMatch(/^```\n[\s\S]*\n```$/); // each part still renders as code
    }
  });
});
