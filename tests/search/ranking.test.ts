import { describe, expect, it } from 'vitest';
import { STOP_WORDS, editDistance, termOf } from '../../src/search/analyzer.js';
import { ParleyIndex, defaultWeights, resolveWeights } from '../../src/search/index.js';
import { answerTypeOf, openForm, otherNumber } from '../../src/search/query.js';
import { expandShorthand } from '../../src/search/shorthand.js';
import { fragmentFactor, headingNamedScore, longPassageFactor, termScore } from '../../src/search/signals.js';
import type { Answer, Corpus, Passage } from '../../src/types.js';
import { corpusOf, type SectionSpec } from './corpus-of.js';

/** A small community handbook: the kinds of sections admins bring. */
const handbook: Corpus = corpusOf('Community handbook', [
  {
    heading: 'Joining',
    passages: [
      'To become a member, read the rules, then react with a check mark in the welcome channel. A moderator confirms new members within a day.',
    ],
  },
  {
    heading: 'Code of Conduct',
    passages: [
      'Be kind to everyone. Harassment, hate speech and spam are removed, and repeat offenders are banned by the moderators.',
    ],
  },
  {
    heading: 'Contacting staff',
    passages: ['Send a direct message to any moderator when you need help; they answer within a few hours.'],
  },
  {
    heading: 'Luggage on trips',
    passages: ['On club trips each person may bring one bag of up to 5 kg; heavier luggage must be sent ahead.'],
  },
  {
    heading: 'Tournaments',
    passages: [
      'The spring tournament is held every April in the main hall. Teams of four sign up in the events channel.',
    ],
  },
  {
    heading: 'Relief fund',
    passages: [
      'Members can relieve a friend in need through the relief fund.',
      'The fund is there to relieve hardship; trustees relieve requests weekly.',
      'Treasurers relieve the fund of old debts each year.',
    ],
  },
  {
    heading: 'Mail',
    passages: ['Members receive the newsletter by mail once a month.'],
  },
  {
    heading: 'Frequently asked questions',
    passages: [
      { question: 'Should I share my password with staff?', text: 'No. Nobody on the team will ever ask for it.' },
      'Voice channels are open to everyone after the first week of membership.',
    ],
  },
]);

function index(options: Parameters<typeof ParleyIndex.build>[1] = {}): ParleyIndex {
  return ParleyIndex.build(handbook, { warmUp: false, ...options });
}

/** An index of a small one-document corpus made for one specification. */
function indexOf(title: string, sections: readonly SectionSpec[]): ParleyIndex {
  return ParleyIndex.build(corpusOf(title, sections), { warmUp: false });
}

function top(answer: Answer): Passage {
  if (answer.kind !== 'answer') throw new Error(`expected an answer, got no-match (${answer.reason})`);
  const first = answer.results[0];
  if (first === undefined) throw new Error('expected a result');
  return first.passage;
}

const shared = index();

describe('the weights', () => {
  it('fill what is not given from the defaults, the BM25 group key by key', () => {
    const weights = resolveWeights({ heading: 0.9, bm25: { b: 0.5 } });
    expect(weights.heading).toBe(0.9);
    expect(weights.bm25).toEqual({ k1: defaultWeights.bm25.k1, b: 0.5 });
    expect(weights.passage).toBe(defaultWeights.passage);
  });

  it('are what an index ranks with, and withOptions() re-ranks with others without a rebuild', () => {
    expect(shared.weights).toEqual(defaultWeights);
    const other = shared.withOptions({ weights: { heading: 0.95 } });
    expect(other.weights.heading).toBe(0.95);
    expect(other.corpus).toBe(shared.corpus);
    // "luggage" is only in a heading: with a high heading weight its section ranks first.
    expect(top(other.ask('luggage rules', { limit: 1 })).headingPath.at(-1)).toBe('Luggage on trips');
  });
});

