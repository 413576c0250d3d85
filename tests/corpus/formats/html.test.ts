import { readFileSync } from 'node:fs';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { htmlToMdast } from '../../../src/corpus/formats/html.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/corpora/formats/${name}`, import.meta.url), 'utf8');

function headings(tree: Root): string[] {
  return tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => `${'#'.repeat(h.depth)} ${toString(h)}`);
}

describe('htmlToMdast on a page saved from a Sphinx documentation site', () => {
  const page = fixture('celery-debugging.html');
  const { tree, title } = htmlToMdast(page);
  const text = toString(tree);

  it('keeps the page outline from h1–h6, without the ¶ permalinks Sphinx adds', () => {
    expect(headings(tree)).toEqual([
      '# Debugging',
      '## Debugging Tasks Remotely (using pdb)',
      '### Basics',
      '### Tips',
      '#### Enabling the break-point signal',
    ]);
  });

  it('takes the h1 as the title when <title> only adds the site name to it', () => {
    expect(page).toContain('<title>Debugging');
    expect(title).toBe('Debugging');
  });

  it('drops navigation, the sidebar, search and the footer (marked by ARIA roles), keeping the article', () => {
    // Each of these is only in the page's chrome.
    expect(page).toContain('Quick search');
    expect(text).not.toContain('Quick search');
    expect(page).toContain('Celery 5.2.6 documentation');
    expect(text).not.toContain('Celery 5.2.6 documentation');
    expect(page).toMatch(/Copyright/);
    expect(text).not.toMatch(/Copyright/);
    expect(text).toContain('celery.contrib.rdb is an extended version of pdb');
  });

  it('keeps code blocks as code', () => {
    const code = tree.children.filter((n) => n.type === 'code').map((n) => n.value);
    expect(code.some((c) => c.includes('rdb.set_trace()'))).toBe(true);
  });
});

describe('htmlToMdast on hand-written pages', () => {
  it('drops chrome marked by element as well as by role, and cookie notices by class', () => {
    const { tree, source } = htmlToMdast(`<html><head><title>Rules | Example</title><link rel="canonical" href="https://example.org/rules"></head>
      <body><header><a href="/">Home</a></header><div class="cookie-banner">We use cookies</div>
      <main><h1>Rules</h1><p>Be <b>kind</b>, see <a href="https://example.org/faq">the FAQ</a>.</p>
      <aside>Related posts</aside><form><input name="q"></form><script>track()</script></main>
      <footer>© Example</footer></body></html>`);
    const text = toString(tree);
    expect(text).toContain('Be kind, see the FAQ.');
    for (const chrome of ['Home', 'We use cookies', 'Related posts', 'track()', '© Example']) expect(text).not.toContain(chrome);
    expect(source).toBe('https://example.org/rules');
  });

  it('keeps an article header that holds the title, lists, tables and link targets', () => {
    const { tree, title } = htmlToMdast(`<article><header><h1>Roles</h1></header><ul><li>Helper</li><li>Mod</li></ul>
      <table><tr><th>Role</th><th>How</th></tr><tr><td>Helper</td><td>Ask a mod</td></tr></table><p><a href="https://x.org/apply">Apply</a></p></article>`);
    expect(title).toBe('Roles');
    expect(tree.children.map((n) => n.type)).toEqual(['heading', 'list', 'table', 'paragraph']);
    expect(JSON.stringify(tree)).toContain('https://x.org/apply');
  });

  it('reads the whole body when the page marks no main content', () => {
    const { tree } = htmlToMdast('<body><h2>Only</h2><p>Text here.</p></body>');
    expect(toString(tree)).toBe('OnlyText here.');
  });

  it('falls back to og:url for the source and never takes a relative link', () => {
    expect(htmlToMdast('<link rel="canonical" href="/rules"><meta property="og:url" content="https://e.org/r"><p>x</p>').source).toBe('https://e.org/r');
    expect(htmlToMdast('<link rel="canonical" href="/rules"><p>x</p>').source).toBeUndefined();
  });
});
