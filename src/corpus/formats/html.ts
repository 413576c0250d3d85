/**
 * HTML (a page saved from a help centre, wiki or documentation site) → mdast, so it goes through
 * the same document tree as Markdown. Only the page's content is kept: the `main`/`article`
 * element when there is one, and never navigation, banners, sidebars, footers, scripts, styles,
 * forms or cookie notices, whether marked by element (`nav`, `aside` …) or by ARIA role (as Sphinx
 * and other documentation generators mark them).
 */
import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toMdast } from 'hast-util-to-mdast';
import { toString as hastToString } from 'hast-util-to-string';
import type { Root as MdastRoot } from 'mdast';

/** What a converter made of a file: an mdast tree with what the page says about itself. */
export interface ConvertedDocument {
  readonly tree: MdastRoot;
  /** The page's own title (`<title>`, else its first `h1`), when it has one. */
  readonly title?: string;
  /** Where the page lives (`<link rel="canonical">`, `og:url`), when it says. */
  readonly source?: string;
}

/** Elements that are never a page's content. */
const DROPPED_ELEMENTS = ['nav', 'aside', 'footer', 'script', 'style', 'noscript', 'template', 'form', 'button', 'iframe', 'svg', 'canvas', 'dialog', 'select', 'input', 'textarea'];

/** ARIA landmark roles that mark chrome around the content. */
const DROPPED_ROLES = ['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alertdialog', 'menu', 'menubar', 'toolbar'];

/**
 * Class or id words of consent banners and similar overlays. Matched as whole words of the
 * attribute so an article about cookies keeps its `div class="recipe"`.
 */
const DROPPED_MARKERS = ['cookie', 'cookies', 'consent', 'gdpr', 'cookie-banner', 'cookie-notice', 'skip-link', 'headerlink', 'sphinxsidebar', 'related', 'breadcrumbs', 'toc-drawer', 'sidebar-drawer'];

/**
 * Converts an HTML page to mdast.
 *
 * @example
 * const { tree, title } = htmlToMdast('<title>Rules</title><main><h1>Rules</h1><p>Be kind.</p></main>');
 * title; // → 'Rules'
 */
export function htmlToMdast(html: string): ConvertedDocument {
  const page = fromHtml(html);
  const title = pageTitle(page);
  const source = pageSource(page);
  const content = contentRoot(page);
  prune(content);
  markCaptions(content);
  const tree = toMdast(content);
  const root: MdastRoot = tree.type === 'root' ? tree : { type: 'root', children: [tree] };
  return { tree: root, ...(title ? { title } : {}), ...(source ? { source } : {}) };
}

/**
 * `<title>` often carries the site's name too ("FAQ - Black 24.2 documentation"): when the page's
 * first `h1` stands inside it, the `h1` is the document's own title.
 */
function pageTitle(page: HastRoot): string | undefined {
  const fromTitle = select('title', page);
  const title = fromTitle ? clean(hastToString(fromTitle)) : '';
  const h1 = select('h1', page);
  const heading = h1 ? trimPermalink(clean(hastToString(h1))) : '';
  if (heading && (!title || title.toLowerCase().includes(heading.toLowerCase()))) return heading;
  return title || heading || undefined;
}

function pageSource(page: HastRoot): string | undefined {
  const canonical = selectAll('link', page).find((link) => relWords(link).includes('canonical'));
  const href = canonical ? stringProperty(canonical, 'href') : undefined;
  if (href && /^https?:\/\//i.test(href)) return href;
  for (const meta of selectAll('meta', page)) {
    const name = (stringProperty(meta, 'property') ?? stringProperty(meta, 'name') ?? '').toLowerCase();
    const content = stringProperty(meta, 'content');
    if ((name === 'og:url' || name === 'source' || name === 'dc.source') && content && /^https?:\/\//i.test(content)) return content;
  }
  return undefined;
}

/** The element holding the content: `main`, else the only `article`, else `role=main`, else the body. */
function contentRoot(page: HastRoot): HastRoot {
  const main = select('main', page) ?? select('[role=main]', page);
  const articles = selectAll('article', page);
  const chosen: Element | undefined = main ?? (articles.length === 1 ? articles[0] : undefined) ?? select('body', page) ?? undefined;
  if (!chosen) return page;
  // Outside the content root a page header is site chrome; inside it, it often holds the h1.
  return { type: 'root', children: [chosen] };
}

function prune(node: HastRoot | Element): void {
  node.children = node.children.filter((child) => !(child.type === 'element' && isChrome(child, node)) && child.type !== 'comment');
  for (const child of node.children) if (child.type === 'element') prune(child);
}

/** Block elements that make a caption more than a line of text. */
const CAPTION_BLOCKS = new Set(['p', 'div', 'ul', 'ol', 'dl', 'table', 'pre', 'blockquote']);

/**
 * A `figcaption` of one line of text is read as italic text, as Markdown writes a caption under
 * an image, so the document tree keeps it with the text next to the figure.
 */
function markCaptions(node: HastRoot | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'figcaption' && !child.children.some((c) => c.type === 'element' && CAPTION_BLOCKS.has(c.tagName))) {
      child.children = [{ type: 'element', tagName: 'em', properties: {}, children: child.children }];
    } else markCaptions(child);
  }
}

function isChrome(element: Element, parent: HastRoot | Element): boolean {
  if (DROPPED_ELEMENTS.includes(element.tagName)) return true;
  // A site header is chrome; an article's own header holds its title.
  if (element.tagName === 'header' && !(parent.type === 'element' && (parent.tagName === 'article' || parent.tagName === 'main'))) return true;
  const props = element.properties;
  if (props.hidden !== undefined && props.hidden !== false) return true;
  if (String(props.ariaHidden ?? '') === 'true') return true;
  const role = stringProperty(element, 'role')?.toLowerCase();
  if (role && DROPPED_ROLES.includes(role)) return true;
  const markers = [...classWords(element), ...(stringProperty(element, 'id') ?? '').toLowerCase().split(/\s+/)];
  return markers.some((word) => DROPPED_MARKERS.includes(word));
}

function classWords(element: Element): string[] {
  return listProperty(element, 'className');
}

function relWords(element: Element): string[] {
  return listProperty(element, 'rel');
}

/** hast keeps space-separated attributes (`class`, `rel`) as arrays. */
function listProperty(element: Element, name: string): string[] {
  const value: unknown = element.properties[name];
  const words = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
  return words.map((w) => w.toLowerCase());
}

function stringProperty(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  return typeof value === 'string' ? value : undefined;
}

/** Strips the `¶`/`#` permalink marks documentation generators put after a heading. */
function trimPermalink(text: string): string {
  let end = text.length;
  while (end > 0 && ' ¶#'.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export type { HastNodes };
