import type { Page } from '@playwright/test';
import { expect, openSerialLab, readoutValue, test } from './fixtures.ts';

/**
 * "Start from the pretrained model": the p = 113 transformer shipped in public/pretrained/ becomes the notebook's
 * finished transformer run without training, and the later sections work on it at once. Page logic: wasm only.
 */
test.describe('the pretrained model', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;

  test.beforeAll(async ({ browser, backendQuery }, testInfo) => {
    page = await openSerialLab(browser, backendQuery, testInfo);
  });
  test.afterAll(async () => {
    await page?.close();
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
