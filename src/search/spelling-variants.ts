/**
 * British and American spellings of one word ("armour" / "armor", "organise" / "organize"): a
 * member writes one, the documents the other. Stemming keeps them apart, WordNet links only some of
 * them and only as a weaker "related word", and they are too far apart for typo correction
 * ("colour" → "color" is an edit, but "behaviour" → "behavior" stems differently).
 *
 * The rules are the regular correspondences every style guide lists (Oxford and Merriam-Webster
 * both describe them): -our/-or, -ise/-ize and -yse/-yze with their inflections, -re/-er, -ence/-ense,
 * -ogue/-og, and the doubled l before a suffix. Irregular pairs ("grey" / "gray") are left out.
 */

/** Words shorter than this are not respelled: short words give false pairs ("tor" / "tour"). */
const MIN_LENGTH = 5;

/** One direction of a correspondence: a pattern and what replaces it. */
type Rule = readonly [from: RegExp, to: string];

const RULES: readonly Rule[] = [
  // colour, behaviour, favourite, armoured ↔ color, behavior, favorite, armored
  [/our(s|ed|ing|ful|ite|ites|able|er|ers)?$/u, 'or$1'],
  [/([^o])or(s|ed|ing|ful|ite|ites|able|er|ers)?$/u, '$1our$2'],
  // organise, organised, organisation ↔ organize, organized, organization
  [/is(e|es|ed|ing|er|ers|ation|ations)$/u, 'iz$1'],
  [/iz(e|es|ed|ing|er|ers|ation|ations)$/u, 'is$1'],
  // analyse ↔ analyze
  [/ys(e|es|ed|ing)$/u, 'yz$1'],
  [/yz(e|es|ed|ing)$/u, 'ys$1'],
  // centre, metres, fibre ↔ center, meters, fiber (the -tre, -bre and -gre words: "meagre", "sabre")
  [/([tbg])re(s|d)?$/u, '$1er$2'],
  [/([tbg])er(s|ed)?$/u, '$1re$2'],
  // licence, defence ↔ license, defense
  [/ence(s)?$/u, 'ense$1'],
  [/ense(s)?$/u, 'ence$1'],
  // catalogue, dialogues ↔ catalog, dialogs
  [/ogue(s)?$/u, 'og$1'],
  [/([^o])og(s)?$/u, '$1ogue$2'],
  // travelled, cancelling, modeller ↔ traveled, canceling, modeler
  [/([aeiou])ll(ed|ing|er|ers)$/u, '$1l$2'],
  [/([aeiou][^aeiou]*[aeiou])l(ed|ing|er|ers)$/u, '$1ll$2'],
];

/**
 * The other regular spellings of a lower-case word, British ↔ American; none for short words.
 * Candidates only: the caller keeps one its corpus uses.
 *
 * @example
 * spellingVariants('armour'); // ['armor']
 * spellingVariants('organized'); // ['organised']
 */
export function spellingVariants(word: string): string[] {
  if (word.length < MIN_LENGTH || !/^\p{Ll}+$/u.test(word)) return [];
  const variants = new Set<string>();
  for (const [from, to] of RULES) {
    if (!from.test(word)) continue;
    const variant = word.replace(from, to);
    if (variant !== word) variants.add(variant);
  }
  return [...variants];
}
