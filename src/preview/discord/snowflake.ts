/** Discord snowflakes: ms since 2015-01-01 in the top 42 bits, then worker, process and a counter. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/** A fresh, increasing snowflake for `at` (default now). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** Discord's shard formula: `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A guild id that Discord would route to `shardId` of `shardCount`. */
export function guildIdForShard(shardId: number, shardCount: number, seed = 0): string {
  if (shardId < 0 || shardId >= shardCount) throw new Error(`Parley: shard ${shardId} is outside 0..${shardCount - 1}`);
  // A fixed base keeps ids stable across runs; stepping the timestamp picks the shard.
  const base = 300_000_000_000n + BigInt(seed) * BigInt(shardCount);
  const timestamp = base - (base % BigInt(shardCount)) + BigInt(shardId);
  return ((timestamp << 22n) | BigInt(seed & 0xfff)).toString();
}
