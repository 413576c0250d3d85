import { describe, expect, it } from 'vitest';
import { isCentred, isDefinition, isWrappedProse, textWidth } from '../../src/corpus/text-layout.js';

describe('isWrappedProse', () => {
  it('takes full lines of words ending a sentence for a paragraph', () => {
    expect(isWrappedProse(['    Upgrade will attempt to gently upgrade the whole system; it', '    never removes a package.'])).toBe(true);
  });

  it('keeps commands, braces, aligned columns and short lines for preformatted text', () => {
    expect(isWrappedProse(['    # apt-get update', '    # apt-get check'])).toBe(false);
    expect(isWrappedProse(['    Dir', '    {', '      State "/disc/";', '    };'])).toBe(false);
    expect(isWrappedProse(['    weapons        (use wield) and the rest of the columns go on here.'])).toBe(false);
    expect(isWrappedProse(['    Please give the base URL of the debian distribution.', '    URL [http://example.org]:'])).toBe(false);
  });
});

describe('isDefinition', () => {
  it('is a short term with every line after it hanging deeper', () => {
    expect(isDefinition(['Ctrl-W', '  Set a waypoint (a digit between 0 and 9).'])).toBe(true);
    expect(isDefinition(['Ctrl-W', 'Set a waypoint.'])).toBe(false);
    expect(isDefinition(['This first line ends like a sentence.', '  And more.'])).toBe(false);
    expect(isDefinition(['- an item', '  its continuation'])).toBe(false);
  });
});

describe('isCentred', () => {
  it('is a line with as much room on its left as on its right, well away from the body', () => {
    const width = textWidth(['x'.repeat(76), 'y'.repeat(74), 'z'.repeat(75)]);
    expect(width).toBe(76);
    expect(isCentred(`${' '.repeat(28)}Additional Pseudoheaders`, 3, width)).toBe(true);
    expect(isCentred('       Set up a list of distribution source locations', 4, width)).toBe(false);
  });
});