describe('signals', () => {
  it('term score: one occurrence earns the presence share, repetitions saturate', () => {
    expect(termScore(2, 1, 1, 1)).toBe(2);
    expect(termScore(2, 1, 1, 0.5)).toBeCloseTo(1.5);
    expect(termScore(2, 100, 1, 0.5)).toBeLessThan(2);
    expect(termScore(2, 3, 1, 0.5)).toBeGreaterThan(termScore(2, 1, 1, 0.5));
  });

  it('long passages and fragments are discounted only when their weights say so', () => {
    expect(longPassageFactor(100, 20, 0)).toBe(1);
    expect(longPassageFactor(30, 20, 1)).toBe(1);
    expect(longPassageFactor(160, 20, 1)).toBeCloseTo(1 / 3);
    expect(fragmentFactor(2, 0)).toBe(1);
    expect(fragmentFactor(20, 0.5)).toBe(1);
    expect(fragmentFactor(2, 0.4)).toBeCloseTo(0.7);
  });
});

describe('typo correction', () => {
  it('counts a swap of two letters as one edit (Damerau)', () => {
    expect(editDistance('memebr', 'member', 2)).toBe(1);
    expect(editDistance('abc', 'abc', 1)).toBe(0);
    expect(editDistance('abcdef', 'badcfe', 1)).toBe(2);
  });

  it('corrects a transposed word to the corpus word it swaps', () => {
    expect(top(shared.ask('how do i become a memebr?')).headingPath.at(-1)).toBe('Joining');
  });

  it('prefers the more frequent corpus word between two equally near ones', () => {
    // "recieve" is one edit from both "receive" (1 passage) and "relieve" (3 passages).
    const answer = shared.ask('recieve', { limit: 5 });
    expect(top(answer).headingPath.at(-1)).toBe('Relief fund');
  });
});

describe('chat shorthand', () => {
  it('stands for what it abbreviates, from a general table', () => {
    expect(expandShorthand('dm')).toBe('direct message');
    expect(expandShorthand('pls')).toBe('');
    expect(expandShorthand('moderator')).toBeUndefined();
  });

  it('finds the passage that spells the shorthand out', () => {
    expect(top(shared.ask('can i dm a mod')).headingPath.at(-1)).toBe('Contacting staff');
  });

  it('drops fillers instead of counting them as words the corpus lacks', () => {
    expect(top(shared.ask('pls how do i join lol')).headingPath.at(-1)).toBe('Joining');
  });
});

describe('hyphenated words', () => {
  it('are found by their closed form, as members type them, and answered without a hedge', () => {
    // The manual writes "e-mail" and "sign-up"; a member types "email" and "signup". Without the
    // closed form those words are missing from the corpus and the answer is hedged.
    const manual = indexOf('Tracker manual', [
      {
        heading: 'Reporting',
        passages: ['Report a bug by sending an e-mail to the tracker address with the package name.'],
      },
      { heading: 'Accounts', passages: ['The sign-up form asks for a name and a password.'] },
    ]);
    const email = manual.ask('which email address gets bug reports');
    expect(top(email).headingPath.at(-1)).toBe('Reporting');
    expect(email).toMatchObject({ confident: true });
    const signup = manual.ask('what does the signup form ask for');
    expect(top(signup).headingPath.at(-1)).toBe('Accounts');
    expect(signup).toMatchObject({ confident: true });
  });
});

describe('words written another way', () => {
  const manual = indexOf('Adventurer handbook', [
    { heading: 'Armour', passages: ['Heavy armour slows your spells: wearing it raises the chance of miscasting.'] },
    { heading: 'Accounts', passages: ['Your user name is shown on the high score list.'] },
    {
      heading: 'Monsters',
      passages: [
        'Monsters are drawn in colour: red ones are hostile, and the behaviour of each is in its description.',
      ],
    },
  ]);

  it('meet the other spelling of a word (American "armor", British "armour") as the same word', () => {
    // Through WordNet "armor" is only a related word, and an answer resting on it alone is hedged.
    for (const question of ['what does armor do', 'where is monster behavior described']) {
      const answer = manual.ask(question);
      expect(answer.kind === 'answer' && answer.confident, question).toBe(true);
    }
    expect(top(manual.ask('what does armor do')).headingPath.at(-1)).toBe('Armour');
  });

  it('cut a closed compound only into two corpus words, and leave words too long to be compounds', () => {
    const frequencies = new Map([
      ['user', 3],
      ['name', 5],
    ]);
    const vocabulary = { documentFrequency: (term: string) => frequencies.get(term) ?? 0 };
    expect(openForm('username', vocabulary)).toEqual(['user', 'name']);
    expect(openForm('usernamed', vocabulary)).toEqual(['user', 'name']);
    expect(openForm('userland', vocabulary)).toBeNull();
    // Two corpus words, but 26 letters: no compound is that long, and each cut would stem both parts.
    const long = 'abcdefghijklmnopqrstuv';
    frequencies.set(termOf(long) ?? '', 1);
    expect(openForm(`user${long}`, vocabulary)).toBeNull();
  });

  it('meet a closed compound the corpus writes open ("username" / "user name")', () => {
    const answer = manual.ask('where is my username shown');
    expect(top(answer).headingPath.at(-1)).toBe('Accounts');
    expect(answer).toMatchObject({ confident: true });
  });
});

