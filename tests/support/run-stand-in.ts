/**
 * `npm run dev:stand-in`: the Discord stand-in on a fixed port, typed at from a terminal — for
 * poking at raw interactions (the local preview, `npm start` with no token, is the way to see
 * the bot as members will). Start this, put the printed values in `.env`, run `npm run
 * deploy-commands` and `npm start` in another terminal, then type commands here:
 *
 *   /ask why do they meet in Rome?      a chat-input command; text fills its first string option
 *   /ask question="…" results=3         options by name (numbers and true/false are typed)
 *   ?ask rom                            autocomplete on the first string option
 *   !                                   list the buttons of the last reply;  !2  clicks the 2nd
 *   @Find sources | some message text   a message command on a member's message
 *   {"type":2,"data":{…}}               raw INTERACTION_CREATE fields merged over the defaults
 *
 * Environment: STAND_IN_PORT (default 8787), STAND_IN_DEADLINE_MS (default 3000),
 * STAND_IN_HTTP_URL (e.g. http://127.0.0.1:8080/interactions): deliver interactions to the bot's
 * HTTP endpoint (PARLEY_MODE=http), signed with the printed DISCORD_PUBLIC_KEY, instead of the gateway.
 */
import { createInterface } from 'node:readline';
import { allCommands } from '../../commands/index.js';
import { markdownToText } from '../../src/preview/markdown.js';
import { stdin, stdout } from 'node:process';
import { startStandIn } from './stand-in.js';
import type { InteractionHandle } from './stand-in.js';
import { autocomplete, button, chatInput, envelope, messageCommand, userMessage } from './interactions.js';
import type { InteractionPayload, JsonObject, OptionValue } from './interactions.js';

const USAGE = `Usage: npm run dev:stand-in
The Discord stand-in on 127.0.0.1:$STAND_IN_PORT (default 8787), typed at from this terminal.
It prints the .env values for the bot; then type /command text, ?command text (autocomplete),
!N (click button N), @Find sources | text (message command), raw JSON, or quit.
  STAND_IN_DEADLINE_MS   time for the first response (default 3000)
  STAND_IN_HTTP_URL      deliver interactions to the bot's HTTP endpoint instead of the gateway
To see the bot as members will, use the local preview instead: npm start with no DISCORD_TOKEN.`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(process.env.STAND_IN_PORT ?? 8787);
const httpUrl = process.env.STAND_IN_HTTP_URL;
const appId = '1180000000000000001';
// A fixed, token-shaped value so `.env` stays valid across restarts; it only opens this stand-in.
const token = `${Buffer.from(appId).toString('base64url')}.c3RhbmQ.stand-in-development-token-not-a-secret`;
const standIn = await startStandIn({
  port,
  token,
  applicationId: appId,
  // Fixed like the token, so DISCORD_PUBLIC_KEY in .env stays right across restarts.
  signingSeed: '5374616e642d696e20646576656c6f706d656e74207369676e696e67206b6579',
  interactionDeadlineMs: Number(process.env.STAND_IN_DEADLINE_MS ?? 3000),
  // Interaction tokens are long; shorten them so each request fits on a line.
  log: (line) => console.log(`\x1b[2m  ${line.replace(/[\w-]{60,}/g, (t) => `${t.slice(0, 12)}…`)}\x1b[0m`),
});

console.log(`Discord stand-in listening on 127.0.0.1:${standIn.port}. Put these in .env:

DISCORD_API_URL=${standIn.apiUrl}
DISCORD_TOKEN=${standIn.token}
DISCORD_CLIENT_ID=${standIn.applicationId}
DISCORD_GUILD_ID=${standIn.guildId}
DISCORD_PUBLIC_KEY=${standIn.publicKey}

Then: npm run deploy-commands && npm start (another terminal).${httpUrl ? `\nInteractions go to ${httpUrl} (start the bot with PARLEY_MODE=http).` : ''} Type /command text, ?command text,
!, !N, @Message command | text, raw JSON, or "quit".`);

let lastReply: JsonObject | undefined;

const asText = (message: JsonObject | undefined): string => {
  if (!message) return '(no message)';
  const lines: string[] = [];
  if ((Number(message.flags) & 64) !== 0) lines.push('[only you can see this]');
  // What members read, not the markup: Discord renders bold, escapes and <t:…:R> timestamps.
  const read = (text: unknown) => markdownToText(String(text));
  if (message.content) lines.push(read(message.content));
  for (const e of (message.embeds as JsonObject[] | undefined) ?? []) {
    if (e.author) lines.push(`  ${String((e.author as JsonObject).name)}`);
    if (e.title) lines.push(`  ▌${read(e.title)}`);
    if (e.description) lines.push(read(e.description).replace(/^/gm, '  ▌ '));
    for (const f of (e.fields as JsonObject[] | undefined) ?? []) lines.push(`  ▌ ${read(f.name)}: ${read(f.value)}`);
    if (e.footer) lines.push(`  ▌ — ${String((e.footer as JsonObject).text)}`);
  }
  buttonsOf(message).forEach((b, i) => lines.push(`  [${i + 1}] ${String(b.label ?? b.url ?? b.custom_id)}`));
  return lines.join('\n');
};

