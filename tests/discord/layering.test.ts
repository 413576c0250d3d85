/**
 * The Discord layer is what the commands build on: nothing in `src/discord` may import from
 * `commands/`, or a command module would (through the router) depend on itself. The commands
 * reach the router as `RouterDeps.commands`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../src/discord/', import.meta.url));
/** Every module specifier of a static or dynamic import / re-export in `source`. */
const specifiers = (source: string): string[] =>
  [...source.matchAll(/\b(?:from|import)\s*\(?['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');

describe('src/discord layering', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('finds the modules it checks (including the router)', () => {
    expect(files).toContain('router.ts');
    expect(specifiers(readFileSync(`${dir}router.ts`, 'utf8'))).toContain('./command.js');
  });

  it('imports nothing from commands/', () => {
    const offending = files.flatMap((file) =>
      specifiers(readFileSync(`${dir}${file}`, 'utf8'))
        .filter((spec) => /(^|\/)commands(\/|$)/.test(spec))
        .map((spec) => `${file} → ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
