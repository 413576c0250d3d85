/** Runs one bench step in a fresh Node process (with GC exposed) and reads its one-line JSON result. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ChildOptions {
  /** V8 old-space limit in MB (default 16,384: the 1M-passage baselines need several GB; the machine has 24). */
  readonly maxOldSpaceMB?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the child after this long (default 30 min). */
  readonly timeoutMs?: number;
  /** Extra node flags (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[];
}

export interface ChildResult<T> {
  readonly ok: boolean;
  readonly value?: T;
  readonly error?: string;
  /** Parent-side wall time from spawn to exit. */
  readonly wallMs: number;
}

/** Node arguments that run a TypeScript file of this repo the way `tsx` does. */
export function nodeArgs(script: string, args: readonly string[], options: ChildOptions = {}): string[] {
  return [
    '--expose-gc',
    `--max-old-space-size=${options.maxOldSpaceMB ?? 16_384}`,
    ...(options.nodeFlags ?? []),
    '--import',
    'tsx',
    fileURLToPath(new URL(script, import.meta.url)),
    ...args,
  ];
}

export function runChild<T>(
  script: string,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<ChildResult<T>> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs(script, args, options), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30 * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - start;
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        resolve({ ok: false, error: signal ? `killed by ${signal}` : `exit code ${code}`, wallMs });
        return;
      }
      try {
        resolve({ ok: true, value: JSON.parse(last) as T, wallMs });
      } catch {
        resolve({ ok: false, error: `no JSON result (${last.slice(0, 120)})`, wallMs });
      }
    });
  });
}
