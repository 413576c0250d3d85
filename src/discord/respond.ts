/**
 * Every reply goes through here: Discord's limits as named constants, the response builders, and
 * a last safety net (`fitMessage`) that makes any message body valid — even if a renderer got a
 * budget wrong, Discord never rejects our reply (a rejected reply is a lost answer).
 */
import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIApplicationCommandOptionChoice,
  APIButtonComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIInteractionResponse,
  APIInteractionResponseCallbackData,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
} from 'discord-api-types/v10';

export const MESSAGE_CONTENT_MAX = 2000;
export const EMBEDS_MAX = 10;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
export const EMBED_FOOTER_MAX = 2048;
export const EMBED_AUTHOR_NAME_MAX = 256;
/** Sum of every embed's title, description, field names and values, footer and author name. */
export const EMBED_TOTAL_MAX = 6000;
export const EMBED_URL_MAX = 2048;
export const AUTOCOMPLETE_MAX_CHOICES = 25;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_VALUE_MAX = 100;
export const CUSTOM_ID_MAX = 100;
export const BUTTON_LABEL_MAX = 80;
export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW_MAX = 5;

/** Nobody is ever pinged unless a reply names them explicitly. */
export const NO_MENTIONS: APIAllowedMentions = Object.freeze({ parse: [] });

export const ELLIPSIS = '…';

/** Parley's accent colour on embeds. */
export const EMBED_COLOR = 0x5865f2;

/** A message body as handlers build it (before limits are applied). */
export type MessageData = APIInteractionResponseCallbackData;

/**
 * Cuts `text` to at most `max` characters at a word boundary and appends `…`; markdown markers
 * (`**`, `__`, `*`, `_`, `~~`, `` ` ``) left open by the cut are closed, and a cut never leaves a
 * dangling backslash. Text within the limit is returned unchanged.
 *
 * @example cutMarkdown('**a long** sentence', 12) // '**a long** …' style, always ≤ 12
 */
export function cutMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? ELLIPSIS : '';
  // Reserve room for closing markers and the ellipsis.
  let budget = Math.max(0, max - 9);
  for (;;) {
    let cut = text.slice(0, budget);
    const space = cut.search(/\s\S*$/);
    if (space > budget * 0.5) cut = cut.slice(0, space);
    cut = cut.trimEnd();
    // Do not split a surrogate pair or an escape.
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
    cut = dropDanglingBackslash(cut);
    const closed = closeOpenMarkers(cut);
    const result = `${closed}${ELLIPSIS}`;
    if (result.length <= max || budget === 0) return result.length <= max ? result : ELLIPSIS;
    budget = Math.max(0, budget - (result.length - max));
  }
}

function dropDanglingBackslash(text: string): string {
  let trailing = 0;
  while (trailing < text.length && text[text.length - 1 - trailing] === '\\') trailing++;
  return trailing % 2 === 1 ? text.slice(0, -1) : text;
}

const MARKERS = ['**', '__', '~~', '*', '_', '`'] as const;

/** Scans markdown (respecting backslash escapes) and appends closers for markers left open. */
export function closeOpenMarkers(text: string): string {
  const open: string[] = [];
  for (let i = 0; i < text.length;) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    const marker = MARKERS.find((m) => text.startsWith(m, i));
    if (!marker) {
      i += 1;
      continue;
    }
    if (open[open.length - 1] === marker) open.pop();
    else if (open.includes(marker)) {
      // Crossed markers: close everything above it, then it.
      while (open.length > 0 && open.pop() !== marker);
    } else open.push(marker);
    i += marker.length;
  }
  if (open.length === 0) return text;
  // A closing marker right after whitespace does not render: trim first.
  return text.trimEnd() + open.reverse().join('');
}

/** Cuts plain text (no markdown) at a word boundary, with `…`. */
export function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? ELLIPSIS : '';
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space > (max - 1) * 0.5) cut = cut.slice(0, space);
  cut = cut.trimEnd();
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/** Characters an embed counts towards {@link EMBED_TOTAL_MAX}. */
export function embedLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** An http(s) URL Discord accepts in an embed, or undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > EMBED_URL_MAX) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch (error) {
    // Not a URL at all (the URL constructor's TypeError): no link, like any other unusable one.
    if (!(error instanceof TypeError)) throw error;
    return undefined;
  }
}

function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = cutMarkdown(out.title, EMBED_TITLE_MAX) || ELLIPSIS;
  if (out.description !== undefined) out.description = cutMarkdown(out.description, EMBED_DESCRIPTION_MAX);
  if (out.footer) out.footer = { ...out.footer, text: cutPlain(out.footer.text, EMBED_FOOTER_MAX) };
  if (out.author) out.author = { ...out.author, name: cutPlain(out.author.name, EMBED_AUTHOR_NAME_MAX) };
  const url = safeUrl(out.url);
  if (url) out.url = url;
  else delete out.url;
  if (out.fields) {
    out.fields = out.fields.slice(0, EMBED_FIELDS_MAX).map((field) => ({
      ...field,
      name: cutMarkdown(field.name, EMBED_FIELD_NAME_MAX) || '\u200b',
      value: cutMarkdown(field.value, EMBED_FIELD_VALUE_MAX) || '\u200b',
    }));
  }
  return out;
}

