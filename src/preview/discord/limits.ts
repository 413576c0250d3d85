/**
 * Discord's documented payload limits — the ones its OpenAPI spec leaves out or only half states.
 *
 * Every checker returns a list of {@link LimitViolation}s (empty when the payload fits) instead of
 * throwing, so the stand-in can answer them as a Discord 400/50035 and other suites can assert
 * payloads directly:
 *
 * @example
 * ```ts
 * import { checkMessageLimits } from '../support/limits.js';
 * expect(checkMessageLimits(renderAnswer(result))).toEqual([]);
 * ```
 *
 * Deliberately written apart from the bot's own limits in `src/discord/respond.ts`: this is the
 * embedded Discord checking the bot, so a wrong figure on the bot's side must fail here, not pass
 * on both sides because they share it.
 *
 * Sources: discord.com/developers/docs — resources/message (content 2000, 10 embeds),
 * resources/message#embed-object-embed-limits (title 256, description 4096, 25 fields, field name
 * 256 / value 1024, footer 2048, author 256, 6000 in total), interactions/message-components
 * (5 rows, 5 buttons per row, custom_id 1–100, label 80, select options 25),
 * interactions/receiving-and-responding#interaction-response-object-autocomplete (25 choices),
 * interactions/application-commands (name regex, description 1–100, 25 options).
 */

export const CONTENT_MAX = 2000;
export const EMBEDS_MAX = 10;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
export const EMBED_FOOTER_TEXT_MAX = 2048;
export const EMBED_AUTHOR_NAME_MAX = 256;
export const EMBED_TOTAL_MAX = 6000;
export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW_MAX = 5;
export const BUTTON_LABEL_MAX = 80;
export const CUSTOM_ID_MAX = 100;
export const SELECT_OPTIONS_MAX = 25;
export const SELECT_OPTION_TEXT_MAX = 100;
export const SELECT_PLACEHOLDER_MAX = 150;
export const AUTOCOMPLETE_MAX_CHOICES = 25;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_STRING_VALUE_MAX = 100;
export const MODAL_TITLE_MAX = 45;
export const TEXT_INPUT_LABEL_MAX = 45;
export const TEXT_INPUT_VALUE_MAX = 4000;
export const COMMAND_NAME_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 100;
export const COMMAND_OPTIONS_MAX = 25;
export const ALLOWED_MENTIONS_IDS_MAX = 100;

/** Discord's name rule for chat-input commands and their options (lower-case on top of it). */
export const COMMAND_NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Where in the body a limit was broken: `['data', 'embeds', 0, 'title']`. */
export type LimitPath = readonly (string | number)[];

export interface LimitViolation {
  path: LimitPath;
  /** Discord's error code string, e.g. `BASE_TYPE_MAX_LENGTH`. */
  code: string;
  message: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
// Discord counts characters as code points, which is what iterating a string yields.
const textLength = (value: unknown): number => (typeof value === 'string' ? Array.from(value).length : 0);

/** Renders a path the way discord.js flattens Discord's errors: `data.embeds[0].title`, `0.name`. */
export function formatLimitPath(path: LimitPath): string {
  let out = '';
  for (const part of path) {
    if (out === '') out = String(part);
    else out += typeof part === 'number' ? `[${part}]` : `.${part}`;
  }
  return out;
}

class Collector {
  readonly violations: LimitViolation[] = [];
  constructor(private readonly prefix: LimitPath) {}

  add(path: LimitPath, code: string, message: string): void {
    this.violations.push({ path: [...this.prefix, ...path], code, message });
  }

