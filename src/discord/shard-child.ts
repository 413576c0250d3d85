/**
 * Preloaded into every shard process by `src/sharded.ts` (`--import`). A shard talks to its
 * manager over the IPC channel; when the manager dies without stopping its shards (SIGKILL, a
 * crash, an OOM kill), the channel closes and nothing else tells the shard. Left alone it would
 * stay connected to Discord as an orphan while a restarted manager spawns a second copy of it,
 * so on disconnect the shard stops itself the same way `docker stop` would: SIGTERM, which the
 * bot answers by closing cleanly.
 */
if (typeof process.send === 'function') {
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
    // The bot's own SIGTERM handler closes within a few seconds; this is the backstop.
    setTimeout(() => process.exit(1), 15_000).unref();
  });
}

export {};
