/** The bot's version, from package.json (shown by `/about` and logged at start-up). */
import { readFileSync } from 'node:fs';
import { fromRoot } from './root.js';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const VERSION = readVersion();
