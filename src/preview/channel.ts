/**
 * The preview's one channel: what members typed, and what the bot answered — through the
 * embedded Discord, so every command, button and autocomplete reaches the bot as a real
 * INTERACTION_CREATE over its gateway and comes back through Discord's REST routes.
 */
import type { EmbeddedDiscord, InteractionHandle } from './discord/server.js';
import {
  autocomplete,
  button,
  chatInput,
  messageCommand,
  stringSelect,
  user,
  userMessage,
  userOption,
} from './discord/interactions.js';
import type { InteractionPayload, JsonObject, OptionValue, UserPayload } from './discord/interactions.js';
import { displayName, messageHtml } from './message-html.js';

/** A member of the preview server the page can act as. */
export interface Member {
  readonly id: string;
  readonly name: string;
  readonly user: UserPayload;
}

/** A message as the page shows it. */
export interface ShownMessage {
  readonly id: string;
  readonly html: string;
}

/** What one action did to the channel, or the choices of an autocomplete. */
export type Outcome =
  | { readonly kind: 'messages'; readonly added: readonly ShownMessage[]; readonly updated: readonly ShownMessage[] }
  | { readonly kind: 'choices'; readonly choices: readonly { name: string; value: string | number }[] }
  | { readonly kind: 'failed'; readonly message: string };

/** How long the page waits for a deferred answer's edit before showing what there is. */
const DEFERRED_WAIT_MS = 15_000;

/** The sample members: the first is the application's owner (an admin, may run /reload). */
export function sampleMembers(owner: UserPayload): Member[] {
  const people: [string, string][] = [
    ['1180000000000000201', 'Alex'],
    ['1180000000000000202', 'Sam'],
    ['1180000000000000203', 'Robin'],
  ];
  const you = { ...owner, global_name: 'You (admin)' };
  return [
    { id: owner.id, name: displayName(you), user: you },
    ...people.map(([id, name]) => {
      const u = user({ id, username: name.toLowerCase(), global_name: name });
      return { id, name, user: u };
    }),
  ];
}

export class Channel {
  private readonly messages = new Map<string, JsonObject>();
  readonly members: Member[];

  constructor(private readonly discord: EmbeddedDiscord) {
    this.members = sampleMembers(discord.owner);
  }

  private readonly names = (id: string): string | undefined => {
    if (id === this.discord.botUser.id) return displayName(this.discord.botUser);
    return this.members.find((m) => m.id === id)?.name;
  };

  private show(message: JsonObject): ShownMessage {
    return { id: String(message.id), html: messageHtml({ message, names: this.names }) };
  }

  /** Every message still in the channel, oldest first. */
  list(): ShownMessage[] {
    return [...this.messages.values()].map((m) => this.show(m));
  }

  /** The member with this id (default: the first, the admin). */
  member(id: string | undefined): Member {
    return this.members.find((m) => m.id === id) ?? (this.members[0] as Member);
  }

  private context(memberId: string | undefined) {
    return { ...this.discord.context, user: this.member(memberId).user };
  }

  /** A member's plain message, typed into the channel. */
  post(memberId: string | undefined, text: string): Outcome {
    const content = text.slice(0, 2000);
    if (content.trim() === '') return { kind: 'failed', message: 'Type a message first.' };
    const message = userMessage(content, {
      author: this.member(memberId).user,
      channel_id: this.discord.channelId,
      guild_id: this.discord.guildId,
    });
    this.messages.set(String(message.id), message);
    return { kind: 'messages', added: [this.show(message)], updated: [] };
  }

  /** Removes an ephemeral message (Discord's "Dismiss message"). */
  dismiss(messageId: string): boolean {
    const message = this.messages.get(messageId);
    if (!message || (Number(message.flags) & 64) === 0) return false;
    return this.messages.delete(messageId);
  }

  /** A slash command with its options (strings, numbers, booleans; a `user` option is a member id). */
  command(memberId: string | undefined, name: string, options: Record<string, unknown>): Promise<Outcome> {
    return this.dispatch(chatInput(name, this.optionValues(name, options), this.context(memberId)));
  }

