import { describe, expect, it } from 'vitest';
import { codeBlock, codeSpan, escapeInline, escapeList, escapeText, linkTarget, MENTION_BREAK } from '../../src/corpus/discord-markdown.js';

describe('escaping text for Discord Markdown', () => {
  it('escapes only what Discord would read as markup', () => {
    expect(escapeInline('use snake_case_names, 2*3 and `x`')).toBe('use snake_case_names, 2\\*3 and \\`x\\`');
    expect(escapeInline('_leading and trailing_')).toBe('\\_leading and trailing\\_');
    expect(escapeInline('a ~ b, a ~~ b, a | b, a || b')).toBe('a ~ b, a \\~\\~ b, a | b, a \\|\\| b');
    expect(escapeInline('[not a link] (really) but [this](looks) like one')).toBe('[not a link] (really) but [this\\](looks) like one');
    expect(escapeInline('C:\\path and a\\*b')).toBe('C:\\path and a\\\\\\*b');
    expect(escapeText('# not a heading\n> not a quote\n- not a bullet\n1. not a number\nplain')).toBe(
      '\\# not a heading\n\\> not a quote\n\\- not a bullet\n1\\. not a number\nplain',
    );
  });

  it('keeps a plain-text list a list: item markers stay, the rest of each line is escaped', () => {
    expect(escapeList('- use *.txt files\n* or 2*3\n+ `x`\n1. first\n2) second\n1.2 nested\n• dot')).toBe(
      '- use \\*.txt files\n* or 2\\*3\n+ \\`x\\`\n1. first\n2) second\n1.2 nested\n• dot',
    );
    // A line that is no item (a wrapped line, an address) is escaped as text is.
    expect(escapeList('- item\n# not a heading\n> not a quote\n-not an item')).toBe('- item\n\\# not a heading\n\\> not a quote\n-not an item');
  });

  it('breaks mentions with a zero-width joiner only where one would form', () => {
    expect(escapeInline('hi @everyone and @here, <@123> <#45> </cmd:1>')).toBe(
      `hi @${MENTION_BREAK}everyone and @${MENTION_BREAK}here, <${MENTION_BREAK}@123> <${MENTION_BREAK}#45> <${MENTION_BREAK}/cmd:1>`,
    );
    for (const text of ['minisearch@7.2.0', '@discordjs/proxy', 'admin@example.org', 'npm i -g @dotenvx/dotenvx']) {
      expect(escapeInline(text)).toBe(text);
    }
  });

  it('writes code spans and blocks that hold any code verbatim', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeBlock('npm i', 'sh')).toBe('```sh\nnpm i\n```');
    expect(codeBlock('```\ninner\n```', 'md')).toBe('````md\n```\ninner\n```\n````');
    expect(codeBlock('x', 'not a language!')).toBe('```\nx\n```');
  });

  it('links only web and mail addresses, with the characters that would end a link encoded', () => {
    expect(linkTarget('https://en.wikipedia.org/wiki/Glob_(programming)')).toBe('https://en.wikipedia.org/wiki/Glob_%28programming%29');
    expect(linkTarget('#install')).toBeUndefined();
    expect(linkTarget('javascript:alert(1)')).toBeUndefined();
    expect(linkTarget('mailto:a@b.org')).toBe('mailto:a@b.org');
  });
});
