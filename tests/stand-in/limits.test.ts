import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkAutocompleteLimits,
  checkCallbackLimits,
  checkCommandListLimits,
  checkMessageLimits,
  embedCharacters,
  formatLimitPath,
  pingsOf,
} from '../support/limits.js';
import { validateRequestBody } from '../support/openapi-validator.js';

const paths = (violations: { path: readonly (string | number)[] }[]): string[] =>
  violations.map((v) => formatLimitPath(v.path));

describe('documented limits', () => {
  it('counts title, description, field names and values, footer and author towards the 6,000', () => {
    const embed = {
      title: 'ab',
      description: 'cde',
      fields: [{ name: 'f', value: 'gh' }],
      footer: { text: 'ij' },
      author: { name: 'k' },
      url: 'https://not.counted',
    };
    expect(embedCharacters(embed)).toBe(11);
  });

  it('allows exactly 6,000 characters across embeds and rejects 6,001', () => {
    const at = (n: number) => ({ embeds: [{ description: 'a'.repeat(4096) }, { description: 'b'.repeat(n - 4096) }] });
    expect(checkMessageLimits(at(6000))).toEqual([]);
    expect(paths(checkMessageLimits(at(6001)))).toEqual(['embeds']);
  });

  it('counts characters, not UTF-16 units, as Discord does', () => {
    expect(checkMessageLimits({ content: '😀'.repeat(2000) })).toEqual([]);
    expect(paths(checkMessageLimits({ content: '😀'.repeat(2001) }))).toEqual(['content']);
  });

  it('names every broken limit of a callback with its path under data', () => {
    const violations = checkCallbackLimits({
      type: 4,
      data: {
        embeds: [
          {
            title: 't'.repeat(257),
            fields: [{ name: '', value: 'v'.repeat(1025) }],
            footer: { text: 'f'.repeat(2049) },
          },
        ],
        components: [
          {
            type: 1,
            components: Array.from({ length: 6 }, (_, k) => ({
              type: 2,
              style: 1,
              label: 'l'.repeat(81),
              custom_id: `id${k}`,
            })),
          },
          { type: 1, components: [{ type: 2, style: 1, label: 'dup', custom_id: 'id0' }] },
        ],
      },
    });
    expect(paths(violations)).toEqual(
      expect.arrayContaining([
        'data.embeds[0].title',
        'data.embeds[0].fields[0].name',
        'data.embeds[0].fields[0].value',
        'data.embeds[0].footer.text',
        'data.components[0].components',
        'data.components[0].components[0].label',
        'data.components[1].components[0].custom_id',
      ]),
    );
  });

  it('rejects more than 5 action rows and link buttons with a custom id', () => {
    const row = (id: string) => ({ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: id }] });
    expect(paths(checkMessageLimits({ components: ['a', 'b', 'c', 'd', 'e', 'f'].map(row) }))).toEqual(['components']);
    expect(
      paths(
        checkMessageLimits({
          components: [
            { type: 1, components: [{ type: 2, style: 5, label: 'x', url: 'https://x.y', custom_id: 'no' }] },
          ],
        }),
      ),
    ).toEqual(['components[0].components[0].custom_id']);
  });

  it('checks autocomplete choices: at most 25, names 1–100, string values up to 100', () => {
    expect(checkAutocompleteLimits({ choices: [{ name: 'n', value: 'v'.repeat(100) }] })).toEqual([]);
    expect(paths(checkAutocompleteLimits({ choices: [{ name: '', value: 'v'.repeat(101) }] }))).toEqual([
      'choices[0].name',
      'choices[0].value',
    ]);
  });

  it('rejects allowed_mentions that both parse users and list them', () => {
    expect(paths(checkMessageLimits({ allowed_mentions: { parse: ['users'], users: ['1'] } }))).toEqual([
      'allowed_mentions.parse',
    ]);
    expect(paths(checkMessageLimits({ allowed_mentions: { parse: ['nobody'] } }))).toEqual([
      'allowed_mentions.parse[0]',
    ]);
  });

  it('checks command names, descriptions, options and duplicates', () => {
    expect(
      checkCommandListLimits([
        { name: 'ask', description: 'Ask', options: [{ type: 3, name: 'question', description: 'q', required: true }] },
        { name: 'Find sources', type: 3 },
      ]),
    ).toEqual([]);
    expect(
      paths(
        checkCommandListLimits([
          { name: 'ask', description: 'a' },
          { name: 'ask', description: 'b' },
        ]),
      ),
    ).toEqual(['1.name']);
    expect(
      paths(
        checkCommandListLimits([
          {
            name: 'ask',
            description: 'a',
            options: [
              { type: 3, name: 'a', description: 'x' },
              { type: 3, name: 'b', description: 'x', required: true },
            ],
          },
        ]),
      ),
    ).toEqual(['0.options[1].required']);
  });

  it('passes every message within the limits, whatever its text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 2000, unit: 'grapheme' }),
        fc.array(fc.string({ minLength: 1, maxLength: 256 }), { maxLength: 10 }),
        (content, titles) => {
          const body = {
            content: Array.from(content).slice(0, 2000).join(''),
            embeds: titles.map((title) => ({ title })),
          };
          expect(checkMessageLimits(body)).toEqual([]);
        },
      ),
    );
  });
});