function fitComponents(rows: MessageData['components']): MessageData['components'] {
  if (!rows) return rows;
  const fitted: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  // Discord rejects a whole message whose components repeat a custom id.
  const seen = new Set<string>();
  const valid = (c: APIComponentInMessageActionRow) => {
    if (!('custom_id' in c)) return true;
    if (typeof c.custom_id !== 'string' || c.custom_id.length > CUSTOM_ID_MAX || seen.has(c.custom_id)) return false;
    seen.add(c.custom_id);
    return true;
  };
  for (const row of rows.slice(0, ACTION_ROWS_MAX)) {
    if (row.type !== ComponentType.ActionRow) continue;
    const components = row.components
      .filter(valid)
      .slice(0, BUTTONS_PER_ROW_MAX)
      .map((c) =>
        c.type === ComponentType.Button && 'label' in c && typeof c.label === 'string'
          ? { ...c, label: cutPlain(c.label, BUTTON_LABEL_MAX) || '…' }
          : c,
      );
    if (components.length > 0) fitted.push({ ...row, components });
  }
  return fitted;
}

/**
 * The safety net every message body passes through: content ≤ 2000, ≤ 10 embeds each within its
 * limits, ≤ 6000 characters across embeds (dropping trailing embeds, then cutting the last),
 * valid components, and `allowed_mentions` always set (default: nobody).
 */
export function fitMessage(data: MessageData): MessageData {
  const out: MessageData = { ...data, allowed_mentions: data.allowed_mentions ?? NO_MENTIONS };
  if (out.content !== undefined) out.content = cutMarkdown(out.content, MESSAGE_CONTENT_MAX);
  if (out.embeds) {
    const embeds = out.embeds.slice(0, EMBEDS_MAX).map(fitEmbed);
    let total = 0;
    const kept: APIEmbed[] = [];
    for (const embed of embeds) {
      const length = embedLength(embed);
      if (total + length <= EMBED_TOTAL_MAX) {
        kept.push(embed);
        total += length;
        continue;
      }
      const room = EMBED_TOTAL_MAX - total - (length - (embed.description?.length ?? 0));
      if (kept.length === 0 || room >= 200) {
        const description = cutMarkdown(embed.description ?? '', Math.max(0, room));
        const shrunk = { ...embed, description };
        if (embedLength(shrunk) <= EMBED_TOTAL_MAX - total) kept.push(shrunk);
      }
      break;
    }
    out.embeds = kept;
  }
  if (out.components) out.components = fitComponents(out.components);
  return out;
}

/** A new message (callback type 4); `ephemeral` sets flag 64 (only the member sees it). */
export function message(data: MessageData, options: { ephemeral?: boolean } = {}): APIInteractionResponse {
  const flags = (data.flags ?? 0) | (options.ephemeral ? MessageFlags.Ephemeral : 0);
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- flags combine by bitwise OR, which TypeScript types as a plain number
    data: fitMessage({ ...data, ...(flags ? { flags } : {}) }),
  };
}

/** Replaces the message a button sits on (callback type 7). */
export function update(data: MessageData): APIInteractionResponse {
  const { flags: _flags, ...rest } = data;
  return { type: InteractionResponseType.UpdateMessage, data: fitMessage(rest) };
}

/** A short ephemeral note (cooldowns, errors, "no longer exists"). */
export function notice(text: string): APIInteractionResponse {
  return message({ content: text }, { ephemeral: true });
}

/** "Thinking…" now, the answer later through the webhook (type 5, or 6 for a button). */
export function deferred(options: { ephemeral?: boolean; update?: boolean } = {}): APIInteractionResponse {
  if (options.update) return { type: InteractionResponseType.DeferredMessageUpdate };
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    ...(options.ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
  };
}

/**
 * Autocomplete choices (type 8): at most 25, names 1–100 characters, values ≤ 100, no duplicates.
 * Choices that cannot be made valid are dropped.
 */
export function choices(list: readonly APIApplicationCommandOptionChoice[]): APIInteractionResponse {
  const seen = new Set<string>();
  const fitted: APIApplicationCommandOptionChoice[] = [];
  for (const choice of list) {
    if (fitted.length >= AUTOCOMPLETE_MAX_CHOICES) break;
    const name = cutPlain(choice.name.replace(/\s+/g, ' ').trim(), CHOICE_NAME_MAX);
    if (name.length === 0) continue;
    const value = choice.value;
    if (typeof value === 'string') {
      if (value.length === 0 || value.length > CHOICE_VALUE_MAX) continue;
      if (seen.has(value.toLowerCase())) continue;
      seen.add(value.toLowerCase());
    }
    fitted.push({ name, value });
  }
  return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: fitted } };
}

/** The body a deferred answer is delivered with (PATCH @original): the message minus its flags. */
export function toWebhookEdit(response: APIInteractionResponse): RESTPatchAPIWebhookWithTokenMessageJSONBody {
  if (
    (response.type === InteractionResponseType.ChannelMessageWithSource ||
      response.type === InteractionResponseType.UpdateMessage) &&
    response.data
  ) {
    const { flags: _flags, tts: _tts, ...rest } = response.data;
    return { ...rest, allowed_mentions: rest.allowed_mentions ?? NO_MENTIONS };
  }
  return { content: 'Done.', allowed_mentions: NO_MENTIONS };
}

/** A button for an action row. */
export function button(
  label: string,
  customId: string,
  options: { style?: ButtonStyle; disabled?: boolean; emoji?: string } = {},
): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: options.style ?? ButtonStyle.Secondary,
    label: cutPlain(label, BUTTON_LABEL_MAX),
    custom_id: customId,
    ...(options.disabled ? { disabled: true } : {}),
    ...(options.emoji ? { emoji: { name: options.emoji } } : {}),
  } as APIButtonComponent;
}

/** An action row of up to five buttons (empty rows are not allowed: returns undefined). */
export function row(buttons: readonly APIButtonComponent[]): APIActionRowComponent<APIButtonComponent> | undefined {
  const kept = buttons.slice(0, BUTTONS_PER_ROW_MAX);
  return kept.length > 0 ? { type: ComponentType.ActionRow, components: [...kept] } : undefined;
}
