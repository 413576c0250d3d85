import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrub, usesPrettyLines } from '../../src/log.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('never writes the token, wherever it appears', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'debug', secrets: ['a-custom-secret-value'], destination });
    log.info({ token: TOKEN }, 'field');
    log.info({ config: { token: TOKEN } }, 'nested');
    log.error({ err: new Error(`request failed for Bot ${TOKEN}`) }, 'error');
    log.warn(`message with ${TOKEN} and a-custom-secret-value inside`);
    log.info({ url: 'https://discord.com/api/v10/webhooks/123456/aW50ZXJhY3Rpb24secret/messages/@original' }, 'url');
    expect(lines.length).toBe(5);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain('a-custom-secret-value');
      expect(line).not.toContain('aW50ZXJhY3Rpb24secret');
    }
  });

  it('writes one JSON object per line with a level', () => {
    const { lines, destination } = capture();
    createLogger({ destination }).info({ command: 'ask', ms: 3, outcome: 'answer' }, 'interaction');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 30,
      command: 'ask',
      ms: 3,
      outcome: 'answer',
      msg: 'interaction',
    });
  });

  it('scrubs interaction tokens in callback URLs', () => {
    expect(scrub('/interactions/123/abcDEF_-x/callback')).toBe('/interactions/123/[redacted]/callback');
  });
});

describe('log format', () => {
  it('is pretty only on a terminal (auto) or when asked, JSON otherwise', () => {
    expect(usesPrettyLines('auto', undefined, true)).toBe(true);
    expect(usesPrettyLines('auto', undefined, false)).toBe(false);
    expect(usesPrettyLines('json', undefined, true)).toBe(false);
    expect(usesPrettyLines('pretty', undefined, false)).toBe(true);
  });

  it('writes one short line per event when pretty, with the fields and without secrets', () => {
    const { lines, destination } = capture();
    const log = createLogger({ format: 'pretty', destination, secrets: [TOKEN] });
    log.info({ command: 'ask', ms: 12, token: TOKEN }, 'interaction');
    log.warn(`leaked ${TOKEN}`);
    const text = lines.join('');
    const written = text.trimEnd().split('\n');
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: interaction .*"command":"ask".*"ms":12/);
    expect(written[1]).toMatch(/WARN: leaked \[redacted\]/);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/^\{/);
  });
});
