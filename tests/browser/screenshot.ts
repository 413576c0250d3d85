/**
 * `npm run screenshot`: regenerates docs/preview.png, the README's picture of the local preview
 * answering a question — `npm start` with no token on the seed corpus, in headless Chromium.
 */
import { join } from 'node:path';
import { ask, openBrowser, openPreview, root, startPreview } from './driver.js';

const HELP = `Usage: npm run screenshot
Starts the local preview on the sample corpus (corpus/), asks it a question in headless Chromium
(/usr/bin/chromium) and saves the page as docs/preview.png for the README.`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}

// The sample corpus as `npm start` serves it (CORPUS_DIR relative to the repository, as by default).
const preview = await startPreview({ corpusDir: 'corpus', env: { CORPUS_WATCH: 'false' } });
const browser = await openBrowser({ width: 1280, height: 1200 });
try {
  await openPreview(browser.page, preview.url);
  const answer = await ask(browser.page, 'why do they keep meeting in Rome?');
  await answer.locator('.embed-title').first().waitFor();
  // The whole answer from its top: who asked, the question, the passages, the buttons.
  // The page's DOM types are not in this project's lib: name the one method used.
  await answer.evaluate((element: { scrollIntoView(options: { block: 'start' }): void }) =>
    element.scrollIntoView({ block: 'start' }),
  );
  await browser.page.mouse.move(0, 0);
  const out = join(root, 'docs/preview.png');
  await browser.page.screenshot({ path: out });
  console.log(`Saved ${out}`);
} finally {
  await browser.close();
  await preview.stop();
}