function buttonsOf(message: JsonObject | undefined): JsonObject[] {
  const rows = (message?.components as JsonObject[] | undefined) ?? [];
  return rows.flatMap((row) => ((row.components as JsonObject[] | undefined) ?? []).filter((c) => c.type === 2));
}

/** The first string option of a command, so `/ask some text` needs no option name (registered or not). */
function firstStringOption(name: string): string | undefined {
  const definitions = allCommands.map((c) => c.definition as unknown as JsonObject);
  const command = [...standIn.commands(), ...standIn.commands(standIn.guildId), ...definitions].find(
    (c) => c.name === name,
  );
  const options = (command?.options as JsonObject[] | undefined) ?? [];
  return options.find((o) => o.type === 3)?.name as string | undefined;
}

function parseOptions(name: string, text: string): Record<string, OptionValue> | string {
  const pairs = [...text.matchAll(/\b(\w+)=("([^"]*)"|\S+)/g)];
  if (pairs.length > 0) {
    return Object.fromEntries(
      pairs.map(([, key = '', raw, quoted]): [string, OptionValue] => {
        const value = quoted ?? raw ?? '';
        if (quoted === undefined && /^-?\d+(\.\d+)?$/.test(value)) return [key, Number(value)];
        if (value === 'true' || value === 'false') return [key, value === 'true'];
        return [key, value];
      }),
    );
  }
  if (text === '') return {};
  const option = firstStringOption(name);
  return option
    ? { [option]: text }
    : `/${name} has no text option; commands: ${allCommands.map((c) => c.definition.name).join(', ')}`;
}

async function show(handle: InteractionHandle): Promise<void> {
  try {
    const requests = await handle.settled(300, 15_000);
    for (const r of requests.filter((q) => q.error))
      console.log(`✗ ${r.status} ${r.route}: ${r.error?.code} ${r.error?.message} ${r.error?.paths.join(', ') ?? ''}`);
    const callback = handle.record.acknowledged;
    if (callback?.type === 8) {
      const choices = ((callback.data as JsonObject | undefined)?.choices as JsonObject[] | undefined) ?? [];
      console.log(choices.map((c) => `  • ${String(c.name)}`).join('\n') || '  (no choices)');
      return;
    }
    const original = handle.original();
    if (original) {
      lastReply = original;
      console.log(asText(original));
    }
    for (const f of handle.followups()) console.log(`\n${asText(f)}`);
  } catch (error) {
    console.log(`✗ ${(error as Error).message} — is the bot running and connected?`);
  }
}

function build(line: string): InteractionPayload | string | undefined {
  const [, sigil, name = '', rest = ''] = /^([/?])(\S+)(?:\s(.*))?$/.exec(line) ?? [];
  if (sigil === '/' || sigil === '?') {
    const options = parseOptions(name, rest.trim());
    if (typeof options === 'string') return options;
    return sigil === '/' ? chatInput(name, options, standIn.context) : autocomplete(name, options, standIn.context);
  }
  if (line.startsWith('!')) {
    const buttons = buttonsOf(lastReply);
    const pick = buttons[Number(line.slice(1)) - 1];
    if (!pick)
      return buttons.length
        ? buttons.map((b, i) => `[${i + 1}] ${String(b.label)}`).join('\n')
        : 'The last reply has no buttons.';
    if (typeof pick.custom_id !== 'string') return `That is a link: ${String(pick.url)}`;
    return button(pick.custom_id, lastReply, standIn.context);
  }
  if (line.startsWith('@')) {
    const [command = '', text = ''] = line
      .slice(1)
      .split('|')
      .map((s) => s.trim());
    return messageCommand(command, userMessage(text, { channel_id: standIn.channelId }), standIn.context);
  }
  if (line.startsWith('{')) {
    const raw = JSON.parse(line) as JsonObject;
    return { ...envelope(Number(raw.type ?? 2), undefined, standIn.context), ...raw };
  }
  return undefined;
}

const rl = createInterface({ input: stdin, output: stdout, prompt: '> ' });
rl.prompt();
// Async iteration queues lines typed (or piped) while a reply is still being awaited.
for await (const input of rl) {
  const line = input.trim();
  if (line === 'quit' || line === 'exit') break;
  let payload: InteractionPayload | string | undefined;
  try {
    payload = line === '' ? '' : build(line);
  } catch (error) {
    payload = `Could not read that: ${(error as Error).message}`;
  }
  if (payload === undefined)
    console.log('Type /command text, ?command text, !, !N, @Command | text, raw JSON, or quit.');
  else if (typeof payload === 'string') {
    if (payload) console.log(payload);
  } else {
    try {
      await show(httpUrl ? await standIn.deliverHttp(httpUrl, payload) : await standIn.sendInteraction(payload));
    } catch (error) {
      console.log(`✗ ${(error as Error).message}`);
    }
  }
  rl.prompt();
}
rl.close();
await standIn.close();
