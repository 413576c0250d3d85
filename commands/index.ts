/**
 * Every command module the router serves and `deploy-commands` registers. A new command (e.g.
 * the owner-only `reload.ts`) is one file in this folder plus one line here.
 */
import type { CommandModule } from '../src/discord/command.js';

export const allCommands: readonly CommandModule[] = [];
