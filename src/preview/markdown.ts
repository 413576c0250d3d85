/**
 * Discord Markdown → HTML for the preview page, parsed by `discord-markdown-parser`: Discord's
 * own client is built on simple-markdown, and this package is simple-markdown with Discord's
 * rules (underline `__`, spoilers, `<t:…:R>` timestamps, mentions, subtext, masked links), so the
 * page reads a body the way Discord does rather than the way CommonMark would. Lists are the one
 * block it leaves out; they are split off here line by line, as Discord renders them (a line
 * starting `- `, `* ` or `1. `, outside code fences).
 *
 * Every piece of text is HTML-escaped and only http(s) links become anchors, so a corpus or a
 * member cannot inject markup into the page.
 */
import { parse } from 'discord-markdown-parser';

type Node = { type: string; content?: unknown; [key: string]: unknown };

/** A node's text field (content, target, name, id, lang): simple-markdown fills it with a string. */
const field = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const safeUrl = (url: string): string | undefined => (/^https?:\/\//i.test(url) ? url : undefined);

/** How Discord shows `<t:unix:style>` (en-US, the viewer's time zone). */
export function formatTimestamp(unixSeconds: number, style: string | undefined, now = Date.now()): string {
  const date = new Date(unixSeconds * 1000);
  const f = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', options).format(date);
  switch (style) {
    case 't':
      return f({ hour: 'numeric', minute: '2-digit' });
    case 'T':
      return f({ hour: 'numeric', minute: '2-digit', second: '2-digit' });
    case 'd':
      return f({ month: '2-digit', day: '2-digit', year: 'numeric' });
    case 'D':
      return f({ month: 'long', day: 'numeric', year: 'numeric' });
    case 'F':
      return f({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
    case 'R': {
      const seconds = Math.round((date.getTime() - now) / 1000);
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ['year', 31_536_000],
        ['month', 2_592_000],
        ['day', 86_400],
        ['hour', 3_600],
        ['minute', 60],
        ['second', 1],
      ];
      const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
      return new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' }).format(Math.round(seconds / size), unit);
    }
    default:
      return f({ month: 'long', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
  }
}

function inline(nodes: unknown, names: (id: string) => string | undefined): string {
  if (typeof nodes === 'string') return escapeHtml(nodes);
  if (!Array.isArray(nodes)) return '';
  return (nodes as Node[]).map((node) => nodeHtml(node, names)).join('');
}

function nodeHtml(node: Node, names: (id: string) => string | undefined): string {
  const inner = () => inline(node.content, names);
  switch (node.type) {
    case 'text':
    case 'emoticon':
      return escapeHtml(field(node.content));
    case 'strong':
      return `<strong>${inner()}</strong>`;
    case 'em':
      return `<em>${inner()}</em>`;
    case 'underline':
      return `<u>${inner()}</u>`;
    case 'strikethrough':
      return `<s>${inner()}</s>`;
    case 'spoiler':
      return `<span class="spoiler" tabindex="0">${inner()}</span>`;
    case 'inlineCode':
      return `<code>${escapeHtml(field(node.content))}</code>`;
    case 'codeBlock':
      return `<pre><code${node.lang ? ` data-lang="${escapeHtml(field(node.lang))}"` : ''}>${escapeHtml(field(node.content))}</code></pre>`;
    case 'blockQuote':
      return `<blockquote>${inner()}</blockquote>`;
    case 'heading': {
      const level = Math.min(3, Math.max(1, Number(node.level) || 1));
      return `<h${level + 2} class="md-h${level}">${inner()}</h${level + 2}>`;
    }
    case 'subtext':
      return `<small class="subtext">${inner()}</small>`;
    case 'br':
    case 'newline':
      return '<br>';
    case 'link': {
      const url = safeUrl(field(node.target));
      return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer noopener">${inner()}</a>` : inner();
    }
    case 'url':
    case 'autolink': {
      const url = safeUrl(field(node.target));
      return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer noopener">${inner()}</a>` : inner();
    }
    case 'user':
      return `<span class="mention">@${escapeHtml(names(field(node.id)) ?? 'unknown-user')}</span>`;
    case 'role':
      return `<span class="mention">@role</span>`;
    case 'channel':
      return `<span class="mention">#channel</span>`;
    case 'everyone':
      return `<span class="mention">@everyone</span>`;
    case 'here':
      return `<span class="mention">@here</span>`;
    case 'slashCommand':
      return `<span class="mention">/${escapeHtml(field(node.name))}</span>`;
    case 'timestamp': {
      const seconds = Number(node.timestamp);
      if (!Number.isFinite(seconds)) return '';
      return `<time class="timestamp" datetime="${new Date(seconds * 1000).toISOString()}">${escapeHtml(formatTimestamp(seconds, node.format as string | undefined))}</time>`;
    }
    case 'emoji':
    case 'twemoji':
      return escapeHtml(field(node.name));
    default:
      return node.content !== undefined ? inner() : '';
  }
}

// One space after the marker is matched; the item's text is trimmed after (no backtracking between the two).
const LIST_ITEM = /^(\s*)([-*]|\d{1,9}\.)\s(.*)$/;

type Block =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly { ordered: boolean; text: string }[] };

/** Splits a body into runs of list items (lines starting `- `, `* `, `1. ` outside code fences) and the text between. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let chunk: string[] = [];
  let items: { ordered: boolean; text: string }[] = [];
  let fenced = false;
  const flushChunk = () => {
    if (chunk.length > 0) out.push({ kind: 'text', text: chunk.join('\n') });
    chunk = [];
  };
  const flushList = () => {
    if (items.length > 0) out.push({ kind: 'list', items });
    items = [];
  };
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const item = fenced ? null : LIST_ITEM.exec(line);
    if (item) {
      flushChunk();
      items.push({ ordered: /\d/.test(item[2] ?? ''), text: (item[3] ?? '').trimStart() });
    } else {
      flushList();
      chunk.push(line);
    }
  }
  flushChunk();
  flushList();
  return out;
}

/**
 * Renders a Discord Markdown body (message content, an embed description or field value) as HTML.
 *
 * @example
 * markdownToHtml('**bold** and <t:1700000000:R>'); // → '<strong>bold</strong> and <time …>2 years ago</time>'
 */
export function markdownToHtml(text: string, names: (id: string) => string | undefined = () => undefined): string {
  return blocks(text)
    .map((block) => {
      if (block.kind === 'text') return inline(parse(block.text, 'extended'), names);
      const tag = block.items[0]?.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${inline(parse(item.text, 'extended'), names)}</li>`).join('')}</${tag}>`;
    })
    .join('');
}

function plain(nodes: unknown, names: (id: string) => string | undefined): string {
  if (typeof nodes === 'string') return nodes;
  if (!Array.isArray(nodes)) return '';
  return (nodes as Node[])
    .map((node) => {
      switch (node.type) {
        case 'br':
        case 'newline':
          return '\n';
        case 'inlineCode':
          return field(node.content);
        case 'codeBlock':
          return `\n${field(node.content)}\n`;
        case 'link':
          return `${plain(node.content, names)} (${field(node.target)})`;
        case 'user':
          return `@${names(field(node.id)) ?? 'unknown-user'}`;
        case 'timestamp': {
          const seconds = Number(node.timestamp);
          return Number.isFinite(seconds) ? formatTimestamp(seconds, node.format as string | undefined) : '';
        }
        case 'blockQuote':
          return plain(node.content, names).replace(/^/gm, '> ');
        default:
          return node.content !== undefined
            ? plain(node.content, names)
            : typeof node.name === 'string'
              ? node.name
              : '';
      }
    })
    .join('');
}

/**
 * A Discord Markdown body as the words a reader sees, for a terminal: emphasis dropped, escapes
 * resolved, timestamps and mentions shown as Discord shows them, list items as "• ".
 *
 * @example
 * markdownToText('**Rome** \\(2025\\) <t:1700000000:R>'); // → 'Rome (2025) 2 years ago'
 */
export function markdownToText(text: string, names: (id: string) => string | undefined = () => undefined): string {
  return blocks(text)
    .map((block) =>
      block.kind === 'text'
        ? plain(parse(block.text, 'extended'), names)
        : block.items
            .map((item, i) => `${item.ordered ? `${i + 1}.` : '•'} ${plain(parse(item.text, 'extended'), names)}`)
            .join('\n'),
    )
    .join('\n');
}
