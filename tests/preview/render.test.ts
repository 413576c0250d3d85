/**
 * What the preview page shows for a message: Discord Markdown as Discord renders it, embeds,
 * buttons and the ephemeral mark — and never markup smuggled in by a document or a member.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToHtml, markdownToText, formatTimestamp } from '../../src/preview/markdown.js';
import { messageHtml } from '../../src/preview/message-html.js';
import { outlineOf } from '../../src/preview/corpus-view.js';
import type { Corpus } from '../../src/types.js';

const names = (id: string) => (id === '1180000000000000201' ? 'Alex' : undefined);

describe('markdownToHtml', () => {
  it('renders Discord emphasis: bold, italics, underline (not bold, unlike CommonMark), strike, code', () => {
    expect(markdownToHtml('**b** *i* __u__ ~~s~~ `c`')).toBe(
      '<strong>b</strong> <em>i</em> <u>u</u> <s>s</s> <code>c</code>',
    );
  });

  it('renders fenced code with its language, lists, quotes and masked links', () => {
    const html = markdownToHtml(
      'Intro\n- one\n- **two**\n```js\nlet a = 1 < 2;\n```\n> quoted\n[docs](https://example.org/a?b=1&c=2)',
    );
    expect(html).toContain('<ul><li>one</li><li><strong>two</strong></li></ul>');
    expect(html).toContain('<pre><code data-lang="js">let a = 1 &lt; 2;</code></pre>');
    expect(html).toMatch(/<blockquote>quoted(<br>)?<\/blockquote>/);
    expect(html).toContain(
      '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noreferrer noopener">docs</a>',
    );
    expect(markdownToHtml('1. first\n2. second')).toBe('<ol><li>first</li><li>second</li></ol>');
  });

  it('shows timestamps and mentions as Discord does, not as raw markup', () => {
    const now = Date.now();
    const html = markdownToHtml(`asked <t:${Math.floor(now / 1000) - 120}:R> by <@1180000000000000201>`, names);
    expect(html).toMatch(/<time class="timestamp" datetime="[^"]+">2 minutes ago<\/time>/);
    expect(html).toContain('<span class="mention">@Alex</span>');
    expect(html).not.toContain('&lt;t:');
    expect(formatTimestamp(0, 'd')).toMatch(/^\d\d\/\d\d\/19(69|70)$/);
  });

  it('keeps escaped markdown characters literal', () => {
    expect(markdownToHtml('2 \\* 3 \\_x\\_')).toBe('2 * 3 _x_');
  });

  it('never lets text become markup: any input yields no tag it did not build, and no script link', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const html = markdownToHtml(
          `${text}<script>alert(1)</script>[x](javascript:alert(1))<img src=x onerror=alert(1)>`,
        );
        expect(html).not.toMatch(/<script|<img|href="javascript/i);
        const tags = [...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]);
        for (const tag of tags)
          expect([
            'strong',
            'em',
            'u',
            's',
            'code',
            'pre',
            'blockquote',
            'br',
            'a',
            'ul',
            'ol',
            'li',
            'span',
            'time',
            'small',
            'h3',
            'h4',
            'h5',
          ]).toContain(tag);
      }),
      { numRuns: 200 },
    );
  });
});

describe('markdownToText', () => {
  it('gives the words a reader sees: no emphasis marks, escapes resolved, timestamps and lists as shown', () => {
    const seconds = Math.floor(Date.now() / 1000) - 3 * 86_400;
    expect(markdownToText(`**Rome** \\(2025\\) __met__ <t:${seconds}:R>\n- one\n- *two*`)).toBe(
      'Rome (2025) met 3 days ago\n• one\n• two',
    );
    expect(markdownToText('see [the brief](https://example.org) or `code`')).toBe(
      'see the brief (https://example.org) or code',
    );
  });
});

describe('messageHtml', () => {
  const bot = { id: '1180000000000000001', username: 'Parley', global_name: null, bot: true };
  const answer = {
    id: '9',
    author: bot,
    timestamp: new Date().toISOString(),
    flags: 64,
    interaction_metadata: {
      user: { id: '1180000000000000201', username: 'alex', global_name: 'Alex' },
      name: 'ask',
      command_type: 1,
    },
    embeds: [
      {
        color: 0x5865f2,
        author: { name: '🔎 why?' },
        title: 'Venue',
        description: 'The **answer**.',
        fields: [{ name: 'Seen', value: '3', inline: true }],
        footer: { text: 'Doc · passage 1 of 2' },
      },
    ],
    components: [
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: 'More results', custom_id: 'p1:x', emoji: { name: '▶️' } },
          { type: 2, style: 5, label: 'Source', url: 'https://example.org' },
        ],
      },
    ],
  };

  it('draws the embed parts, the buttons with their custom ids, and who used the command', () => {
    const html = messageHtml({ message: answer, names });
    expect(html).toContain('Alex used <span class="command-name">/ask</span>');
    expect(html).toContain('style="border-left-color:#5865f2"');
    expect(html).toContain('<div class="embed-title">Venue</div>');
    expect(html).toContain('<div class="embed-description">The <strong>answer</strong>.</div>');
    expect(html).toContain('<div class="embed-field inline">');
    expect(html).toContain('<div class="embed-footer">Doc · passage 1 of 2</div>');
    expect(html).toContain('data-custom-id="p1:x"');
    expect(html).toContain('href="https://example.org"');
    expect(html).toContain('<span class="app-tag">APP</span>');
  });

  it('marks an ephemeral reply "Only you can see this", and only that one', () => {
    expect(messageHtml({ message: answer, names })).toContain('Only you can see this');
    expect(messageHtml({ message: { ...answer, flags: 0 }, names })).not.toContain('Only you can see this');
  });

  it('escapes what a member typed, including their name', () => {
    const html = messageHtml({
      message: {
        id: '1',
        author: { id: '2', username: '<b>x</b>', global_name: null },
        content: '<img src=x onerror=alert(1)>',
      },
      names,
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('outlineOf', () => {
  it('lists the headings of one document in reading order, with depth and passages, parents once', () => {
    const corpus = {
      documents: [],
      passages: [],
      problems: [],
      sections: [
        { id: 'd/a', documentId: 'd', headingPath: ['Guide'], passageIds: ['1'], line: 1 },
        { id: 'd/b', documentId: 'd', headingPath: ['Guide', 'Setup', 'Linux'], passageIds: ['2', '3'], line: 5 },
        { id: 'd/c', documentId: 'd', headingPath: ['Guide', 'Setup', 'Mac'], passageIds: ['4'], line: 9 },
        { id: 'e/a', documentId: 'e', headingPath: ['Other'], passageIds: ['5'], line: 1 },
      ],
    } as unknown as Corpus;
    expect(outlineOf(corpus, 'd')).toEqual([
      { heading: 'Guide', depth: 0, line: 1, passages: 1 },
      { heading: 'Setup', depth: 1, line: 5, passages: 0 },
      { heading: 'Linux', depth: 2, line: 5, passages: 2 },
      { heading: 'Mac', depth: 2, line: 9, passages: 1 },
    ]);
  });
});
