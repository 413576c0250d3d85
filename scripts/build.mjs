#!/usr/bin/env node
// `npm run build` compiles src/ and commands/ to dist/ (tsconfig.build.json) from a clean folder,
// so a source file deleted since the last build leaves no stale output behind.
// `--if-stale` (run by `prepare` and `prestart`) builds only when a source is newer than the last
// build: a fresh clone gets dist/ from `npm ci`, and `git pull && npm start` never runs old code.
// Plain JavaScript, so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const inputs = ['src', 'commands', 'tsconfig.json', 'tsconfig.build.json'];

/** Newest modification time under `path` (a file or a folder), in ms. */
function newest(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function stale() {
  const built = statSync(stamp, { throwIfNoEntry: false });
  if (!built) return true;
  return inputs.some((input) => newest(join(root, input)) > built.mtimeMs);
}

if (process.argv.includes('--if-stale') && !stale()) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch (error) {
  // Only a missing TypeScript (a production-only install) is expected here; anything else is a bug.
  if (error?.code !== 'MODULE_NOT_FOUND') throw error;
  process.stderr.write(
    'parley: dist/ is missing or older than src/, and TypeScript is not installed to build it: run `npm ci` (with dev dependencies), then `npm run build`\n',
  );
  process.exit(1);
}
// Built beside dist/ and swapped in only when complete: a failed build leaves the last good one.
const next = join(root, 'dist.next');
rmSync(next, { recursive: true, force: true });
const started = Date.now();
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next], {
  stdio: 'inherit',
  cwd: root,
});
if (result.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write('parley: the build failed (see the errors above); dist/ was not updated\n');
  process.exit(result.status ?? 1);
}
rmSync(dist, { recursive: true, force: true });
renameSync(next, dist);
writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
// Dated from the start of the build: a source saved while tsc ran makes the next start rebuild.
utimesSync(stamp, started / 1000, started / 1000);
process.stderr.write(`parley: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
