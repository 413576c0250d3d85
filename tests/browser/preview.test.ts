/**
 * The local preview in a real browser: `npm start` with no token, on a temporary copy of the seed
 * corpus plus one document written here, driven in headless Chromium as an admin would use it.
 * Each step saves a screenshot under tests/browser/artifacts/ (git-ignored).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  chooseCommand,
  openBrowser,
  openPreview,
  seedCopy,
  snap,
  startPreview,
  type Browser,
  type Preview,
} from './driver.js';

const GARDEN = `# Community garden handbook

## Watering the tomato beds

Water the tomato beds every morning before nine, straight at the roots. In a heatwave a second
evening round helps; the hose by the shed reaches every bed.

## Borrowing tools

Tools live in the green shed. Write your name on the **clipboard** when you take one, and bring
it back cleaned the same day.
`;

const MULCHING = `
## Mulching with straw

Spread a layer of straw mulch around each plant in June: it keeps the soil damp and the weeds down.
`;

let preview: Preview;
let browser: Browser;
let page: Page;

const messages = () => page.locator('#messages article.message');

beforeAll(async () => {
  const corpusDir = seedCopy();
  writeFileSync(join(corpusDir, 'garden.md'), GARDEN);
  // A file the bot skips, so the panel has a validate-corpus problem to show.
  writeFileSync(join(corpusDir, 'notes.txt'), '   \n');
  preview = await startPreview({ corpusDir, env: { COOLDOWN_SECONDS: '0' } });
  browser = await openBrowser();
  page = browser.page;
  await openPreview(page, preview.url);
}, 120_000);

afterAll(async () => {
  await (browser as Browser | undefined)?.close();
  await (preview as Preview | undefined)?.stop();
});

describe('the local preview page', () => {
  it('prints the preview line naming the corpus folder and its counts', () => {
    expect(preview.output()).toMatch(
      /No DISCORD_TOKEN: local preview at http:\/\/127\.0\.0\.1:\d+ — answers from .+\/ \(2 documents, \d+ passages\)\. To connect to Discord, see README → Connect to Discord\./,
    );
  });

  it('answers /ask with an embed titled with the heading that holds the answer', async () => {
    const answer = await ask(page, 'how often should the tomato beds be watered?');
    await snap(page, '01-ask');
    await expect.poll(() => answer.locator('.embed-title').first().textContent()).toContain('Watering the tomato beds');
    expect(await answer.locator('.reply-line').textContent()).toContain('used /ask');
    // Discord Markdown rendered, not shown as markup: the matched words are bold.
    expect(await answer.locator('.embed-description strong').count()).toBeGreaterThan(0);
    expect(await answer.locator('.embed-description').first().textContent()).not.toContain('**');
  });

  it('offers live autocomplete choices from the bot, and sends the one picked', async () => {
    await chooseCommand(page, 'ask');
    await page.click('[data-option="question"]');
    await page.keyboard.type('borrowing too');
    const choice = page.locator('.popup-entry').first();
    await choice.waitFor();
    await snap(page, '02-autocomplete');
    const picked = (await choice.locator('.label').textContent()) ?? '';
    expect(picked.length).toBeGreaterThan(0);
    await choice.click();
    expect(await page.inputValue('[data-option="question"]')).toBe(picked);
    const before = await messages().count();
    await page.click('#send');
    const answer = messages().nth(before);
    await answer.waitFor();
    expect(await answer.locator('.embed-author').first().textContent()).toContain(picked);
  });

  it('pages with More results and opens the whole section', async () => {
    const answer = await ask(page, 'why do they keep meeting in Rome?');
    const id = await answer.getAttribute('data-id');
    const firstPage = await answer.locator('.embed-description').first().textContent();
    await answer.locator('button', { hasText: 'More results' }).click();
    const updated = page.locator(`#messages article.message[data-id="${id}"]`);
    await expect.poll(() => updated.locator('.embed-description').first().textContent()).not.toBe(firstPage);
    await updated.locator('button', { hasText: 'Previous' }).waitFor();
    await snap(page, '03-more-results');

    const label = (await updated.locator('button', { hasText: 'Whole section' }).first().textContent()) ?? '';
    const heading = label.replace(/^.*Whole section:\s*/, '').replace(/…$/, '');
    const before = await messages().count();
    await updated.locator('button', { hasText: 'Whole section' }).first().click();
    const section = messages().nth(before);
    await section.waitFor();
    await snap(page, '04-whole-section');
    expect(await section.locator('.embed-title').first().textContent()).toContain(heading);
  });

  it('marks a private answer "Only you can see this"', async () => {
    const answer = await ask(page, 'where are the tools kept?', { private: true });
    await snap(page, '05-private');
    expect(await answer.getAttribute('class')).toContain('ephemeral');
    expect(await answer.locator('.ephemeral-note').textContent()).toContain('Only you can see this');
  });

  it('runs Find sources from the context menu of a message another member typed', async () => {
    await page.selectOption('#member', { label: 'Alex' });
    await page.fill('#input', 'Someone told me we water the tomatoes in the evening only?');
    await page.click('#send');
    const typed = messages().last();
    await expect.poll(() => typed.locator('.author').textContent()).toBe('Alex');
    await page.selectOption('#member', { index: 0 });
    const before = await messages().count();
    await typed.click({ button: 'right' });
    await page.locator('#context-menu [data-name="Find sources"]').click();
    const found = messages().nth(before);
    await found.waitFor();
    await snap(page, '06-find-sources');
    expect(await found.locator('.reply-line').textContent()).toContain('used Find sources');
    expect(await found.locator('.embed-title').first().textContent()).toContain('Watering the tomato beds');
  });

  it('lists the sections with /sections and reads one with /section, picked from autocomplete', async () => {
    let before = await messages().count();
    await chooseCommand(page, 'sections');
    await page.click('#send');
    const list = messages().nth(before);
    await list.waitFor();
    expect(await list.textContent()).toContain('Borrowing tools');

    before = await messages().count();
    await chooseCommand(page, 'section');
    await page.click('[data-option="name"]');
    await page.keyboard.type('borrowing');
    const choice = page.locator('.popup-entry', { hasText: 'Borrowing tools' }).first();
    await choice.click();
    expect(await page.inputValue('[data-option="name"]')).toContain('Borrowing tools');
    await page.click('#send');
    const section = messages().nth(before);
    await section.waitFor();
    await snap(page, '07-section');
    expect(await section.locator('.embed-title').first().textContent()).toContain('Borrowing tools');
    // Shown as Discord shows it: the section's text, with no Markdown escapes left visible.
    const text = (await section.locator('.embed-description').first().textContent()) ?? '';
    expect(text).toContain('Write your name on the');
    expect(text).not.toContain('\\');
  });

  it('shows /about with the documents being served', async () => {
    const before = await messages().count();
    await chooseCommand(page, 'about');
    await page.click('#send');
    const about = messages().nth(before);
    await about.waitFor();
    expect(await about.locator('.embed-field', { hasText: 'Documents' }).textContent()).toContain(
      'Community garden handbook',
    );
  });

  it('shows the documents, their heading outline and the corpus problems in the side panel', async () => {
    const garden = page.locator('#documents .document', { hasText: 'Community garden handbook' });
    await snap(page, '08-outline');
    expect(await garden.locator('.file').textContent()).toContain('garden.md');
    const outline = await garden.locator('.outline li').allTextContents();
    expect(outline).toEqual(expect.arrayContaining(['Watering the tomato beds', 'Borrowing tools']));
    expect(await page.locator('#problems li.error').allTextContents()).toEqual([
      expect.stringMatching(/^notes\.txt error: the file is empty/),
    ]);
  });

  it('reloads when a corpus file is edited: the panel and the next answer change', async () => {
    expect(await page.locator('#documents').textContent()).not.toContain('Mulching with straw');
    const file = join(preview.corpusDir, 'garden.md');
    writeFileSync(file, readFileSync(file, 'utf8') + MULCHING);
    await page.locator('#documents .outline li', { hasText: 'Mulching with straw' }).waitFor({ timeout: 20_000 });
    await snap(page, '09-reloaded');
    expect(await page.locator('#toast').textContent()).toContain('Corpus reloaded');
    const answer = await ask(page, 'should we put straw mulch around the plants?');
    await snap(page, '10-answer-after-reload');
    expect(await answer.locator('.embed-title').first().textContent()).toContain('Mulching with straw');
  });
});
