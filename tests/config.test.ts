import { describe, expect, it } from 'vitest';
import { duplicateVariables, readConfig } from '../src/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789';
const base = { DISCORD_TOKEN: TOKEN };

const errorOf = (env: Record<string, string | undefined>, purpose?: 'start' | 'deploy' | 'deploy-dry-run') => {
  const result = readConfig(env, purpose);
  return result.ok ? undefined : result.error;
};

describe('readConfig', () => {
  it('stops on a missing token in an explicit gateway mode with one line naming it, where to get it and how to make .env', () => {
    const error = errorOf({ PARLEY_MODE: 'gateway' });
    expect(error).toMatch(
      /^DISCORD_TOKEN is not set: .*developers\/applications.*Bot.*Reset Token.*cp \.env\.example \.env/,
    );
    expect(error).not.toContain('\n');
  });

  it('chooses the local preview only when neither a token nor PARLEY_MODE is set', () => {
    const none = readConfig({});
    expect(none.ok && none.config.mode).toBe('preview');
    expect(none.ok && none.config.previewPort).toBe(3000);
    const emptyValues = readConfig({ PARLEY_MODE: '', DISCORD_TOKEN: '', PREVIEW_PORT: '4000' });
    expect(emptyValues.ok && emptyValues.config).toMatchObject({ mode: 'preview', previewPort: 4000 });
    const withToken = readConfig(base);
    expect(withToken.ok && withToken.config.mode).toBe('gateway');
    expect(errorOf({ PARLEY_MODE: 'http' })).toMatch(/^DISCORD_PUBLIC_KEY is not set/);
    expect(
      readConfig({ PARLEY_MODE: 'preview', ...base }).ok && readConfig({ PARLEY_MODE: 'preview', ...base }),
    ).toMatchObject({ config: { mode: 'preview' } });
    expect(errorOf({ PREVIEW_PORT: '0' })).toMatch(/^PREVIEW_PORT /);
    expect(errorOf({ LOG_FORMAT: 'xml' })).toMatch(/^LOG_FORMAT .*json/);
  });

  it('names a malformed snowflake, and shows the bad value', () => {
    expect(errorOf({ ...base, DISCORD_CLIENT_ID: 'abc' })).toMatch(
      /^DISCORD_CLIENT_ID is not a Discord id .*"abc".*Application ID/,
    );
    expect(errorOf({ ...base, DISCORD_GUILD_ID: '12' })).toMatch(/^DISCORD_GUILD_ID /);
    expect(errorOf({ ...base, OWNER_IDS: '123456789012345678, nope' })).toMatch(/^OWNER_IDS .*"nope"/);
  });

  it('names a bad URL', () => {
    expect(errorOf({ ...base, DISCORD_API_URL: 'not a url' })).toMatch(/^DISCORD_API_URL is not valid/);
    expect(errorOf({ ...base, DISCORD_API_URL: 'ftp://example.com' })).toMatch(/^DISCORD_API_URL /);
  });

  it('never repeats the token in an error', () => {
    const bad = 'Bot ' + TOKEN;
    const error = errorOf({ DISCORD_TOKEN: bad });
    expect(error).toMatch(/^DISCORD_TOKEN starts with "Bot "/);
    expect(error).not.toContain(TOKEN);
    expect(errorOf({ DISCORD_TOKEN: 'short.secret' })).not.toContain('short.secret');
  });

  it('names bad numbers and levels', () => {
    expect(errorOf({ ...base, COOLDOWN_SECONDS: '-1' })).toMatch(/^COOLDOWN_SECONDS /);
    expect(errorOf({ ...base, COOLDOWN_SECONDS: 'soon' })).toMatch(/^COOLDOWN_SECONDS /);
    expect(errorOf({ ...base, LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL .*debug/);
    expect(errorOf({ ...base, PORT: '70000' })).toMatch(/^PORT /);
    expect(errorOf({ ...base, PARLEY_MODE: 'smoke-signals' })).toMatch(/^PARLEY_MODE /);
    expect(errorOf({ ...base, CORPUS_WATCH: 'maybe' })).toMatch(/^CORPUS_WATCH /);
    expect(errorOf({ ...base, CORPUS_MAX_FILE_MB: '0' })).toMatch(/^CORPUS_MAX_FILE_MB /);
    expect(errorOf({ ...base, HOST: 'http://example.org/' })).toMatch(/^HOST /);
  });

  it('takes the HTTP listen address from HOST', () => {
    const result = readConfig({ ...base, HOST: '127.0.0.1' });
    expect(result.ok && result.config.host).toBe('127.0.0.1');
  });

  it('reads defaults, treats empty values as unset, and keeps the token out of serialisation', () => {
    const result = readConfig({ ...base, DISCORD_GUILD_ID: '', DISCORD_API_URL: 'http://127.0.0.1:3000/api/' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      mode: 'gateway',
      corpusDir: 'corpus',
      cooldownSeconds: 3,
      logLevel: 'info',
      port: 8080,
      ownerIds: [],
      watchCorpus: true,
      maxFileBytes: 5 * 1024 * 1024,
      cacheDir: '.cache',
    });
    const off = readConfig({ ...base, CORPUS_WATCH: 'false', INDEX_CACHE_DIR: 'none' });
    expect(off.ok && off.config.watchCorpus).toBe(false);
    expect(off.ok && off.config.cacheDir).toBeUndefined();
    expect(result.config.apiUrl).toBe('http://127.0.0.1:3000/api');
    expect(result.config.guildId).toBeUndefined();
    expect(result.config.token).toBe(TOKEN);
    expect(JSON.stringify(result.config)).not.toContain(TOKEN);
    expect(Object.keys(result.config)).not.toContain('token');
  });

  it('asks each mode and purpose for what it needs', () => {
    expect(errorOf({ PARLEY_MODE: 'http' })).toMatch(/^DISCORD_PUBLIC_KEY is not set/);
    expect(readConfig({ PARLEY_MODE: 'http', DISCORD_PUBLIC_KEY: 'a'.repeat(64) }).ok).toBe(true);
    expect(errorOf({ PARLEY_MODE: 'http', DISCORD_PUBLIC_KEY: 'xyz' })).toMatch(/^DISCORD_PUBLIC_KEY is not 64 hex/);
    expect(errorOf(base, 'deploy')).toMatch(/^DISCORD_CLIENT_ID is not set/);
    expect(readConfig({}, 'deploy-dry-run').ok).toBe(true);
  });

  it('reads only the corpus settings for `ask` and `validate-corpus`, so a stale Discord setting cannot stop them', () => {
    const stale = { DISCORD_TOKEN: 'not-a-token', PARLEY_MODE: 'telegram', PORT: 'eighty', CORPUS_MAX_FILE_MB: '2' };
    expect(readConfig(stale).ok).toBe(false);
    const corpus = readConfig(stale, 'corpus');
    expect(corpus.ok && corpus.config.maxFileBytes).toBe(2 * 1024 * 1024);
    expect(readConfig({ CORPUS_MAX_FILE_MB: '0' }, 'corpus')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^CORPUS_MAX_FILE_MB /),
    });
  });
});

