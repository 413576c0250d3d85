/** The embedded Discord's interactions (src/preview/discord), where the tests have always imported it from. */
export * from '../../src/preview/discord/interactions.js';
