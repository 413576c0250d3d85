import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startStandIn } from '../support/stand-in.js';
import type { StandIn } from '../support/stand-in.js';

/** The gateway protocol spoken over a bare socket, without discord.js' own recovery in the way. */
interface Frame {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

let standIn: StandIn;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  standIn = await startStandIn({ heartbeatIntervalMs: 45_000, warmUp: false });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await standIn.close();
});

async function connect(): Promise<{ socket: WebSocket; next: () => Promise<Frame>; closed: Promise<number> }> {
  const socket = new WebSocket(`${standIn.gatewayUrl}/?v=10&encoding=json&compress=zlib-stream`);
  sockets.push(socket);
  const queue: Frame[] = [];
  const waiting: ((frame: Frame) => void)[] = [];
  socket.on('message', (data) => {
    // ws hands over a Buffer unless binaryType is changed, which this client does not do.
    const frame = JSON.parse((data as Buffer).toString('utf8')) as Frame;
    const take = waiting.shift();
    if (take) take(frame);
    else queue.push(frame);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const next = (): Promise<Frame> => {
    const queued = queue.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
  };
  return { socket, next, closed };
}

const send = (socket: WebSocket, op: number, d: unknown): void => socket.send(JSON.stringify({ op, d }));
const identify = (token: string, shard: [number, number] = [0, 1]) => ({
  token,
  intents: 1,
  properties: { os: 'linux', browser: 't', device: 't' },
  shard,
});

describe('gateway protocol', () => {
  it('says HELLO, acknowledges heartbeats, and answers IDENTIFY with READY then GUILD_CREATE in sequence', async () => {
    const { socket, next } = await connect();
    expect(await next()).toMatchObject({ op: 10, d: { heartbeat_interval: 45_000 } });
    send(socket, 1, null);
    expect((await next()).op).toBe(11);
    send(socket, 2, identify(standIn.token));
    const ready = await next();
    expect(ready).toMatchObject({
      op: 0,
      t: 'READY',
      s: 1,
      d: {
        v: 10,
        user: { id: standIn.botUser.id },
        shard: [0, 1],
        application: { id: standIn.applicationId },
        resume_gateway_url: standIn.gatewayUrl,
      },
    });
    expect(await next()).toMatchObject({
      op: 0,
      t: 'GUILD_CREATE',
      s: 2,
      d: { id: standIn.guildId, unavailable: false },
    });
  });

  it.each([
    ['a wrong token', identify('wrong'), 4004],
    ['a shard id beyond the count', identify('', [2, 2]), 4010],
  ])('closes on IDENTIFY with %s (%s)', async (_label, d, code) => {
    const { socket, next, closed } = await connect();
    await next();
    send(socket, 2, { ...d, token: d.token === '' ? standIn.token : d.token });
    expect(await closed).toBe(code);
  });

  it('closes 4001 on an unknown opcode and 4002 on a frame that is not JSON', async () => {
    const first = await connect();
    await first.next();
    send(first.socket, 99, null);
    expect(await first.closed).toBe(4001);
    const second = await connect();
    await second.next();
    second.socket.send('not json');
    expect(await second.closed).toBe(4002);
  });

  it('replays missed dispatches on RESUME, then RESUMED; an unknown session gets op 9 (false)', async () => {
    const first = await connect();
    await first.next();
    send(first.socket, 2, identify(standIn.token));
    const ready = (await first.next()) as Frame & { d: { session_id: string } };
    await first.next();
    first.socket.terminate();
    await first.closed;
    const session = standIn.gateway.shards.get(0);
    if (!session) throw new Error('no session');
    standIn.gateway.dispatch(session, 'TYPING_START', { channel_id: standIn.channelId });

    const second = await connect();
    await second.next();
    send(second.socket, 6, { token: standIn.token, session_id: ready.d.session_id, seq: 2 });
    expect(await second.next()).toMatchObject({ t: 'TYPING_START', s: 3 });
    expect(await second.next()).toMatchObject({ t: 'RESUMED', s: 4 });

    const third = await connect();
    await third.next();
    send(third.socket, 6, { token: standIn.token, session_id: 'nope', seq: 1 });
    expect(await third.next()).toMatchObject({ op: 9, d: false });
  });
});