describe('readConfig: runtime settings (metrics port, connection limits)', () => {
  it('leaves METRICS_PORT off by default, on 127.0.0.1 when set', () => {
    const off = readConfig(base);
    expect(off.ok && off.config.metricsPort).toBeUndefined();
    expect(off.ok && off.config.metricsHost).toBe('127.0.0.1');
    const on = readConfig({ ...base, METRICS_PORT: '9464' });
    expect(on.ok && on.config.metricsPort).toBe(9464);
  });

  it('has connection limits that a proxy pool fits in, and takes others', () => {
    const defaults = readConfig(base);
    expect(
      defaults.ok && [
        defaults.config.maxConnections,
        defaults.config.maxConnectionsPerAddress,
        defaults.config.keepAliveTimeoutMs,
      ],
    ).toEqual([1000, 256, 65_000]);
    const custom = readConfig({
      ...base,
      HTTP_MAX_CONNECTIONS: '4000',
      HTTP_MAX_CONNECTIONS_PER_ADDRESS: '1000',
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '75',
    });
    expect(
      custom.ok && [
        custom.config.maxConnections,
        custom.config.maxConnectionsPerAddress,
        custom.config.keepAliveTimeoutMs,
      ],
    ).toEqual([4000, 1000, 75_000]);
  });

  it('names a bad value with what to use instead', () => {
    expect(errorOf({ ...base, METRICS_PORT: '70000' })).toMatch(
      /^METRICS_PORT is not valid \("70000"\): use a port number/,
    );
    expect(errorOf({ ...base, HTTP_MAX_CONNECTIONS: '0' })).toMatch(/^HTTP_MAX_CONNECTIONS is not valid .*LimitNOFILE/);
    expect(errorOf({ ...base, HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: 'soon' })).toMatch(
      /^HTTP_KEEP_ALIVE_TIMEOUT_SECONDS is not valid/,
    );
  });
});

describe('duplicateVariables', () => {
  it('names a variable set twice in .env and the lines, saying which one wins', () => {
    const text = 'DISCORD_TOKEN=abc.def.ghi\nCORPUS_DIR=docs\n# comment\nDISCORD_TOKEN=\n';
    expect(duplicateVariables(text)).toEqual([
      '.env sets DISCORD_TOKEN on lines 1 and 4; line 4 (empty) wins — delete the other',
    ]);
  });

  it('lists every line of a variable set three times, and says nothing when each is set once', () => {
    expect(duplicateVariables('A=1\nexport A=2\r\nA = 3\n')).toEqual([
      '.env sets A on lines 1, 2 and 3; line 3 wins — delete the others',
    ]);
    expect(duplicateVariables('A=1\nB=2\n#A=3\n')).toEqual([]);
  });
});
