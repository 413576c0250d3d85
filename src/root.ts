/**
 * The project's root folder (where `package.json` is), found from this module's own location so
 * it is the same whether Parley runs from `src/` under tsx or from the compiled `dist/src/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    // `dist/` holds no package.json, so the first one upwards is the project's.
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Parley: no package.json above ${from}`);
  }
}

/** Absolute path of the project root. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * A path inside the project, from its root.
 *
 * @example
 * fromRoot('corpus', 'synonyms.json') // → /opt/parley/corpus/synonyms.json
 */
export function fromRoot(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
