// Preloaded with `node --import` by tests that prove a process never loads discord.js: resolving
// it (or any of its files) throws, so a process that needs it fails to start.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  if (specifier === 'discord.js' || specifier.startsWith('discord.js/')) {
    throw new Error('discord.js was imported (from ' + context.parentURL + ')');
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
