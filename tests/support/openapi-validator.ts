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
import type { LimitViolation } from '../../src/preview/discord/limits.js';

// ajv-formats is CommonJS with a `default` export; under NodeNext the namespace is what arrives.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as FormatsPlugin;

export const OPENAPI_PATH = fileURLToPath(new URL('../fixtures/discord/openapi.json', import.meta.url));

const COMPONENTS_ID = 'discord-openapi-components';

interface Operation {
  template: string;
  segments: string[];
  schema: unknown;
}

/** The parts of a JSON Schema node the error explanation walks. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  components: unknown;
}

let state: { ajv: Ajv2020; operations: Map<string, Operation[]>; schemas: Record<string, Schema> } | undefined;
const compiled = new Map<string, ValidateFunction>();

function load(): NonNullable<typeof state> {
  if (state) return state;
  const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Spec;
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  // Discord's own formats: ids are decimal strings or numbers; the rest are numeric widths.
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]{0,19})$/);
  for (const name of ['int32', 'int64', 'double'] as const)
    ajv.addFormat(name, { type: 'number', validate: () => true });
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
  state = { ajv, operations, schemas: (spec.components as { schemas: Record<string, Schema> }).schemas };
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
  if (error.keyword === 'required') parts.push((error.params as { missingProperty: string }).missingProperty);
  return parts;
}

function codeOf(error: ErrorObject): string {
  if (error.keyword === 'type') {
    const type = (error.params as { type: string | string[] }).type;
    const first = (Array.isArray(type) ? type : type.split(',')).find((t) => t !== 'null') ?? 'null';
    return `BASE_TYPE_${first.toUpperCase()}`;
  }
  return CODES[error.keyword] ?? `BASE_TYPE_INVALID`;
}

/** Errors about which union branch was meant (a missing field, the wrong `type`), not about a value. */
function isShapeError(error: ErrorObject, path: (string | number)[]): boolean {
  if (error.keyword === 'required' || error.keyword === 'additionalProperties' || error.keyword === 'not') return true;
  return (error.keyword === 'enum' || error.keyword === 'const') && path.at(-1) === 'type';
}

const isUnder = (path: (string | number)[], parent: (string | number)[]): boolean =>
  path.length > parent.length && parent.every((part, i) => path[i] === part);

/**
 * Reduces ajv's report for unions (every branch fails somewhere) to what Discord would name.
 * ajv reports each branch's complaints; the branches that were not meant fail on their
 * discriminator (`type`) or on fields they require. So a "shape" error about an object is
 * dropped when that object also has a real value error, or something deeper failed — the
 * deeper failure is the one in the branch that was meant. The "must be null" of nullable
 * `oneOf`s and the union summaries go too.
 */
function pickErrors(errors: ErrorObject[]): LimitViolation[] {
  const pool = errors
    .filter(
      (e) =>
        e.keyword !== 'anyOf' &&
        e.keyword !== 'oneOf' &&
        e.keyword !== 'if' &&
        !(e.keyword === 'type' && (e.params as { type: unknown }).type === 'null'),
    )
    .map((e) => {
      const path = toPath(e);
      return { e, path, parent: path.slice(0, -1), shape: isShapeError(e, path) };
    });
  const kept = pool.filter(
    (a) =>
      !a.shape ||
      !pool.some(
        (b) =>
          b !== a &&
          (isUnder(b.parent, a.parent) ||
            (!b.shape && b.parent.length === a.parent.length && isUnder(b.path, a.parent))),
      ),
  );
  const chosen = kept.length > 0 ? kept : pool;
  const seen = new Set<string>();
  const out: LimitViolation[] = [];
  for (const { e, path } of chosen) {
    const key = `${path.join('.')}:${codeOf(e)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, code: codeOf(e), message: e.message ?? 'Invalid value' });
  }
  return out.length > 0 ? out : [{ path: [], code: 'BASE_TYPE_INVALID', message: 'Invalid body' }];
}

const subValidators = new WeakMap<object, ValidateFunction>();

/** A validator for any node of the spec (compiled once per node). */
function validatorOf(schema: Schema): ValidateFunction {
  const cached = subValidators.get(schema);
  if (cached) return cached;
  const rewritten = JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', `"${COMPONENTS_ID}#/components/`),
  ) as object;
  const validate = load().ajv.compile(rewritten);
  subValidators.set(schema, validate);
  return validate;
}

