/**
 * `src/search/store.ts` subclasses MiniSearch and reads and writes its protected state (its radix
 * tree, id maps, field lengths; see "MiniSearch internals we rely on" there), which no semver range
 * protects. So package.json pins the exact version, and this test fails loudly — naming what moved —
 * when the installed MiniSearch is not that version or its internals no longer have the shape
 * store.ts relies on. Upgrading MiniSearch means: bump the pin, run this, and adapt store.ts (and
 * the cache format version) if it fails.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/root.js';
import { miniSearchOptions, PassageSearch, TEXT, type IndexedPassage } from '../../src/search/store.js';

function installedVersion(): string {
  // MiniSearch's package.json is not exported: walk up from its entry point.
  for (
    let dir = dirname(createRequire(import.meta.url).resolve('minisearch'));
    dir !== dirname(dir);
    dir = dirname(dir)
  ) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'minisearch' && pkg.version) return pkg.version;
    } catch {
      // keep walking up
    }
  }
  throw new Error('minisearch is not installed');
}

describe('MiniSearch, whose internals store.ts reads', () => {
  it('is pinned to one exact version in package.json, and that version is installed', () => {
    const pinned = (
      JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { dependencies: Record<string, string> }
    ).dependencies.minisearch;
    expect(
      pinned,
      'package.json must pin minisearch exactly (no ^ or ~): store.ts depends on its private fields',
    ).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installedVersion(), `installed minisearch differs from the pinned ${pinned}: run npm ci`).toBe(pinned);
  });

  it('still has every protected field store.ts uses, with the shapes it expects', () => {
    const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
    search.add({ i: 0, text: 'rome treaty meeting', heading: 'history' });
    const inner = search as unknown as Record<string, unknown>;
    const problems: string[] = [];
    const expectShape = (name: string, ok: boolean) => {
      if (!ok) problems.push(name);
    };
    const tree = inner._index as Record<string, unknown> | null | undefined;
    expectShape('_index (radix tree)', typeof tree === 'object' && tree !== null);
    for (const method of ['get', 'fuzzyGet', 'atPrefix', 'fetch', 'set'])
      expectShape(`_index.${method}()`, typeof tree?.[method] === 'function');
    expectShape(
      '_index[Symbol.iterator]',
      typeof (tree as { [Symbol.iterator]?: unknown } | undefined)?.[Symbol.iterator] === 'function',
    );
    expectShape('_documentIds: Map', inner._documentIds instanceof Map);
    expectShape('_idToShortId: Map', inner._idToShortId instanceof Map);
    expectShape('_fieldLength: Map', inner._fieldLength instanceof Map);
    expectShape('_avgFieldLength: number[]', Array.isArray(inner._avgFieldLength));
    expectShape('_fieldIds: object', typeof inner._fieldIds === 'object' && inner._fieldIds !== null);
    expectShape('_documentCount: number', typeof inner._documentCount === 'number');
    expectShape('_nextId: number', typeof inner._nextId === 'number');
    expectShape('_dirtCount: number', typeof inner._dirtCount === 'number');
    expect(problems, `MiniSearch ${installedVersion()} changed internals store.ts relies on`).toEqual([]);

    // And the posting lists hold what store.ts reads: term → field id → short doc id → frequency.
    const data = (tree as { get(term: string): Map<number, Map<number, number>> | undefined }).get('rome');
    expect(data).toBeInstanceOf(Map);
    const fieldIds = inner._fieldIds as Record<string, number>;
    expect(data?.get(fieldIds.text ?? -1)?.get(0)).toBe(1);

    // The same seen through PassageSearch, as ranking reads it.
    const passages = new PassageSearch();
    passages.add({ i: 7, text: 'rome treaty meeting', heading: 'history' });
    expect(passages.terms.get('rome')?.get(TEXT)?.get(0)).toBe(1);
    expect([...passages.slots]).toEqual([[0, 7]]);
    expect(passages.fieldLengths.get(0)?.[TEXT]).toBe(3);
    expect(passages.averageFieldLengths[TEXT]).toBe(3);
  });

  it('finds posting maps through the tree’s fetch when adding, which a bulk build memoizes', () => {
    const search = new PassageSearch();
    const tree = search.terms;
    const fetch = tree.fetch.bind(tree);
    let calls = 0;
    tree.fetch = (term, initial) => {
      calls++;
      return fetch(term, initial);
    };
    search.add({ i: 0, text: 'rome treaty meeting', heading: 'history' });
    expect(
      calls,
      'MiniSearch.add() no longer calls _index.fetch: PassageSearch.bulkAdding speeds up nothing now',
    ).toBeGreaterThan(0);
  });

  it('keeps its own copy of SearchableMap, so store.ts cannot type or check the tree with the public export', () => {
    const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
    const tree = (search as unknown as { _index: unknown })._index;
    // When this fails, MiniSearch shares the public class: type PassageSearch.terms with it and
    // drop the reason given in store.ts.
    expect(tree instanceof SearchableMap).toBe(false);
    expect((Object.getPrototypeOf(tree) as { constructor?: { name?: string } } | null)?.constructor?.name).toBe(
      'SearchableMap',
    );
  });
});