  maxLength(path: LimitPath, value: unknown, max: number): void {
    if (typeof value === 'string' && textLength(value) > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  bounded(path: LimitPath, value: unknown, min: number, max: number, required: boolean): void {
    if (value === undefined || value === null) {
      if (required) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    const length = textLength(value);
    if (typeof value === 'string' && (length < min || length > max)) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    }
  }

  maxItems(path: LimitPath, value: unknown, max: number): void {
    if (Array.isArray(value) && value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }
}

/** Characters Discord counts towards the 6,000 across all embeds of one message. */
export function embedCharacters(embed: unknown): number {
  if (!isObject(embed)) return 0;
  let total = textLength(embed.title) + textLength(embed.description);
  for (const field of asArray(embed.fields)) {
    if (isObject(field)) total += textLength(field.name) + textLength(field.value);
  }
  if (isObject(embed.footer)) total += textLength(embed.footer.text);
  if (isObject(embed.author)) total += textLength(embed.author.name);
  return total;
}

function checkEmbeds(c: Collector, embeds: unknown): void {
  if (!Array.isArray(embeds)) return;
  c.maxItems(['embeds'], embeds, EMBEDS_MAX);
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    total += embedCharacters(embed);
    c.maxLength(['embeds', i, 'title'], embed.title, EMBED_TITLE_MAX);
    c.maxLength(['embeds', i, 'description'], embed.description, EMBED_DESCRIPTION_MAX);
    c.maxItems(['embeds', i, 'fields'], embed.fields, EMBED_FIELDS_MAX);
    asArray(embed.fields).forEach((field, j) => {
      if (!isObject(field)) return;
      c.bounded(['embeds', i, 'fields', j, 'name'], field.name, 1, EMBED_FIELD_NAME_MAX, true);
      c.bounded(['embeds', i, 'fields', j, 'value'], field.value, 1, EMBED_FIELD_VALUE_MAX, true);
    });
    if (isObject(embed.footer)) {
      c.bounded(['embeds', i, 'footer', 'text'], embed.footer.text, 1, EMBED_FOOTER_TEXT_MAX, true);
    }
    if (isObject(embed.author)) {
      c.bounded(['embeds', i, 'author', 'name'], embed.author.name, 1, EMBED_AUTHOR_NAME_MAX, true);
    }
  });
  if (total > EMBED_TOTAL_MAX) {
    c.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}`);
  }
}

function checkCustomId(c: Collector, path: LimitPath, customId: unknown, seen: Set<string>): void {
  c.bounded(path, customId, 1, CUSTOM_ID_MAX, true);
  if (typeof customId === 'string') {
    if (seen.has(customId)) c.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    seen.add(customId);
  }
}

/** Legacy (non-V2) message components: action rows of buttons or one select menu. */
function checkComponents(c: Collector, components: unknown): void {
  if (!Array.isArray(components)) return;
  c.maxItems(['components'], components, ACTION_ROWS_MAX);
  const seen = new Set<string>();
  components.forEach((row, i) => {
    if (!isObject(row) || row.type !== 1) return;
    const children = asArray(row.components);
    if (children.length === 0) {
      c.add(['components', i, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    c.maxItems(['components', i, 'components'], children, BUTTONS_PER_ROW_MAX);
    const selects = children.filter((child) => isObject(child) && child.type !== 2).length;
    if (selects > 0 && children.length > 1) {
      c.add(
        ['components', i, 'components'],
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'The specified component exceeds the maximum width',
      );
    }
    children.forEach((child, j) => {
      if (!isObject(child)) return;
      const at = ['components', i, 'components', j] as const;
      if (child.type === 2) {
        c.maxLength([...at, 'label'], child.label, BUTTON_LABEL_MAX);
        const isLink = child.style === 5;
        const isPremium = child.style === 6;
        if (isLink || isPremium) {
          if (child.custom_id !== undefined)
            c.add(
              [...at, 'custom_id'],
              'BUTTON_COMPONENT_CUSTOM_ID_FORBIDDEN',
              'A custom id cannot be set on link or premium buttons',
            );
          if (isLink && typeof child.url !== 'string')
            c.add([...at, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
        } else {
          checkCustomId(c, [...at, 'custom_id'], child.custom_id, seen);
          if (child.label === undefined && child.emoji === undefined) {
            c.add([...at, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or an emoji is required');
          }
        }
      } else if (typeof child.type === 'number' && child.type >= 3 && child.type <= 8) {
        checkCustomId(c, [...at, 'custom_id'], child.custom_id, seen);
        c.maxLength([...at, 'placeholder'], child.placeholder, SELECT_PLACEHOLDER_MAX);
        if (child.type === 3) {
          c.maxItems([...at, 'options'], child.options, SELECT_OPTIONS_MAX);
          asArray(child.options).forEach((option, k) => {
            if (!isObject(option)) return;
            c.bounded([...at, 'options', k, 'label'], option.label, 1, SELECT_OPTION_TEXT_MAX, true);
            c.bounded([...at, 'options', k, 'value'], option.value, 1, SELECT_OPTION_TEXT_MAX, true);
            c.maxLength([...at, 'options', k, 'description'], option.description, SELECT_OPTION_TEXT_MAX);
          });
        }
        for (const key of ['min_values', 'max_values'] as const) {
          const v = child[key];
          if (typeof v === 'number' && (v < (key === 'min_values' ? 0 : 1) || v > SELECT_OPTIONS_MAX)) {
            c.add(
              [...at, key],
              'NUMBER_TYPE_MAX',
              `Must be between ${key === 'min_values' ? 0 : 1} and ${SELECT_OPTIONS_MAX}.`,
            );
          }
        }
      }
    });
  });
}

function checkAllowedMentions(c: Collector, allowed: unknown): void {
  if (allowed === undefined || allowed === null) return;
  if (!isObject(allowed)) {
    c.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = allowed.parse;
  if (parse !== undefined && parse !== null) {
    if (!Array.isArray(parse)) c.add(['allowed_mentions', 'parse'], 'BASE_TYPE_LIST', 'Must be a list.');
    asArray(parse).forEach((entry, i) => {
      if (entry !== 'users' && entry !== 'roles' && entry !== 'everyone') {
        c.add(
          ['allowed_mentions', 'parse', i],
          'BASE_TYPE_CHOICES',
          `Value must be one of ('users', 'roles', 'everyone').`,
        );
      }
    });
  }
  for (const kind of ['users', 'roles'] as const) {
    const ids = allowed[kind];
    if (ids === undefined || ids === null) continue;
    c.maxItems(['allowed_mentions', kind], ids, ALLOWED_MENTIONS_IDS_MAX);
    if (asArray(parse).includes(kind)) {
      c.add(
        ['allowed_mentions', 'parse'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
}

/**
 * Checks a message body (interaction response `data`, webhook execute or edit) against Discord's
 * documented limits. `prefix` is prepended to every violation path (`['data']` for callbacks).
 */
export function checkMessageLimits(body: unknown, prefix: LimitPath = []): LimitViolation[] {
  const c = new Collector(prefix);
  if (!isObject(body)) return c.violations;
  c.maxLength(['content'], body.content, CONTENT_MAX);
  checkEmbeds(c, body.embeds);
  checkComponents(c, body.components);
  checkAllowedMentions(c, body.allowed_mentions);
  return c.violations;
}

/** Checks an autocomplete result (`data` of callback type 8). */
export function checkAutocompleteLimits(data: unknown, prefix: LimitPath = []): LimitViolation[] {
  const c = new Collector(prefix);
  if (!isObject(data)) return c.violations;
  checkChoices(c, ['choices'], data.choices);
  return c.violations;
}

function checkChoices(c: Collector, path: LimitPath, choices: unknown): void {
  c.maxItems(path, choices, AUTOCOMPLETE_MAX_CHOICES);
  asArray(choices).forEach((choice, i) => {
    if (!isObject(choice)) return;
    c.bounded([...path, i, 'name'], choice.name, 1, CHOICE_NAME_MAX, true);
    if (typeof choice.value === 'string') c.maxLength([...path, i, 'value'], choice.value, CHOICE_STRING_VALUE_MAX);
  });
}

/** Checks a modal (`data` of callback type 9). */
export function checkModalLimits(data: unknown, prefix: LimitPath = []): LimitViolation[] {
  const c = new Collector(prefix);
  if (!isObject(data)) return c.violations;
  c.bounded(['title'], data.title, 1, MODAL_TITLE_MAX, true);
  c.bounded(['custom_id'], data.custom_id, 1, CUSTOM_ID_MAX, true);
  const rows = asArray(data.components);
  if (rows.length < 1 || rows.length > ACTION_ROWS_MAX) {
    c.add(['components'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${ACTION_ROWS_MAX} in length.`);
  }
  rows.forEach((row, i) => {
    if (!isObject(row)) return;
    asArray(row.components).forEach((input, j) => {
      if (!isObject(input) || input.type !== 4) return;
      const at = ['components', i, 'components', j] as const;
      c.bounded([...at, 'custom_id'], input.custom_id, 1, CUSTOM_ID_MAX, true);
      c.maxLength([...at, 'label'], input.label, TEXT_INPUT_LABEL_MAX);
      c.maxLength([...at, 'value'], input.value, TEXT_INPUT_VALUE_MAX);
    });
  });
  return c.violations;
}

