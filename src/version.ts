/** The bot's version, from package.json (shown by `/about` and logged at start-up). */
import { readFileSync } from 'node:fs';
import { fromRoot } from './root.js';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch (error) {
    // Run without its package.json beside it (a copied dist/): no version to show. Anything else is worth a line.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      process.emitWarning(`Parley: could not read the version from package.json (${(error as Error).message})`);
    return '0.0.0';
  }
}

export const VERSION = readVersion();
