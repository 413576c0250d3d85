// Type declarations for the two analyzer libraries that ship without their own.

declare module 'wink-porter2-stemmer' {
  /** Porter2 (Snowball English) stem of a lower-case word. */
  const stem: (word: string) => string;
  export default stem;
}

declare module 'stopword' {
  /** English stop words. */
  export const eng: readonly string[];
}
