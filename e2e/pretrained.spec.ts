import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { drawnPlotOf, expect, openLab, readoutValue, test, waitForReadout } from './fixtures.ts';

/**
 * "Start from the pretrained model": the p = 113 transformer shipped in public/pretrained/ becomes the notebook's
 * finished transformer run without training, and the later sections work on it at once; its training run replays
 * from the snapshots shipped with it. Page logic: wasm only.
 */
const keysOf = async (page: Page) => ((await page.getByTestId('replay-keys').getAttribute('data-value')) ?? '').split(',').filter(Boolean);
test.describe('the pretrained model', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;

  test.beforeAll(async ({ browser, backendQuery }, testInfo) => {
    // A context of its own (not browser.newPage): axe checks the replay.
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: testInfo.project.use.viewport });
    page = await context.newPage();
    await openLab(page, backendQuery);
  });
  test.afterAll(async () => {
    await page?.context().close();
  });

  test('one click: a finished, grokked p = 113 run with its curves, in Run history, and the Fourier section finds its key frequencies', async () => {
    test.setTimeout(120_000);
    const shipped = await (await page.request.get('/pretrained/report.json')).json();
    const steps = shipped.transformer.steps as number;
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'idle');
    await page.getByTestId('open-pretrained').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect(await readoutValue(page, 'transformer-step')).toBe(steps);
    expect(await readoutValue(page, 'transformer-grok')).toBe(shipped.transformer.stepsToGrok);
    expect(await readoutValue(page, 'transformer-test-acc')).toBeGreaterThanOrEqual(0.99);
    await expect(page.getByTestId('field-p')).toHaveValue('113'); // the controls describe the model shown
    // The Fourier section analyses the loaded weights: a grokked model has a few key frequencies.
    await expect(page.getByTestId('fourier-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const keys = (await page.getByTestId('fourier-key-frequencies').getAttribute('data-value'))?.split(',').filter(Boolean) ?? [];
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys.length).toBeLessThanOrEqual(8);
    await expect(page.getByTestId('history-name').filter({ hasText: 'pretrained' })).toHaveCount(1);
    await expect(page.getByTestId('sae-start')).toBeEnabled();
  });

  test('the replay slider scrubs the run that made it from its snapshots: key frequencies appear as it groks, nothing trains', async () => {
    test.setTimeout(120_000);
    const { steps } = await (await page.request.get('/pretrained/transformer/snapshots/index.json')).json() as { steps: number[] };
    const trainedTo = await readoutValue(page, 'transformer-step');
    await page.getByTestId('replay-open').click();
    const slider = page.getByTestId('replay-slider');
    await expect(slider).toBeVisible({ timeout: 60_000 });
    const step = () => readoutValue(page, 'replay-step');

    // At initialisation: no key frequency, chance accuracy, memorisation ahead.
    expect(await step()).toBe(steps[0]);
    expect(await keysOf(page)).toEqual([]);
    expect(await readoutValue(page, 'replay-test-acc')).toBeLessThan(0.1);
    await expect(page.getByTestId('replay-phase')).toContainText('memorisation');
    const bars = (await drawnPlotOf(page, 'replay-spectrum-chart')).locator('.barlayer .trace .point path');
    await expect(bars).toHaveCount(56); // k = 1..(113 − 1)/2

    // With the keyboard, three snapshots on (step 300): memorised, not generalised, the first key frequencies.
    await slider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await step()).toBe(steps[3]);
    expect(await readoutValue(page, 'replay-train-acc')).toBeGreaterThanOrEqual(0.99);
    expect(await readoutValue(page, 'replay-test-acc')).toBeLessThan(0.6);
    await expect(page.getByTestId('replay-phase')).toContainText('circuit formation');
    const early = await keysOf(page);
    expect(early.length).toBeGreaterThan(0);
    await expect((await drawnPlotOf(page, 'replay-spectrum-chart')).locator('.gtitle')).toHaveText(`Embedding spectrum at step ${steps[3]}`);

    // The last snapshot: grokked, more key frequencies, the early ones among them.
    await page.keyboard.press('End');
    expect(await step()).toBe(steps.at(-1));
    expect(await readoutValue(page, 'replay-test-acc')).toBeGreaterThanOrEqual(0.99);
    await expect(page.getByTestId('replay-phase')).toContainText('cleanup');
    const late = await keysOf(page);
    expect(late.length).toBeGreaterThan(early.length);
    expect(late).toEqual(expect.arrayContaining(early));

    // Play runs through the snapshots from the start; the transformer itself never trains.
    await page.getByTestId('replay-play').click();
    await waitForReadout(page, 'replay-step', (s) => s > steps[0] && s < steps.at(-1)!, 30_000);
    await page.getByTestId('replay-play').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done');
    expect(await readoutValue(page, 'transformer-step')).toBe(trainedTo);
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="replay"]').analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`)).toEqual([]);
  });

  test('SAEs train on it and the stability section reports', async () => {
    test.setTimeout(300_000);
    const epochs = page.getByTestId('field-sae-epochs');
    if (!(await epochs.isVisible())) await page.getByTestId('section-saes').locator('details.advanced > summary').click();
    await epochs.fill('1'); // one pass over the 12,769 activations: enough to compare seeds, short enough for a test
    await page.getByTestId('sae-start').click();
    await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const mean = await readoutValue(page, 'stability-pwmcc-max-mean');
    expect(mean).toBeGreaterThan(0);
    expect(mean).toBeLessThanOrEqual(1);
  });

  test('a second click reuses the stored run (no second copy in Run history)', async () => {
    await page.getByTestId('open-pretrained').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('history-name').filter({ hasText: 'pretrained' })).toHaveCount(1);
  });
});
