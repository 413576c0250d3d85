/**
 * One channel message (a Discord message object, as the embedded Discord stored it) → the HTML
 * the preview page shows: author line, "used /command", content, embeds (colour bar, author,
 * title, description, fields, footer), buttons and selects, and the "Only you can see this" mark
 * of an ephemeral reply. Bodies go through {@link markdownToHtml}; everything else is escaped.
 */
import { escapeHtml, markdownToHtml } from './markdown.js';

type Json = Record<string, unknown>;

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
/** Discord's button styles → the page's classes. */
const BUTTON_STYLES: Record<number, string> = {
  1: 'primary',
  2: 'secondary',
  3: 'success',
  4: 'danger',
  5: 'link',
  6: 'premium',
};

const asObject = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Whether a message is ephemeral (flag 64). */
export const isEphemeral = (message: Json): boolean => (Number(message.flags) & EPHEMERAL) !== 0;

/** The name a user is shown by: server nickname aside, `global_name` else `username`. */
export const displayName = (user: Json): string => str(user.global_name) || str(user.username) || 'unknown';

function embedHtml(embed: Json, names: (id: string) => string | undefined): string {
  const parts: string[] = [];
  const author = asObject(embed.author);
  if (author.name) {
    const url = str(author.url);
    const name = escapeHtml(str(author.name));
    parts.push(
      `<div class="embed-author">${/^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer noopener">${name}</a>` : name}</div>`,
    );
  }
  if (embed.title) {
    const url = str(embed.url);
    const title = markdownToHtml(str(embed.title), names);
    parts.push(
      `<div class="embed-title">${/^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer noopener">${title}</a>` : title}</div>`,
    );
  }
  if (embed.description)
    parts.push(`<div class="embed-description">${markdownToHtml(str(embed.description), names)}</div>`);
  const fields = asArray(embed.fields);
  if (fields.length > 0) {
    parts.push(
      `<div class="embed-fields">${fields
        .map(
          (f) =>
            `<div class="embed-field${f.inline ? ' inline' : ''}"><div class="embed-field-name">${markdownToHtml(str(f.name), names)}</div><div class="embed-field-value">${markdownToHtml(str(f.value), names)}</div></div>`,
        )
        .join('')}</div>`,
    );
  }
  const footer = asObject(embed.footer);
  if (footer.text || embed.timestamp) {
    const when = embed.timestamp ? ` • ${escapeHtml(new Date(str(embed.timestamp)).toLocaleString('en-US'))}` : '';
    parts.push(`<div class="embed-footer">${escapeHtml(str(footer.text))}${when}</div>`);
  }
  const color = typeof embed.color === 'number' ? `#${embed.color.toString(16).padStart(6, '0')}` : '#1e1f22';
  return `<div class="embed" style="border-left-color:${color}">${parts.join('')}</div>`;
}

function componentHtml(component: Json): string {
  if (component.type === 2) {
    const style = BUTTON_STYLES[Number(component.style)] ?? 'secondary';
    const emoji = escapeHtml(str(asObject(component.emoji).name));
    const label = `${emoji ? `<span class="emoji">${emoji}</span>` : ''}${escapeHtml(str(component.label))}`;
    if (style === 'link') {
      const url = str(component.url);
      return /^https?:\/\//.test(url)
        ? `<a class="button link" href="${escapeHtml(url)}" target="_blank" rel="noreferrer noopener">${label} ↗</a>`
        : '';
    }
    return `<button type="button" class="button ${style}" data-custom-id="${escapeHtml(str(component.custom_id))}"${component.disabled ? ' disabled' : ''}>${label}</button>`;
  }
  if (component.type === 3) {
    const options = asArray(component.options)
      .map((o) => `<option value="${escapeHtml(str(o.value))}">${escapeHtml(str(o.label))}</option>`)
      .join('');
    return `<select class="select" data-custom-id="${escapeHtml(str(component.custom_id))}"><option value="">${escapeHtml(str(component.placeholder) || 'Make a selection')}</option>${options}</select>`;
  }
  return '';
}

/** What the page needs to draw one message. */
export interface MessageView {
  readonly message: Json;
  /** Shown as the author when the message has none (e.g. a member's message). */
  readonly names: (id: string) => string | undefined;
}

/**
 * The HTML of one message, as Discord would show it in the channel.
 *
 * @example
 * messageHtml({ message: storedMessage, names: (id) => members.get(id)?.name });
 */
export function messageHtml({ message, names }: MessageView): string {
  const author = asObject(message.author);
  const bot = author.bot === true;
  const ephemeral = isEphemeral(message);
  const interaction = asObject(message.interaction_metadata ?? message.interaction);
  const invoker = asObject(interaction.user);
  const name = escapeHtml(displayName(author));
  const when = escapeHtml(
    new Date(str(message.timestamp) || Date.now()).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }),
  );
  const parts: string[] = [];
  if (invoker.id) {
    const command = str(interaction.name) || str(asObject(message.interaction).name);
    const used = command
      ? ` used <span class="command-name">${Number(interaction.command_type) === 3 ? '' : '/'}${escapeHtml(command)}</span>`
      : ' clicked a button';
    parts.push(`<div class="reply-line">${escapeHtml(displayName(invoker))}${used}</div>`);
  }
  parts.push(
    `<div class="head"><span class="avatar${bot ? ' bot' : ''}">${escapeHtml(displayName(author).slice(0, 1).toUpperCase())}</span><span class="author">${name}</span>${bot ? '<span class="app-tag">APP</span>' : ''}<span class="time">${when}</span>${message.edited_timestamp ? '<span class="edited">(edited)</span>' : ''}</div>`,
  );
  const body: string[] = [];
  if ((Number(message.flags) & LOADING) !== 0) body.push(`<div class="thinking">${name} is thinking…</div>`);
  if (message.content) body.push(`<div class="content">${markdownToHtml(str(message.content), names)}</div>`);
  for (const embed of asArray(message.embeds)) body.push(embedHtml(embed, names));
  const rows = asArray(message.components)
    .map((row) => asArray(row.components).map(componentHtml).join(''))
    .filter((row) => row !== '');
  if (rows.length > 0)
    body.push(`<div class="components">${rows.map((row) => `<div class="row">${row}</div>`).join('')}</div>`);
  if (ephemeral)
    body.push(
      '<div class="ephemeral-note"><span class="eye">👁</span> Only you can see this • <button type="button" class="dismiss">Dismiss message</button></div>',
    );
  parts.push(`<div class="body">${body.join('')}</div>`);
  return `<article class="message${ephemeral ? ' ephemeral' : ''}${bot ? ' from-bot' : ''}" data-id="${escapeHtml(str(message.id))}">${parts.join('')}</article>`;
}
