/**
 * Whether a process (`pid`) or any process of a group (`-pgid`) is alive. Unlike the cache's
 * stale-file check, a negative id is meant: tests and benches look for leftovers of a whole tree.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
