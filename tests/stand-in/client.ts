/** A real discord.js Client pointed at a stand-in, logged in and ready (no bot code involved). */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { ClientOptions } from 'discord.js';
import type { StandIn } from '../support/stand-in.js';

export async function readyClient(standIn: StandIn, options: Partial<ClientOptions> = {}): Promise<Client<true>> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl }, ...options });
  // ClientReady fires before login() resolves: subscribe first.
  const ready = once(client, Events.ClientReady);
  await client.login(standIn.token);
  await ready;
  return client as Client<true>;
}