  /** Autocomplete choices for the `focused` option of `name`. */
  async autocomplete(
    memberId: string | undefined,
    name: string,
    options: Record<string, unknown>,
    focused: string,
  ): Promise<Outcome> {
    const values = this.optionValues(name, options);
    // Discord sends what is typed so far as a string, whatever the option's type.
    for (const key of Object.keys(values)) if (key === focused) values[key] = asText(options[key] ?? '');
    if (!(focused in values)) values[focused] = '';
    return this.dispatch(autocomplete(name, values, { ...this.context(memberId), focused }));
  }

  /** Clicking a button, or picking `values` in a select, on a message in the channel. */
  click(memberId: string | undefined, messageId: string, customId: string, values?: string[]): Promise<Outcome> {
    const message = this.messages.get(messageId);
    if (!message) return Promise.resolve({ kind: 'failed', message: 'That message is no longer in the channel.' });
    const payload = values
      ? stringSelect(customId, values, message, this.context(memberId))
      : button(customId, message, this.context(memberId));
    return this.dispatch(payload, messageId);
  }

  /** A message command (e.g. Find sources) on a message in the channel. */
  messageCommand(memberId: string | undefined, name: string, messageId: string): Promise<Outcome> {
    const target = this.messages.get(messageId);
    if (!target) return Promise.resolve({ kind: 'failed', message: 'That message is no longer in the channel.' });
    return this.dispatch(messageCommand(name, target, this.context(memberId)));
  }

  /** Option values typed as the registered command declares them. */
  private optionValues(name: string, options: Record<string, unknown>): Record<string, OptionValue> {
    const declared =
      (this.discord.commands(this.discord.guildId).find((c) => c.name === name)?.options as JsonObject[] | undefined) ??
      [];
    const out: Record<string, OptionValue> = {};
    for (const option of declared) {
      const key = String(option.name);
      const raw = options[key];
      if (raw === undefined || raw === '' || raw === null) continue;
      if (option.type === 4 || option.type === 10) {
        const n = Number(raw);
        if (Number.isFinite(n)) out[key] = option.type === 4 ? Math.trunc(n) : n;
      } else if (option.type === 5) out[key] = raw === true || raw === 'true';
      else if (option.type === 6) out[key] = userOption(this.member(asText(raw)).user);
      else out[key] = asText(raw);
    }
    return out;
  }

  private async dispatch(payload: InteractionPayload, sourceId?: string): Promise<Outcome> {
    let handle: InteractionHandle;
    try {
      handle = await this.discord.sendInteraction(payload);
    } catch (error) {
      return { kind: 'failed', message: `Parley is not connected yet (${(error as Error).message}).` };
    }
    let first;
    try {
      first = await handle.response();
    } catch {
      // The stand-in's only rejection here is its deadline passing.
      return { kind: 'failed', message: 'The application did not respond (no answer within 3 seconds).' };
    }
    if (first.error)
      return {
        kind: 'failed',
        message: `Discord refused the answer: ${first.error.code} ${first.error.message}${first.error.paths.length ? ` (${first.error.paths.join(', ')})` : ''}`,
      };
    const acknowledged = handle.record.acknowledged;
    if (acknowledged?.type === 8) {
      const choices =
        ((acknowledged.data as JsonObject | undefined)?.choices as
          { name: string; value: string | number }[] | undefined) ?? [];
      return { kind: 'choices', choices };
    }
    // These waits reject only on their deadline: the channel then shows what did arrive.
    if (acknowledged?.type === 5 || acknowledged?.type === 6) {
      await handle
        .waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'), DEFERRED_WAIT_MS)
        .catch(() => undefined);
    }
    await handle.settled(40, DEFERRED_WAIT_MS).catch(() => undefined);
    const added: ShownMessage[] = [];
    const updated: ShownMessage[] = [];
    const original = handle.original();
    if (original && (acknowledged?.type === 6 || acknowledged?.type === 7) && sourceId) {
      const stored = { ...original, id: sourceId };
      this.messages.set(sourceId, stored);
      updated.push(this.show(stored));
    } else if (original) {
      this.messages.set(String(original.id), original);
      added.push(this.show(original));
    }
    for (const followup of handle.followups()) {
      this.messages.set(String(followup.id), followup);
      added.push(this.show(followup));
    }
    return { kind: 'messages', added, updated };
  }
}

/** A value from the page's JSON as the text Discord would send: objects as JSON, not `[object Object]`. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
    ? String(value)
    : JSON.stringify(value);
}
