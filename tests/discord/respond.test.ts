import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, neutralizeMentions, stripInvisible } from '../../src/discord/escape.js';
import {
  AUTOCOMPLETE_MAX_CHOICES,
  choices,
  closeOpenMarkers,
  cutMarkdown,
  EMBED_TOTAL_MAX,
  embedLength,
  fitMessage,
  MESSAGE_CONTENT_MAX,
  toWebhookEdit,
  message,
} from '../../src/discord/respond.js';
import { liveMentions } from '../support/safe-reply.js';
import { markerCounts } from './helpers.js';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';

describe('escapeMarkdown', () => {
  it('makes markdown render literally and breaks every mention form', () => {
    expect(escapeMarkdown('**bold** _it_ `code` ~~s~~ |spoiler| [l](u)')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|spoiler\\| \\[l\\]\\(u\\)',
    );
    expect(escapeMarkdown('# title\n> quote\n- item\n1. first')).toBe('\\# title\n\\> quote\n\\- item\n1\\. first');
    const text =
      '@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678> <#123456789012345678>';
    expect(liveMentions(escapeMarkdown(text))).toEqual([]);
  });

  it('leaves no live mention for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(liveMentions(escapeMarkdown(s))).toEqual([]);
      }),
    );
  });

  it('neutralises mentions without markdown for plain fields', () => {
    expect(neutralizeMentions('@everyone <@1>')).toBe('@\u200deveryone <\u200d@1>');
    // Only where a mention would form: addresses and package names are copied as they are.
    expect(neutralizeMentions('minisearch@7.2.0, @discordjs/proxy, admin@example.org')).toBe(
      'minisearch@7.2.0, @discordjs/proxy, admin@example.org',
    );
  });

  it('strips bidi overrides and zero-width characters but keeps line breaks', () => {
    expect(stripInvisible('a\u202eb\u200bc\nd\u0000')).toBe('abc\nd');
  });
});

describe('cutMarkdown', () => {
  it('cuts at a word boundary and closes markers left open', () => {
    const out = cutMarkdown('plain **bold words that go on and on** tail', 25);
    expect(out.length).toBeLessThanOrEqual(25);
    expect(out.endsWith('…')).toBe(true);
    expect(markerCounts(out).bold % 2).toBe(0);
    expect(out).not.toMatch(/\w…$|\s\*\*…$/);
  });

  it('never leaves a dangling escape', () => {
    expect(cutMarkdown('abc \\*\\*\\*\\*\\*\\*\\*\\*', 9)).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
  });

  it('fits any text in any room', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 0, max: 300 }), (text, max) => {
        const out = cutMarkdown(escapeMarkdown(text), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(liveMentions(out)).toEqual([]);
      }),
    );
  });

  it('closes crossed markers in order', () => {
    expect(closeOpenMarkers('__a **b')).toBe('__a **b**__');
  });
});

describe('fitMessage', () => {
  it('always sets allowed_mentions to nobody unless a reply names someone', () => {
    expect(fitMessage({ content: 'hi' }).allowed_mentions).toEqual({ parse: [] });
    expect(fitMessage({ content: 'hi', allowed_mentions: { parse: [], users: ['1'] } }).allowed_mentions).toEqual({
      parse: [],
      users: ['1'],
    });
  });

  it('drops embeds past 10 and trims to 6000 characters across embeds', () => {
    const embeds = Array.from({ length: 12 }, (_, i) => ({ title: `t${i}`, description: 'word '.repeat(400) }));
    const data = fitMessage({ content: 'x'.repeat(3000), embeds });
    expect(data.content?.length).toBeLessThanOrEqual(MESSAGE_CONTENT_MAX);
    expect(data.embeds?.length).toBeLessThanOrEqual(10);
    expect((data.embeds ?? []).reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
  });

  it('drops a button that repeats a custom id, and rows left empty', () => {
    const button = (id: string) =>
      ({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'x', custom_id: id }) as const;
    const data = fitMessage({
      components: [
        { type: ComponentType.ActionRow, components: [button('a'), button('b')] },
        { type: ComponentType.ActionRow, components: [button('a')] },
      ],
    });
    expect(data.components).toEqual([{ type: 1, components: [button('a'), button('b')] }]);
  });

  it('removes URLs Discord would reject', () => {
    expect(fitMessage({ embeds: [{ title: 't', url: 'javascript:x' }] }).embeds?.[0]?.url).toBeUndefined();
  });
});

describe('choices', () => {
  it('returns at most 25 choices with names of 1–100 characters and values of at most 100', () => {
    const list = Array.from({ length: 40 }, (_, i) => ({ name: 'n'.repeat(i * 5), value: `${i}${'v'.repeat(i * 4)}` }));
    const response = choices(list);
    expect(response.type).toBe(8);
    const out = (response as { data: { choices: { name: string; value: string }[] } }).data.choices;
    expect(out.length).toBeLessThanOrEqual(AUTOCOMPLETE_MAX_CHOICES);
    for (const c of out) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('ephemeral and webhook bodies', () => {
  it('marks private replies with flag 64 and drops flags when editing a deferral', () => {
    const response = message({ content: 'x' }, { ephemeral: true });
    expect(response).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(toWebhookEdit(response)).toEqual({ content: 'x', allowed_mentions: { parse: [] } });
  });
});
