/**
 * Every command module the router serves and `deploy-commands` registers. A new command (e.g.
 * the owner-only `reload.ts`) is one file in this folder plus one line here.
 */
import type { CommandModule } from '../src/discord/command.js';
import { about } from './about.js';
import { ask } from './ask.js';
import { findSources } from './find-sources.js';
import { reload } from './reload.js';
import { section } from './section.js';
import { sections } from './sections.js';

export const allCommands: readonly CommandModule[] = [ask, sections, section, about, reload, findSources];