describe('abstention', () => {
  it('answers a quantity written with its unit', () => {
    expect(top(shared.ask('can I bring a 5kg bag on trips?')).headingPath.at(-1)).toBe('Luggage on trips');
  });

  it('answers an acronym the corpus spells out without using it', () => {
    expect(top(shared.ask('who enforces the CoC?')).headingPath.at(-1)).toBe('Code of Conduct');
  });

  it('gives no-match for a name mid-sentence that the corpus never mentions', () => {
    const answer = shared.ask('when does the Zorbex tournament start?');
    expect(answer.kind).toBe('no-match');
  });

  it('does not take the capitals of a Title Case question for names', () => {
    expect(top(shared.ask('How Do I Become A Member')).headingPath.at(-1)).toBe('Joining');
  });

  it('gives no-match when the question asks for a figure and none of the passages shown holds one', () => {
    // Every word is in the Code of Conduct passage, but it counts nobody: the topic is there, the figure is not.
    expect(shared.ask('how many repeat offenders do the moderators ban?').kind).toBe('no-match');
    const lenient = index({ weights: { answerTypeMissing: 0 } });
    expect(top(lenient.ask('how many repeat offenders do the moderators ban?')).headingPath.at(-1)).toBe(
      'Code of Conduct',
    );
    // "Teams of four": the figure is there, so the tournament passage answers.
    expect(top(shared.ask('how many people are on a tournament team?')).headingPath.at(-1)).toBe('Tournaments');
  });

  it('does not take a list item number or "one of" for the figure a "how many" question asks for', () => {
    const rules = indexOf('Server rules', [
      {
        heading: 'Rules',
        passages: ['1. Be kind to other members.\n2. Warnings are given by moderators before a ban.'],
      },
      {
        heading: 'Appeals',
        passages: ['You can appeal a ban in one of the following ways: by direct message or by email.'],
      },
    ]);
    // Neither passage counts warnings: "1." orders a rule and "one of" picks a way.
    expect(rules.ask('how many warnings before a ban').kind).toBe('no-match');
    expect(rules.ask('how many ways can i appeal a ban').kind).toBe('no-match');
    const counted = indexOf('Server rules', [
      { heading: 'Rules', passages: ['Moderators give 3 warnings before a ban.'] },
    ]);
    expect(top(counted.ask('how many warnings before a ban')).headingPath.at(-1)).toBe('Rules');
  });

  it('answers "when" from a passage holding a date or a time relative to an event, and gives no-match when none shown holds one', () => {
    const rules = indexOf('Security policy', [
      { heading: 'Disclosure', passages: ['Within 6 hours of the release, the advisory is published on the blog.'] },
      { heading: 'Tournaments', passages: ['The spring tournament is held every April in the main hall.'] },
      {
        heading: 'Newsletter',
        passages: ['The newsletter goes out to every member who signed up in the welcome channel.'],
      },
    ]);
    // "Within 6 hours of the release" says when, though it holds no date.
    expect(top(rules.ask('when does the advisory get published on the blog')).headingPath.at(-1)).toBe('Disclosure');
    expect(top(rules.ask('when is the spring tournament held')).headingPath.at(-1)).toBe('Tournaments');
    // The newsletter passage says who gets it, never when.
    expect(rules.ask('when does the newsletter go out').kind).toBe('no-match');
  });

  it('answers "how long" from a passage holding a duration, and gives no-match when none shown holds one', () => {
    // "within a day" is a duration; the Code of Conduct passage says who is banned, not for how long.
    expect(top(shared.ask('how long does it take a moderator to confirm new members?')).headingPath.at(-1)).toBe(
      'Joining',
    );
    // Shown alone (answerTypeDepth 1): the handbook's other passages hold durations ("once a month").
    const first = index({ weights: { answerTypeDepth: 1 } });
    expect(first.ask('how long are repeat offenders banned by the moderators?').kind).toBe('no-match');
    expect(first.ask('how long does it take a moderator to confirm new members?').kind).toBe('answer');
  });

  it('does not count who might help ("anyone", "someone") as part of what is asked about', () => {
    for (const word of ['anyone', 'anybody', 'someone', 'somebody', 'everyone'])
      expect(STOP_WORDS.has(word)).toBe(true);
    expect(top(shared.ask('anyone know how to become a member?')).headingPath.at(-1)).toBe('Joining');
  });

  it('weighs an irregular past form like its base word, not like jargon English lacks', () => {
    const contentOf = (question: string, word: string) =>
      shared.diagnose(question).plan.groups.find((g) => g.label === word)?.content;
    expect(contentOf('who told the moderators', 'told')).toBe(contentOf('who tells the moderators', 'tells'));
    expect(contentOf('who told the moderators', 'told')).toBeLessThan(1);
  });

  it('hedges an answer when part of what the question asks about is missing', () => {
    const strict = index({ weights: { maxMissing: 0.9, hedgeMissing: 0.1, minCoverage: 0.1 } });
    const hedged = strict.ask('what is the entry fee for the spring tournament?');
    expect(hedged.kind).toBe('answer');
    if (hedged.kind === 'answer') expect(hedged.confident).toBe(false);
    const sure = strict.ask('when is the spring tournament held?');
    expect(sure.kind).toBe('answer');
    if (sure.kind === 'answer') expect(sure.confident).toBe(true);
  });
});

