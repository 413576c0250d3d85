/** File bytes → text, or the reason they are not a text document. */

export type Decoded = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'bad'; readonly line?: number; readonly message: string };

/**
 * Decodes UTF-8 strictly: binary files (NUL bytes) and invalid UTF-8 are refused with the line
 * where the bad byte is, instead of being indexed as mojibake. A BOM is dropped.
 *
 * @example
 * decodeText(new TextEncoder().encode('hello')); // → { kind: 'text', text: 'hello' }
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { kind: 'bad', message: 'the file is empty' };
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { kind: 'bad', line: lineOf(bytes, nul), message: `looks like a binary file (NUL byte at offset ${nul}), not text` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { kind: 'text', text: text.replace(/^\uFEFF/, '') };
  } catch (error) {
    // A fatal TextDecoder throws a TypeError for bytes that are not UTF-8; anything else is a bug.
    if (!(error instanceof TypeError)) throw error;
    const at = firstInvalidUtf8(bytes);
    return {
      kind: 'bad',
      line: lineOf(bytes, at),
      message: `is not valid UTF-8 (bad byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at}); save it as UTF-8`,
    };
  }
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (overlongs and surrogates included). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  for (let b = bytes[i]; b !== undefined; b = bytes[i]) {
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
