/** The machine the figures were measured on, printed beside them. */
import os from 'node:os';
import { createRequire } from 'node:module';

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
}

export function machineInfo(): MachineInfo {
  const require = createRequire(import.meta.url);
  const version = (name: string): string => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    minisearch: version('minisearch'),
    flexsearch: version('flexsearch'),
    date: new Date().toISOString(),
  };
}
