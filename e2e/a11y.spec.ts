import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, openLab, test } from './fixtures.ts';

/**
 * Keyboard and screen readers (wasm project: nothing here depends on the backend). One page trains the tiny
 * experiment once (shortened), driven by the keyboard alone — Tab, Shift+Tab, Enter, Space, and digits typed into
 * two fields — and axe checks the header and every section before and after.
 * axe runs with all its rules; Plotly's own markup needs no exclusion (its mode-bar buttons are labelled buttons).
 */

const SECTIONS = ['transformer', 'saes', 'stability', 'fourier', 'features', 'notes', 'history'];
const SERIOUS = new Set(['serious', 'critical']);
/** The tiny presets, shortened: tiny groks at step 420–450 on wasm (fourier.spec.ts), its SAEs need no 60 epochs. */
const SHORTER = { steps: '560', epochs: '10' };

/**
 * Scrolls each chart of each section into view (charts draw only on screen) and waits until it has drawn, then
 * runs axe once on the whole page (one run: axe is slow on a busy machine) and expects no serious or critical
 * violation; each one found is listed with its rule, its help text and the first elements it found.
 */
async function expectNoSeriousViolations(page: Page): Promise<void> {
  for (const id of SECTIONS) {
    const section = page.getByTestId(`section-${id}`);
    await section.scrollIntoViewIfNeeded();
    await expect(section.locator('.chart-placeholder')).toHaveCount(0, { timeout: 30_000 }); // Plotly loaded
    const charts = section.locator('figure.chart:visible');
    for (let i = 0; i < (await charts.count()); i++) {
      await charts.nth(i).scrollIntoViewIfNeeded();
      await expect(charts.nth(i)).not.toHaveAttribute('data-redraw-pending', /.*/, { timeout: 30_000 });
    }
  }
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => SERIOUS.has(v.impact ?? ''))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 80)}`).join(', ')}`);
  expect(serious).toEqual([]);
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, { back = false, limit = 250 } = {}): Promise<number> {
  for (let presses = 0; presses <= limit; presses++) {
    if (await isFocused(target)) return presses;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} not reached with ${limit} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** Tabs forward to a field and types over its value (select all, then the digits). */
async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  await tabTo(page, page.getByTestId(testId));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await expect(page.getByTestId(testId)).toHaveValue(text);
}

/** Elements in the page's tab order (focusable, not tabindex -1, rendered). */
const tabStops = (page: Page) =>
  page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]'))
    .filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0).length);

function note(text: string): void {
  test.info().annotations.push({ type: 'timing', description: text });
  console.log(`[${test.info().project.name}] ${text}`);
}

// The trace's screencast of a page whose charts redraw live cost over half the training speed on a busy machine:
// keep the DOM snapshots, drop the screenshots.
test.use({ trace: { mode: 'retain-on-failure', screenshots: false } });

test.describe('keyboard and screen readers', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;

  test.beforeAll(async ({ browser, backendQuery }, testInfo: TestInfo) => {
    // axe needs a page from a context of its own (not browser.newPage).
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: testInfo.project.use.viewport });
    page = await context.newPage();
    await openLab(page, backendQuery);
  });
  test.afterAll(async () => {
    await page.context().close();
  });

  test('idle: axe finds no serious or critical violation in the header or any section', async () => {
    test.setTimeout(120_000);
    const started = Date.now();
    await expectNoSeriousViolations(page);
    note(`tab stops, idle: ${await tabStops(page)}; axe, idle: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('keyboard only: tiny presets, Run all, announcements, stability results, notebook saved and Open… reached', async () => {
    test.setTimeout(600_000); // ~1 min on an idle 2-core machine; a loaded one trains several times slower
    const started = Date.now();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab'); // the skip links come first and show themselves on focus
    await expect(page.getByTestId('skip-transformer')).toBeFocused();
    await expect(page.getByTestId('skip-links')).toBeInViewport();

    await page.keyboard.press('Enter');
    await expect(page.getByTestId('section-transformer')).toBeFocused();
    expect(new URL(page.url()).hash).not.toContain('section'); // the fragment stays the share link's
    await tabTo(page, page.getByTestId('preset-tiny'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('preset-tiny')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('field-p')).toHaveValue('23');
    await typeInto(page, 'field-steps', SHORTER.steps);
    await tabTo(page, page.getByTestId('sae-preset-tiny'));
    await page.keyboard.press('Space');
    await expect(page.getByTestId('sae-preset-tiny')).toHaveAttribute('aria-pressed', 'true');
    await typeInto(page, 'field-sae-epochs', SHORTER.epochs);

    await tabTo(page, page.getByTestId('run-all'), { back: true });
    await page.keyboard.press('Enter');
    const announcer = page.getByTestId('announcer');
    await expect(announcer).toHaveAttribute('aria-live', 'polite');
    await expect(announcer).toContainText(/Transformer grokked at step [\d,]+\./, { timeout: 300_000 });
    await expect(announcer).toContainText('Transformer training done', { timeout: 120_000 });
    await expect(announcer).toContainText('SAE training done', { timeout: 240_000 });
    await expect(announcer).toContainText('Stability analysis done.', { timeout: 60_000 });
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done');
    note(`tiny Run all by keyboard, to the stability analysis: ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Back to the skip links, on to the stability results.
    await tabTo(page, page.getByTestId('skip-stability'), { back: true });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('section-stability')).toBeFocused();
    await expect(page.getByTestId('stability-verdict')).toBeInViewport();
    await expect(page.getByTestId('stability-verdict')).not.toHaveAttribute('data-kind', 'pending');
    await tabTo(page, page.getByTestId('stability-threshold')); // the section's first control follows its heading

    // Save the notebook file from the header.
    await tabTo(page, page.getByTestId('notebook-save'), { back: true });
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/^notebook-.*\.saelab$/);
    await expect(page.getByTestId('notebook-file-message')).toContainText('saved');

    // Open… is a button: Space opens the file chooser, and what is chosen is read (a broken file: a clear message).
    await tabTo(page, page.getByRole('button', { name: 'Open…' }));
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles({ name: 'broken.saelab', mimeType: 'application/octet-stream', buffer: Buffer.from('not a notebook') });
    await expect(page.getByTestId('notebook-file-message')).toContainText('not imported');
    note(`keyboard flow in all: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('after the run: charts add no tab stops of their own, file choosers are buttons, and axe finds no serious or critical violation', async () => {
    test.setTimeout(120_000);
    const started = Date.now();
    await expectNoSeriousViolations(page);
    const modeBar = page.locator('.modebar-btn');
    expect(await modeBar.count()).toBeGreaterThan(50); // every chart has drawn its mode bar…
    await expect(page.locator('.modebar-btn:not([tabindex="-1"])')).toHaveCount(0); // …out of the tab order
    // The keyboard's way to the same downloads and imports: named buttons.
    await expect(page.getByRole('button', { name: 'Download transformer-loss as PNG' })).toBeEnabled();
    for (const name of ['Choose files…', 'Choose a folder…']) await expect(page.getByRole('button', { name })).toBeEnabled();
    note(`tab stops after the run: ${await tabStops(page)}; axe after the run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