function resolve(schema: Schema): Schema {
  let node = schema;
  for (let hops = 0; node.$ref && hops < 20; hops++) {
    const name = node.$ref.replace('#/components/schemas/', '');
    const target = load().schemas[name];
    if (!target) break;
    node = target;
  }
  return node;
}

const isObjectValue = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const prefixed = (violations: LimitViolation[], path: (string | number)[]): LimitViolation[] =>
  violations.map((v) => ({ ...v, path: [...path, ...v.path] }));

/**
 * Says where `data` fails `schema`, following Discord's unions the way Discord picks a branch:
 * by the branch whose `type` matches, then by the branch that fails least. Each union is
 * resolved before looking inside it, so the paths come from the branch that was meant.
 */
function explain(schema: Schema, data: unknown, path: (string | number)[], depth = 0): LimitViolation[] {
  const validate = validatorOf(schema);
  // Kept as a boolean: the validator's type guard would narrow `data` to never below.
  const valid: boolean = validate(data);
  if (valid) return [];
  const errors = [...(validate.errors ?? [])];
  const node = resolve(schema);
  if (depth > 12) return prefixed(pickErrors(errors), path);
  const union = (node.anyOf ?? node.oneOf ?? []).filter((b) => resolve(b).type !== 'null');
  if (union.length > 0 && data !== null) {
    const ranked = union
      .map((branch, order) => {
        const v = validatorOf(branch);
        v(data);
        const branchErrors = [...(v.errors ?? [])];
        const wrongType = branchErrors.some(
          (e) => e.instancePath === '/type' && (e.keyword === 'enum' || e.keyword === 'const'),
        );
        return { branch, order, wrongType, count: pickErrors(branchErrors).length };
      })
      .sort((a, b) => Number(a.wrongType) - Number(b.wrongType) || a.count - b.count || a.order - b.order);
    const best = ranked[0];
    if (best && !best.wrongType) return explain(best.branch, data, path, depth + 1);
    if (best && isObjectValue(data) && 'type' in data) {
      return [
        {
          path: [...path, 'type'],
          code: 'BASE_TYPE_CHOICES',
          message: 'Value is not one of the types this union accepts.',
        },
      ];
    }
    return prefixed(pickErrors(errors), path);
  }
  const here = errors.filter((e) => e.instancePath === '');
  const out: LimitViolation[] = here.length > 0 ? pickErrors(here) : [];
  if (isObjectValue(data) && node.properties) {
    for (const [key, value] of Object.entries(data)) {
      const property = node.properties[key];
      if (property) out.push(...explain(property, value, [key], depth + 1));
    }
  } else if (Array.isArray(data) && node.items) {
    const items = node.items;
    (data as unknown[]).forEach((item, i) => out.push(...explain(items, item, [i], depth + 1)));
  }
  return prefixed(out.length > 0 ? out : pickErrors(errors), path);
}

/**
 * Loads the spec and compiles the operations a bot uses most (interaction callback, webhook
 * messages, command registration), so the first real request is not the one that pays ~1.5 s.
 */
export function warmUpValidator(): void {
  validateRequestBody('POST', '/interactions/0/t/callback', { type: 1 });
  validateRequestBody('POST', '/webhooks/0/t', {});
  validateRequestBody('PATCH', '/webhooks/0/t/messages/@original', {});
  validateRequestBody('PATCH', '/webhooks/0/t/messages/0', {});
  validateRequestBody('PUT', '/applications/0/commands', []);
  validateRequestBody('PUT', '/applications/0/guilds/0/commands', []);
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
  return explain(op.schema as Schema, body, []);
}
