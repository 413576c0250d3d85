/** The embedded Discord's snowflake (src/preview/discord), where the tests have always imported it from. */
export * from '../../src/preview/discord/snowflake.js';
