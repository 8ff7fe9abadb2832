import type { Page, TestInfo } from '@playwright/test';
import { expect, openSerialLab, readoutValue, test } from './fixtures.ts';

/**
 * The architectures added through the registry (BatchTopK, JumpReLU) train from the page like TopK and ReLU, with
 * several seeds, and reach the stability and features sections. One short run each on the tiny preset, wasm only.
 */
const SEEDS = [42, 123, 456];

test.describe('BatchTopK and JumpReLU SAEs from the page', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;

  test.beforeAll(async ({ browser, backendQuery }, testInfo: TestInfo) => {
    page = await openSerialLab(browser, backendQuery, testInfo);
  });
  test.afterAll(async () => {
    await page?.close();
  });

  test('a briefly trained tiny transformer', async () => {
    test.setTimeout(150_000);
    await page.getByTestId('preset-tiny').click();
    await page.getByTestId('field-steps').fill('60');
    await page.getByTestId('start').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  });

  for (const architecture of ['batchtopk', 'jumprelu']) {
    test(`${architecture}: three seeds train, then stability and features finish`, async () => {
      test.setTimeout(300_000);
      await page.getByTestId('sae-preset-tiny').click();
      await page.getByTestId('field-sae-architecture').selectOption(architecture);
      await expect(page.getByTestId('sae-spec-summary')).toContainText('× 3 seeds');
      await page.getByTestId('sae-start').click();
      await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
      for (const seed of SEEDS) {
        const fvu = await readoutValue(page, `sae-fvu-${seed}`);
        expect(fvu).toBeGreaterThan(0);
        expect(fvu).toBeLessThan(1);
        expect(await readoutValue(page, `sae-l0-${seed}`)).toBeGreaterThan(0);
      }
      await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(page.getByTestId('stability-pwmcc-max-random')).not.toHaveAttribute('data-value', '');
      await expect(page.getByTestId('features-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    });
  }
});
