/**
 * `npm run validate-corpus [-- --dir FOLDER] [--outline] [--strict]`: lints the corpus the bot
 * would serve. Prints the counts, with `--outline` each document's headings as an indented
 * outline, the line ranges left out on purpose (table of contents, boilerplate, image rows) as
 * `file:from-to: note: …` so an admin can check them, then each problem as
 * `file:line: severity: message` — suspicious shapes included (many tiny passages, a line that
 * looks like a heading but was read as text). Exits 1 when a file is skipped or nothing is
 * usable (also on warnings with --strict), 2 on a usage mistake or a setting the bot would refuse.
 *
 * The corpus is read the way the bot reads it: the same configuration (CORPUS_DIR,
 * CORPUS_MAX_FILE_MB, CORPUS_MAX_FILES, CORPUS_LINKS_OUTSIDE, CORPUS_PARSE_TIMEOUT, INDEX_CACHE_DIR)
 * through `Engine.readCorpus`, the first half of the bot's start.
 */
import { isFsError } from '../fs-error.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { parseFile } from '../corpus/formats/index.js';
import { Engine } from '../engine/engine.js';
import { engineOptions } from '../engine/from-config.js';
import { formatOutline, shapeWarnings } from '../corpus/outline.js';
import type { ParsedDocument } from '../corpus/parse.js';
import { validateCorpus } from '../corpus/validate.js';
import { synonymProblems } from '../search/synonyms.js';
import type { CorpusProblem } from '../types.js';
import { endQuietlyWhenReaderCloses } from './stdout.js';

const USAGE = `Usage: npm run validate-corpus -- [--dir FOLDER] [--outline] [--max-file-bytes N] [--strict]
  --dir FOLDER        corpus folder (default: $CORPUS_DIR, else ./corpus)
  --outline           print each document's headings as an indented outline
  --max-file-bytes N  per-file size limit in bytes (default: $CORPUS_MAX_FILE_MB megabytes, else 5 MB)
  --strict            fail on warnings too
The other corpus settings are the bot's (.env and the environment).`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        'max-file-bytes': { type: 'string' },
        strict: { type: 'boolean', default: false },
        outline: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`validate-corpus: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // The same .env and the same parsing the bot uses, so every setting means what it means to the bot.
  const config = loadConfig('corpus');
  for (const warning of config.warnings ?? []) console.error(`validate-corpus: warning: ${warning}`);
  if (!config.ok) {
    console.error(`validate-corpus: ${config.error}`);
    return 2;
  }
  const options = engineOptions(config.config);
  const dir = values.dir ?? options.corpusDir;
  let load = options.load;
  const bytesRaw = values['max-file-bytes'];
  if (bytesRaw !== undefined) {
    const maxFileBytes = Number(bytesRaw);
    if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0) {
      console.error(`validate-corpus: --max-file-bytes must be a positive whole number of bytes, got "${bytesRaw}"`);
      return 2;
    }
    load = { ...load, maxFileBytes };
  }

  const corpus = await Engine.readCorpus({ ...options, corpusDir: dir, load });
  // Each document parsed again on its own (documents are small): what was left out, its outline, its shape.
  const parsed = new Map<string, ParsedDocument | undefined>();
  for (const doc of corpus.documents) parsed.set(doc.file, await reparse(dir, doc.file, doc.id));
  const shapes = [...parsed.values()].flatMap((d) => (d ? shapeWarnings(d) : []));
  const problems = [...corpus.problems, ...validateCorpus(corpus), ...shapes, ...synonymProblems(dir)];
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  console.log(
    `corpus ${dir}: ${plural(corpus.documents.length, 'document')}, ${plural(corpus.sections.length, 'section')}, ${plural(corpus.passages.length, 'passage')}`,
  );
  const count = (ids: ReadonlyArray<{ documentId: string }>): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of ids) m.set(x.documentId, (m.get(x.documentId) ?? 0) + 1);
    return m;
  };
  const sectionsOf = count(corpus.sections);
  const passagesOf = count(corpus.passages);
  for (const doc of corpus.documents) {
    console.log(
      `  ${doc.file}: "${doc.title}" — ${plural(sectionsOf.get(doc.id) ?? 0, 'section')}, ${plural(passagesOf.get(doc.id) ?? 0, 'passage')}`,
    );
  }
  if (values.outline) {
    for (const doc of corpus.documents) {
      const d = parsed.get(doc.file);
      if (d) for (const line of formatOutline(d)) console.log(line);
    }
  }
  for (const doc of corpus.documents) {
    for (const s of parsed.get(doc.file)?.skipped ?? []) {
      const lines = s.endLine > s.line ? `${s.line}-${s.endLine}` : `${s.line}`;
      console.log(`${path.join(dir, doc.file)}:${lines}: note: not indexed (${s.reason})`);
    }
  }
  const sorted = [...problems].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0),
  );
  for (const p of sorted) console.log(formatProblem(dir, p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const failed = errors > 0 || (values.strict && warnings > 0);
  console.log(`${failed ? 'FAILED' : 'OK'}: ${errors} error(s), ${warnings} warning(s)`);
  return failed ? 1 : 0;
}

/** One document parsed again from its file, or undefined when it changed or went since loading. */
async function reparse(dir: string, file: string, documentId: string): Promise<ParsedDocument | undefined> {
  try {
    // The loader's own path for every format, so the outline is the one the bot serves.
    const result = await parseFile(await readFile(path.join(dir, file)), file, { documentId });
    return result.kind === 'ok' ? result.parsed : undefined;
  } catch (error) {
    // Gone or unreadable since loading: its problems, if any, show on the next run.
    if (!isFsError(error)) throw error;
    return undefined;
  }
}

/** `corpus/a.txt:12: error: message` — the form editors and CI annotate. */
function formatProblem(dir: string, p: CorpusProblem): string {
  const where = p.file === dir ? dir : path.join(dir, p.file);
  return `${where}${p.line !== undefined ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`;
}

endQuietlyWhenReaderCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`validate-corpus: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
