/**
 * Vitest global set-up: the process tests run the compiled bot (`node dist/src/main.js`, what
 * `npm start` runs), so dist/ is rebuilt first when any source is newer than it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What `npm start` runs, relative to ROOT. */
export const MAIN = 'dist/src/main.js';
export const SHARDED = 'dist/src/sharded.js';

export default function setup(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed: the process tests need dist/');
}
