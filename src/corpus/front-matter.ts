/** Optional `---` front matter (title, source, date) at the top of a .md or .txt file. */
import { parse as parseYaml } from 'yaml';

export interface FrontMatter {
  readonly title?: string;
  readonly source?: string;
  readonly date?: string;
}

export interface FrontMatterResult {
  readonly data: FrontMatter;
  /** The text after the front matter (the whole text when there is none). */
  readonly body: string;
  /** How many lines the front matter took, so body line numbers map back to the file. */
  readonly lineOffset: number;
  /** Why the front matter was ignored, when it could not be read. */
  readonly problem?: { readonly line: number; readonly message: string };
}

const FENCE = /^---[ \t]*$/;
const KNOWN_KEY = /^(?:title|source|url|date|author|authors|tags|categories|description|summary|lang|language|layout|slug|draft)[ \t]*:/im;

/**
 * Splits off a leading front-matter block. A malformed block is reported, not fatal: its lines
 * are dropped and the document is served without the metadata.
 *
 * @example
 * readFrontMatter('---\ntitle: Talks\n---\nBody').data.title; // → 'Talks'
 */
export function readFrontMatter(text: string): FrontMatterResult {
  const lines = text.split('\n');
  if (!FENCE.test(lines[0] ?? '')) return { data: {}, body: text, lineOffset: 0 };
  let close = -1;
  for (let i = 1; i < lines.length && i < 200; i++) {
    if (/^(---|\.\.\.)[ \t]*$/.test(lines[i] ?? '')) {
      close = i;
      break;
    }
  }
  // A lone "---" with no closing fence is a thematic break or stray rule, not front matter.
  if (close === -1) return { data: {}, body: text, lineOffset: 0 };
  const yamlText = lines.slice(1, close).join('\n');
  const body = lines.slice(close + 1).join('\n');
  const lineOffset = close + 1;
  // Only a block with a usual front-matter key is front matter; "---\nNote: …\n---" is content.
  if (!KNOWN_KEY.test(yamlText)) return { data: {}, body: text, lineOffset: 0 };
  let parsed: unknown;
  try {
    parsed = parseYaml(yamlText);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { data: {}, body, lineOffset, problem: { line: 1, message: `front matter is not valid YAML and was ignored (${reason})` } };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { data: {}, body, lineOffset, problem: { line: 1, message: 'front matter is not a list of "key: value" lines and was ignored' } };
  }
  const record = parsed as Record<string, unknown>;
  const data: { title?: string; source?: string; date?: string } = {};
  const title = scalar(record['title']);
  if (title) data.title = title.replace(/\s+/g, ' ');
  const source = scalar(record['source'] ?? record['url']);
  if (source) data.source = source;
  const date = scalar(record['date']);
  if (date) data.date = date;
  return { data, body, lineOffset };
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return undefined;
}