describe('pings', () => {
  it('pings nobody with parse: []', () => {
    expect(
      pingsOf({ content: '@everyone <@123456789012345678> <@&123456789012345679>', allowed_mentions: { parse: [] } }),
    ).toEqual({ users: [], roles: [], everyone: false });
  });

  it('pings only the listed user', () => {
    expect(
      pingsOf({
        content: '<@123456789012345678> <@!223456789012345678>',
        allowed_mentions: { parse: [], users: ['223456789012345678'] },
      }).users,
    ).toEqual(['223456789012345678']);
  });

  it('pings everything without allowed_mentions, as Discord does', () => {
    expect(pingsOf({ content: '@here <@&123456789012345679>' })).toEqual({
      users: [],
      roles: ['123456789012345679'],
      everyone: true,
    });
  });
});

describe('OpenAPI validation', () => {
  it('accepts a valid callback and names the failing path of an invalid one', () => {
    expect(
      validateRequestBody('POST', '/interactions/1/t/callback', {
        type: 4,
        data: { content: 'hi', allowed_mentions: { parse: [] } },
      }),
    ).toEqual([]);
    const [violation] = validateRequestBody('POST', '/interactions/1/t/callback', {
      type: 4,
      data: { embeds: [{ title: 5 }] },
    });
    expect(violation).toMatchObject({ path: ['data', 'embeds', 0, 'title'], code: 'BASE_TYPE_STRING' });
  });

  it('follows the union branch that was meant, not every branch that failed', () => {
    const at = (body: unknown) =>
      validateRequestBody('POST', '/interactions/1/t/callback', body).map((v) => formatLimitPath(v.path));
    expect(at({ type: 4, data: { content: 'x'.repeat(2001) } })).toEqual(['data.content']);
    expect(at({ type: 99, data: { content: 'x' } })).toEqual(['type']);
    expect(at({ type: 8, data: { choices: Array.from({ length: 26 }, () => ({ name: 'a', value: 'b' })) } })).toEqual([
      'data.choices',
    ]);
    expect(
      at({
        type: 4,
        data: { components: [{ type: 1, components: [{ type: 2, style: 1, label: 5, custom_id: 'c' }] }] },
      }),
    ).toEqual(['data.components[0].components[0].label']);
  });

  it('finds @original before {message_id} and checks command registration bodies', () => {
    expect(validateRequestBody('PATCH', '/webhooks/1/t/messages/@original', { content: 5 })[0]?.path).toEqual([
      'content',
    ]);
    expect(
      validateRequestBody('PUT', '/applications/1/commands', [{ name: 'ask', description: 'd', type: 1 }]),
    ).toEqual([]);
    expect(
      validateRequestBody('PUT', '/applications/1/commands', [{ name: 'ask', description: 'd', type: 'chat' }])[0]
        ?.path,
    ).toEqual([0, 'type']);
  });
});