describe('FAQ questions', () => {
  it('find the answer by the words of the question it answers', () => {
    // The answer itself ("No. Nobody…") shares no word with the question.
    const passage = top(shared.ask('should i share my password with the staff?'));
    expect(passage.question).toBe('Should I share my password with staff?');
  });
});

describe('synonyms', () => {
  it('come from the table the index is given, not from another corpus', () => {
    const without = shared.ask('how does the buddy scheme work?');
    expect(without.kind).toBe('no-match');
    const withTable = index({ synonyms: { groups: [['buddy scheme', 'relief fund']] } });
    expect(top(withTable.ask('how does the buddy scheme work?')).headingPath.at(-1)).toBe('Relief fund');
  });
});

describe('errors inside ranking', () => {
  it('are logged through the logger option, and ask() still returns a value', () => {
    const corpus = corpusOf('Broken', [{ heading: 'Only', passages: ['Members receive the newsletter by mail.'] }]);
    const calls: [string, string, string | undefined][] = [];
    const broken = ParleyIndex.build(corpus, {
      warmUp: false,
      logger: (level, message, code) => calls.push([level, message, code]),
    });
    // A passage that cannot be read any more: ranking fails on it.
    Object.defineProperty(corpus.passages, 0, {
      get() {
        throw new Error('unreadable passage');
      },
    });
    const answer = broken.ask('newsletter by mail');
    expect(answer.kind).toBe('no-match');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe('error');
    expect(calls[0]?.[2]).toBe('ask_error');
    expect(calls[0]?.[1]).toContain('newsletter by mail');
    expect(calls[0]?.[1]).toContain('unreadable passage');
  });
});