/**
 * Checks an interaction callback body `{ type, data }` — message (4, 7), autocomplete (8) or modal (9).
 */
export function checkCallbackLimits(body: unknown): LimitViolation[] {
  if (!isObject(body)) return [];
  switch (body.type) {
    case 4:
    case 7:
      return checkMessageLimits(body.data, ['data']);
    case 8:
      return checkAutocompleteLimits(body.data, ['data']);
    case 9:
      return checkModalLimits(body.data, ['data']);
    default:
      return [];
  }
}

function checkCommandOptions(c: Collector, path: LimitPath, options: unknown, depth: number): void {
  c.maxItems(path, options, COMMAND_OPTIONS_MAX);
  const names = new Set<string>();
  let sawOptional = false;
  asArray(options).forEach((option, i) => {
    if (!isObject(option)) return;
    const at = [...path, i];
    checkCommandName(c, [...at, 'name'], option.name, true);
    if (typeof option.name === 'string') {
      if (names.has(option.name))
        c.add([...at, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(option.name);
    }
    c.bounded([...at, 'description'], option.description, 1, COMMAND_DESCRIPTION_MAX, true);
    const isGroup = option.type === 1 || option.type === 2;
    if (!isGroup) {
      if (option.required === true && sawOptional) {
        c.add(
          [...at, 'required'],
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
      if (option.required !== true) sawOptional = true;
    }
    if (option.choices !== undefined) checkChoices(c, [...at, 'choices'], option.choices);
    if (option.autocomplete === true && asArray(option.choices).length > 0) {
      c.add(
        [...at, 'autocomplete'],
        'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES',
        'Autocomplete cannot be set with choices',
      );
    }
    if (isGroup && depth < 2) checkCommandOptions(c, [...at, 'options'], option.options, depth + 1);
  });
}

function checkCommandName(c: Collector, path: LimitPath, name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string') {
    c.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (!chatInput) {
    c.bounded(path, name, 1, COMMAND_NAME_MAX, true);
    return;
  }
  if (!COMMAND_NAME_PATTERN.test(name) || name !== name.toLowerCase()) {
    c.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

/** Checks one application command (as sent to PUT/POST `/applications/:app/commands`). */
export function checkCommandLimits(command: unknown, prefix: LimitPath = []): LimitViolation[] {
  const c = new Collector(prefix);
  if (!isObject(command)) return c.violations;
  const type = command.type ?? 1;
  const chatInput = type === 1;
  checkCommandName(c, ['name'], command.name, chatInput);
  if (chatInput) {
    c.bounded(['description'], command.description, 1, COMMAND_DESCRIPTION_MAX, true);
    checkCommandOptions(c, ['options'], command.options, 0);
  } else {
    if (typeof command.description === 'string' && command.description !== '') {
      c.add(
        ['description'],
        'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
        'Context menu commands cannot have description',
      );
    }
    if (asArray(command.options).length > 0) {
      c.add(['options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
    }
  }
  return c.violations;
}

/** Checks the array a bulk overwrite (PUT) sends: each command, and no duplicate name per type. */
export function checkCommandListLimits(commands: unknown): LimitViolation[] {
  if (!Array.isArray(commands)) return [];
  const out: LimitViolation[] = [];
  const seen = new Set<string>();
  commands.forEach((command, i) => {
    out.push(...checkCommandLimits(command, [i]));
    if (isObject(command) && typeof command.name === 'string') {
      const key = `${JSON.stringify(command.type ?? 1)}:${command.name}`;
      if (seen.has(key)) {
        out.push({
          path: [i, 'name'],
          code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
          message: `Application command names must be unique`,
        });
      }
      seen.add(key);
    }
  });
  return out;
}

/** Who a message would actually ping, from its content and `allowed_mentions` (Discord's rules). */
export interface Pings {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/**
 * Resolves the mentions Discord would turn into pings. Without `allowed_mentions` Discord parses
 * everything; with it, only what `parse` or the explicit id lists allow.
 */
export function pingsOf(body: unknown): Pings {
  const data = isObject(body) ? body : {};
  const content = typeof data.content === 'string' ? data.content : '';
  const allowed = isObject(data.allowed_mentions) ? data.allowed_mentions : undefined;
  const parse = allowed ? asArray(allowed.parse) : ['users', 'roles', 'everyone'];
  const allowedIds = (kind: 'users' | 'roles'): Set<string> =>
    new Set(allowed ? asArray(allowed[kind]).map(String) : []);
  const mentioned = (pattern: RegExp): string[] => [...new Set([...content.matchAll(pattern)].map((m) => m[1] ?? ''))];
  const userIds = allowedIds('users');
  const roleIds = allowedIds('roles');
  return {
    users: mentioned(/<@!?(\d{17,20})>/g).filter((id) => parse.includes('users') || userIds.has(id)),
    roles: mentioned(/<@&(\d{17,20})>/g).filter((id) => parse.includes('roles') || roleIds.has(id)),
    everyone: parse.includes('everyone') && /@(everyone|here)/.test(content),
  };
}
