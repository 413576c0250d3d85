import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PhraseDictionary,
  corpusSynonyms,
  mineAliases,
  phraseDictionary,
  readSynonymTable,
} from '../../src/search/synonyms.js';

describe("a corpus folder's synonym table (<CORPUS_DIR>/synonyms.json)", () => {
  it("loads the seed's table from the seed's folder as groups of equivalent names", () => {
    const { table, problem } = corpusSynonyms('corpus');
    expect(problem).toBeUndefined();
    expect(table.groups.length).toBeGreaterThan(10);
    const us = table.groups.find((g) => g.includes('us'));
    expect(us).toEqual(expect.arrayContaining(['united states', 'washington', 'america']));
  });

  it('reports a malformed file instead of throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-syn-'));
    writeFileSync(join(dir, 'bad.json'), '{"groups": "nope"}');
    writeFileSync(join(dir, 'broken.json'), '{not json');
    expect(readSynonymTable(join(dir, 'bad.json')).problem).toMatch(/groups/);
    expect(readSynonymTable(join(dir, 'broken.json')).problem).toBeDefined();
    expect(readSynonymTable(join(dir, 'missing.json')).table.groups).toEqual([]);
  });

  it('gives a folder without synonyms.json an empty table and no problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-syn-'));
    expect(corpusSynonyms(dir)).toEqual({ table: { groups: [] } });
    writeFileSync(join(dir, 'synonyms.json'), '{"groups": [["a"], 3]}');
    expect(corpusSynonyms(dir).problem).toMatch(/synonyms\.json/);
  });

  it('expands an acronym to its full name and back', () => {
    const dictionary = phraseDictionary({ groups: [['UN', 'United Nations']] }, []);
    expect(dictionary.match(['un'], 0)?.alternatives.map((a) => a.terms)).toEqual([['unit', 'nation']]);
    expect(dictionary.match(['the', 'united', 'nations'], 1)?.alternatives.map((a) => a.phrase)).toEqual(['UN']);
  });

  it('prefers the longest phrase', () => {
    const dictionary = new PhraseDictionary();
    dictionary.addGroup(['security council', 'unsc']);
    dictionary.addGroup(['security', 'safety']);
    expect(dictionary.match(['security', 'council', 'met'], 0)?.length).toBe(2);
    expect(dictionary.match(['security', 'guard'], 0)?.length).toBe(1);
  });

  it('looks for the members of a category, one way only', () => {
    const dictionary = phraseDictionary({ groups: [], categories: { 'gulf state': ['oman', 'qatar'] } }, []);
    expect(dictionary.match(['gulf', 'state'], 0)?.alternatives.map((a) => a.phrase)).toEqual(['oman', 'qatar']);
    expect(dictionary.match(['oman'], 0)).toBeNull();
  });
});

describe('aliases a document defines itself', () => {
  it('finds "Full Name (ACRONYM)" when the initials spell the acronym', () => {
    expect(mineAliases('the US withdrawal from the Joint Comprehensive Plan of Action (JCPOA) in 2018')).toEqual([
      ['JCPOA', 'Joint Comprehensive Plan of Action'],
    ]);
    expect(mineAliases('The International Atomic Energy Agency (IAEA) reported.')).toEqual([
      ['IAEA', 'International Atomic Energy Agency'],
    ]);
  });

  it('finds "ACRONYM, or another name,"', () => {
    expect(mineAliases('The JCPOA, or Iran nuclear deal, had set limits.')).toEqual([['JCPOA', 'Iran nuclear deal']]);
  });

  it('ignores brackets whose words do not spell the acronym', () => {
    expect(mineAliases('He met the press (AP) on Friday.')).toEqual([]);
  });
});
