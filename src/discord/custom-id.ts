/**
 * Button state lives in the button's custom id (≤ 100 characters), so buttons keep working
 * after a restart and across replicas with no storage. Ids are versioned (`p1:`) and carry a
 * short checksum: a tampered or older id decodes to an error value, never an exception, and the
 * router answers it politely.
 *
 * Layout: `p1:<check>:<kind>:<fields>` where `<check>` is 4 base-36 characters over the rest.
 */
import { PAGE_SIZE } from './page-size.js';
import { CUSTOM_ID_MAX } from './respond.js';

export const CUSTOM_ID_VERSION = 'p1';

/** The question behind a paging button: inline when it fits, else a hash checked against the message. */
export type QueryRef = { readonly text: string } | { readonly hash: string };

export type ButtonState =
  /** Another page of an answer: passages `offset … offset+limit-1`. */
  | { readonly kind: 'page'; readonly offset: number; readonly limit: number; readonly query: QueryRef }
  /** Show a whole section as a new (ephemeral) message. */
  | { readonly kind: 'section-open'; readonly ref: string }
  /** Another page of a section shown by `/section` or "Whole section". */
  | { readonly kind: 'section-page'; readonly ref: string; readonly page: number };

export type DecodeError = 'version' | 'tampered' | 'malformed';
export type Decoded =
  { readonly ok: true; readonly state: ButtonState } | { readonly ok: false; readonly error: DecodeError };

/**
 * Largest offset or page a button may carry: nobody reads 100 passages deep, and a crafted id
 * (the checksum is not a secret) cannot make one press rank more than this.
 */
export const MAX_OFFSET = 100;

const KINDS = { page: 'pg', 'section-open': 'so', 'section-page': 'sp' } as const;
const HEADER_LENGTH = `${CUSTOM_ID_VERSION}:0000:`.length;

/** cyrb53: a fast 53-bit string hash; plenty against accidental collisions (not a MAC). */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function check(body: string): string {
  return (Number.parseInt(hash53(body, 7), 36) % 36 ** 4).toString(36).padStart(4, '0');
}

/** How many characters of free text (a question, a section id) fit after the fixed fields. */
export function payloadRoom(kind: ButtonState['kind'], fixedFields: readonly string[]): number {
  const fixed = `${KINDS[kind]}:${fixedFields.map((f) => `${f}:`).join('')}`.length;
  return CUSTOM_ID_MAX - HEADER_LENGTH - fixed;
}

function body(state: ButtonState): string {
  switch (state.kind) {
    case 'page': {
      const ref = 'text' in state.query ? `q:${state.query.text}` : `h:${state.query.hash}`;
      return `${KINDS.page}:${state.offset.toString(36)}:${state.limit}:${ref}`;
    }
    case 'section-open':
      return `${KINDS['section-open']}:${state.ref}`;
    case 'section-page':
      return `${KINDS['section-page']}:${state.page.toString(36)}:${state.ref}`;
  }
}

/**
 * Encodes button state; throws (a programmer mistake) if it does not fit in 100 characters —
 * callers size payloads with {@link payloadRoom} / {@link pageQueryRef} / {@link sectionRef} first.
 *
 * @example encodeCustomId({ kind: 'page', offset: 3, limit: 3, query: { text: 'rome' } }) // 'p1:xxxx:pg:3:3:q:rome'
 */
export function encodeCustomId(state: ButtonState): string {
  const rest = body(state);
  const id = `${CUSTOM_ID_VERSION}:${check(rest)}:${rest}`;
  if (id.length > CUSTOM_ID_MAX)
    throw new Error(`Parley: custom id longer than ${CUSTOM_ID_MAX} characters (${id.length})`);
  return id;
}

const parseIntField = (text: string | undefined, max: number): number | undefined => {
  if (text === undefined || !/^[0-9a-z]{1,4}$/.test(text)) return undefined;
  const value = Number.parseInt(text, 36);
  return value >= 0 && value <= max ? value : undefined;
};

/** Decodes any string into button state or an error value; never throws. */
export function decodeCustomId(id: string): Decoded {
  if (typeof id !== 'string' || id.length > CUSTOM_ID_MAX) return { ok: false, error: 'malformed' };
  const [version, sum] = id.split(':', 2);
  if (version !== CUSTOM_ID_VERSION) return { ok: false, error: 'version' };
  const rest = id.slice(HEADER_LENGTH);
  if (sum === undefined || id[HEADER_LENGTH - 1] !== ':' || check(rest) !== sum)
    return { ok: false, error: 'tampered' };
  const [kind, ...fields] = rest.split(':');
  if (kind === KINDS.page) {
    const offset = parseIntField(fields[0], MAX_OFFSET);
    const limit = parseIntField(fields[1], PAGE_SIZE.max);
    const mode = fields[2];
    const payload = fields.slice(3).join(':');
    if (offset === undefined || limit === undefined || limit < PAGE_SIZE.min) return { ok: false, error: 'malformed' };
    if (mode === 'q') return { ok: true, state: { kind: 'page', offset, limit, query: { text: payload } } };
    if (mode === 'h' && /^[0-9a-z]{1,12}$/.test(payload))
      return { ok: true, state: { kind: 'page', offset, limit, query: { hash: payload } } };
    return { ok: false, error: 'malformed' };
  }
  if (kind === KINDS['section-open']) {
    const ref = fields.join(':');
    return ref.length > 0 ? { ok: true, state: { kind: 'section-open', ref } } : { ok: false, error: 'malformed' };
  }
  if (kind === KINDS['section-page']) {
    const page = parseIntField(fields[0], MAX_OFFSET);
    const ref = fields.slice(1).join(':');
    if (page === undefined || ref.length === 0) return { ok: false, error: 'malformed' };
    return { ok: true, state: { kind: 'section-page', ref, page } };
  }
  return { ok: false, error: 'malformed' };
}

/** The query reference for paging buttons: the text itself when it fits every paging id, else its hash. */
export function pageQueryRef(query: string): QueryRef {
  // The widest fields a paging id carries: an offset of 2 base-36 characters (MAX_OFFSET = 100 → '2s'), the largest page size.
  const room = payloadRoom('page', ['zz', String(PAGE_SIZE.max), 'q']);
  return query.length <= room ? { text: query } : { hash: hash53(query) };
}

/** The reference to a section in a custom id: its id when it fits, else `#` + a hash of it. */
export function sectionRef(sectionId: string): string {
  const room = payloadRoom('section-page', ['zz']);
  return sectionId.length <= room && !sectionId.startsWith('#') ? sectionId : `#${hash53(sectionId)}`;
}
