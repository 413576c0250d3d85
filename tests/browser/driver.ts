/**
 * Browser test driver: `npm start` with no token (the local preview) as a child process, and
 * Debian's Chromium driven by playwright-core (a browser download such as `npx playwright
 * install` cannot work here). Shared by the browser tests and `npm run screenshot`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../support/free-port.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
/** The flags this machine needs (no sandbox as root, no GPU, nothing fetched from the network). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots of each step: git-ignored, kept as test artifacts. */
export const ARTIFACTS = join(root, 'tests/browser/artifacts');

export interface Preview {
  readonly url: string;
  readonly corpusDir: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** A temporary copy of the seed corpus (corpus/), so a test may edit it. */
export function seedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-preview-corpus-'));
  cpSync(join(root, 'corpus'), dir, { recursive: true });
  return dir;
}

/**
 * `npm start` with no token and no PARLEY_MODE, every variable it reads set (empty counts as unset),
 * so a developer's `.env` cannot turn the preview into something else. Resolves on the preview line.
 */
export async function startPreview(
  options: { corpusDir?: string; port?: number; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Preview> {
  const corpusDir = options.corpusDir ?? seedCopy();
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DISCORD_TOKEN: '',
    PARLEY_MODE: '',
    DISCORD_API_URL: '',
    CORPUS_DIR: corpusDir,
    PREVIEW_PORT: String(port),
    INDEX_CACHE_DIR: 'none',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...options.env,
  };
  // Its own process group, so stopping reaches npm, tsx and node alike.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no preview line within ${options.timeoutMs ?? 60_000} ms:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const look = () => {
      const found = /local preview at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before the preview line:\n${output}`));
    });
  });
  return {
    url,
    corpusDir,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile. */
export async function openBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of `page` as `<ARTIFACTS>/<name>.png`. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Opens the page and waits until it has loaded the channel and the corpus. */
export async function openPreview(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Types `/name` in the message box and picks the command from the popup, as a member would. */
export async function chooseCommand(page: Page, name: string): Promise<void> {
  // Leave a command still being filled in (as Escape does), so every step starts from the message box.
  if (await page.locator('#command-chip').isVisible()) await page.click('.chip-close');
  await page.click('#input');
  await page.keyboard.type(`/${name}`);
  await page.locator('.popup-entry', { has: page.locator('.label', { hasText: new RegExp(`^/${name}$`) }) }).click();
  await page.waitForSelector('#command-chip:not([hidden])');
}

/** Runs `/ask` with options through the composer; resolves with the new message's locator. */
export async function ask(
  page: Page,
  question: string,
  options: { private?: boolean; results?: number; member?: string } = {},
) {
  const before = await page.locator('#messages article.message').count();
  if (options.member) await page.selectOption('#member', { label: options.member });
  await chooseCommand(page, 'ask');
  await page.fill('[data-option="question"]', question);
  if (options.results !== undefined) await page.fill('[data-option="results"]', String(options.results));
  if (options.private !== undefined)
    await page.selectOption('[data-option="private"]', options.private ? 'true' : 'false');
  await page.click('#send');
  const added = page.locator('#messages article.message').nth(before);
  await added.waitFor();
  return added;
}
