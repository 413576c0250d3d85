/** The embedded Discord's limits (src/preview/discord), where the tests have always imported it from. */
export * from '../../src/preview/discord/limits.js';