describe('a noun in its other number', () => {
  const bestiary: Corpus = corpusOf('Bestiary', [
    {
      heading: 'Deep Dwarves',
      passages: ['Deep Dwarves cannot regenerate their health over time and must heal with potions or prayer.'],
    },
    { heading: 'Elves', passages: ['Elves are graceful and learn magic quickly, but they are frail in melee combat.'] },
  ]);
  const index = ParleyIndex.build(bestiary);

  it('is found where stemming keeps the two forms apart ("dwarf" / "dwarves"), instead of reading the word as missing', () => {
    const answer = index.ask('how does a Deep Dwarf heal?');
    expect(answer.kind).toBe('answer');
    expect(answer.kind === 'answer' && answer.results[0]?.passage.headingPath).toEqual(['Bestiary', 'Deep Dwarves']);
  });

  it('is formed only for the irregular endings ("-f"/"-fe" ↔ "-ves", "-man" ↔ "-men")', () => {
    expect(otherNumber('dwarf')).toEqual(['dwarves']);
    expect(otherNumber('knives')).toEqual(['knif', 'knife']);
    expect(otherNumber('women')).toEqual(['woman']);
    expect(otherNumber('cliff')).toEqual([]);
    expect(otherNumber('potion')).toEqual([]);
  });
});

describe('answer types', () => {
  const typeOf = (question: string) => answerTypeOf(question.toLowerCase().split(/\W+/).filter(Boolean));

  it('reads "when" with a verb after it as asking for a time, and "what year" for a date', () => {
    expect(typeOf('When does the spring tournament start?')).toBe('time');
    expect(typeOf('when is the next meeting')).toBe('time');
    expect(typeOf('what year did the club start')).toBe('year');
  });

  it('reads "when" followed by a subject as a condition, not a question about time', () => {
    expect(typeOf('When I reply to someone, why do my followers not see it?')).toBeNull();
    expect(typeOf('when my bot crashes how do I restart it')).toBeNull();
  });

  it('reads "how old", "how often" as asking for a figure, and "how long" for a figure with its unit', () => {
    expect(typeOf('how long does a mute last')).toBe('measure');
    expect(typeOf('How old do I have to be to join?')).toBe('number');
    expect(typeOf('how often is the newsletter sent')).toBe('number');
  });

  it('reads a limit word before a measure as asking for a figure, and leaves a limit word in a name alone', () => {
    expect(typeOf('whats the max team size')).toBe('number');
    expect(typeOf('What is the minimum age to enter?')).toBe('number');
    expect(typeOf('why did the maximum pressure campaign fail')).toBeNull();
  });

  it('reads "which version" as asking for a figure: a version is a number', () => {
    expect(typeOf('Which Node versions are supported?')).toBe('number');
    expect(typeOf('what version added the export command')).toBe('number');
  });

  it('still finds figures and years asked for later in the question', () => {
    expect(typeOf('When I join, how many channels can I see?')).toBe('number');
    expect(typeOf('In what year was the club founded?')).toBe('year');
  });
});

describe('a section the question names', () => {
  const manual = corpusOf('Game manual', [
    {
      heading: 'Berserkers',
      passages: ['Berserkers are hardy warriors who worship Trog the Wrathful, and they fight with axes.'],
    },
    { heading: 'Religion', passages: ['At an altar you can enter the service of a god and serve it.'] },
    {
      heading: 'Movement',
      passages: ['You walk with the arrow keys or the numeric keypad; shift runs until something interesting appears.'],
    },
    {
      heading: 'Shops',
      passages: ['Shops sell weapons, armour and scrolls for gold; prices depend on how rare the item is.'],
    },
    { heading: 'Stairs', passages: ['Stairs lead up and down between levels; some levels have several staircases.'] },
    { heading: 'Altars', passages: ['Altars stand in temples; a god may also be met at a lone altar in the dungeon.'] },
  ]);
  const question = 'which god do berserkers serve?';
  const firstWith = (headingNamed: number) =>
    top(ParleyIndex.build(manual, { warmUp: false, weights: { headingNamed } }).ask(question)).headingPath.at(-1);

  it('lifts the passage under it (headingNamed): its heading says what the question is about', () => {
    expect(firstWith(0.5)).toBe('Berserkers');
  });

  it('without that weight, the passage meeting more of the question words wins', () => {
    expect(firstWith(0)).toBe('Religion');
  });

  it('counts a heading named in full more than one word of a long heading', () => {
    expect(headingNamedScore(1, 1, 0.5)).toBe(0.5);
    expect(headingNamedScore(1, 0.25, 0.5)).toBeCloseTo(0.03125);
  });
});
