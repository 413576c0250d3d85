/** The machine the figures were measured on, printed beside them. */
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly minisearch: string;
  readonly flexsearch: string;
  readonly date: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAvg1m: number;
  /** The commit measured (`git rev-parse HEAD`, or PARLEY_BENCH_COMMIT for a copy of the tree). */
  readonly commit: string;
}

export function machineInfo(): MachineInfo {
  const require = createRequire(import.meta.url);
  // Some packages do not export their package.json: walk up from the entry point instead.
  const version = (name: string): string => {
    try {
      let dir = dirname(require.resolve(name));
      while (dirname(dir) !== dir) {
        const file = join(dir, 'package.json');
        if (existsSync(file)) {
          const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
          if (pkg.name === name && pkg.version) return pkg.version;
        }
        dir = dirname(dir);
      }
    } catch {
      // Not installed: reported as unknown.
    }
    return 'unknown';
  };
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    minisearch: version('minisearch'),
    flexsearch: version('flexsearch'),
    date: new Date().toISOString(),
    loadAvg1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    commit: process.env.PARLEY_BENCH_COMMIT ?? gitHead(),
  };
}

function gitHead(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
