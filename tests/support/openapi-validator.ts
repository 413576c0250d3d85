/**
 * Checks request bodies against Discord's published OpenAPI 3.1 spec
 * (tests/fixtures/discord/openapi.json, MIT, see the LICENSE beside it).
 *
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, so ajv's 2020 draft compiles them. The spec's
 * `components` are registered once under an `$id`, each operation's request-body schema is
 * compiled lazily the first time that operation is seen, and both are shared by every stand-in in
 * the process (compiling the interaction-callback union takes ~0.2 s).
 *
 * @example
 * ```ts
 * const errors = validateRequestBody('POST', '/interactions/1/tok/callback', { type: 4, data: { embeds: [{ title: 5 }] } });
 * // → [{ path: ['data', 'embeds', 0, 'title'], code: 'BASE_TYPE_STRING', message: 'must be string,null' }]
 * ```
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import type { LimitViolation } from './limits.js';

// ajv-formats is CommonJS with a `default` export; under NodeNext the namespace is what arrives.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as FormatsPlugin;

export const OPENAPI_PATH = fileURLToPath(new URL('../fixtures/discord/openapi.json', import.meta.url));

const COMPONENTS_ID = 'discord-openapi-components';

interface Operation {
  template: string;
  segments: string[];
  schema: unknown;
}

interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  components: unknown;
}

let state: { ajv: Ajv2020; operations: Map<string, Operation[]> } | undefined;
const compiled = new Map<string, ValidateFunction>();

function load(): NonNullable<typeof state> {
  if (state) return state;
  const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Spec;
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  // Discord's own formats: ids are decimal strings or numbers; the rest are numeric widths.
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]{0,19})$/);
  for (const name of ['int32', 'int64', 'double'] as const) ajv.addFormat(name, { type: 'number', validate: () => true });
  ajv.addFormat('nonce', () => true);
  ajv.addSchema({ $id: COMPONENTS_ID, components: spec.components });
  const operations = new Map<string, Operation[]>();
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (schema === undefined) continue;
      const key = method.toUpperCase();
      const list = operations.get(key) ?? [];
      list.push({ template, segments: template.split('/').filter(Boolean), schema });
      operations.set(key, list);
    }
  }
  state = { ajv, operations };
  return state;
}

/** Finds the spec's path template for a concrete path; literal segments win over `{params}`. */
export function findOperation(method: string, path: string): Operation | undefined {
  const parts = path.split('/').filter(Boolean);
  let best: { op: Operation; literals: number } | undefined;
  for (const op of load().operations.get(method.toUpperCase()) ?? []) {
    if (op.segments.length !== parts.length) continue;
    let literals = 0;
    const matches = op.segments.every((segment, i) => {
      if (segment.startsWith('{')) return true;
      literals++;
      return segment === parts[i];
    });
    if (matches && (!best || literals > best.literals)) best = { op, literals };
  }
  return best?.op;
}

function validatorFor(method: string, op: Operation): ValidateFunction {
  const key = `${method} ${op.template}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const { ajv } = load();
  const schema = JSON.parse(
    JSON.stringify(op.schema).replaceAll('"#/components/', `"${COMPONENTS_ID}#/components/`),
  ) as object;
  const validate = ajv.compile(schema);
  compiled.set(key, validate);
  return validate;
}

const CODES: Record<string, string> = {
  required: 'BASE_TYPE_REQUIRED',
  enum: 'BASE_TYPE_CHOICES',
  const: 'BASE_TYPE_CHOICES',
  maxLength: 'BASE_TYPE_MAX_LENGTH',
  minLength: 'BASE_TYPE_MIN_LENGTH',
  maxItems: 'BASE_TYPE_MAX_LENGTH',
  minItems: 'BASE_TYPE_MIN_LENGTH',
  maximum: 'NUMBER_TYPE_MAX',
  minimum: 'NUMBER_TYPE_MIN',
  format: 'BASE_TYPE_FORMAT',
  pattern: 'BASE_TYPE_FORMAT',
};

function toPath(error: ErrorObject): (string | number)[] {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (error.keyword === 'required') parts.push(String((error.params as { missingProperty: string }).missingProperty));
  return parts;
}

function codeOf(error: ErrorObject): string {
  if (error.keyword === 'type') {
    const type = (error.params as { type: string | string[] }).type;
    const first = (Array.isArray(type) ? type : String(type).split(',')).find((t) => t !== 'null') ?? 'null';
    return `BASE_TYPE_${first.toUpperCase()}`;
  }
  return CODES[error.keyword] ?? `BASE_TYPE_INVALID`;
}

/**
 * Reduces ajv's report for a union (every branch fails somewhere) to what Discord would name:
 * the deepest failing paths, leaving out the "must be null" of nullable `oneOf`s and the
 * discriminator mismatches of the branches that were not meant.
 */
function pickErrors(errors: ErrorObject[]): LimitViolation[] {
  const meaningful = errors.filter(
    (e) =>
      e.keyword !== 'anyOf' &&
      e.keyword !== 'oneOf' &&
      e.keyword !== 'if' &&
      !(e.keyword === 'type' && (e.params as { type: unknown }).type === 'null'),
  );
  const pool = meaningful.length > 0 ? meaningful : errors;
  const depth = (e: ErrorObject): number => toPath(e).length;
  const deepest = Math.max(...pool.map(depth));
  const seen = new Set<string>();
  const out: LimitViolation[] = [];
  for (const e of pool) {
    if (depth(e) !== deepest) continue;
    const path = toPath(e);
    const key = path.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, code: codeOf(e), message: e.message ?? 'Invalid value' });
  }
  return out;
}

/**
 * Validates `body` against the spec's JSON request body for `method path` (a concrete path under
 * /api/v10, e.g. `/webhooks/1/tok/messages/@original`). Returns `[]` when valid, and also when the
 * spec has no JSON request body for that operation.
 */
export function validateRequestBody(method: string, path: string, body: unknown): LimitViolation[] {
  const op = findOperation(method, path);
  if (!op) return [];
  const validate = validatorFor(method.toUpperCase(), op);
  if (validate(body)) return [];
  return pickErrors(validate.errors ?? []);
}
