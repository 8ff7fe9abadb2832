import type { Locator, Page } from '@playwright/test';
import { expect, openTinySweepSection, test } from './fixtures.ts';

/**
 * Clicking a finished row of the sweep's results table opens that configuration: the notebook's controls take the
 * cell's settings and the Stability section shows the cell's stored SAEs — its PWMCC the row's, its verdict against
 * the nulls, a status line naming sweep and cell — after training the cell's transformer again when the notebook has
 * another. It works on the live sweep and on the stored sweep after a reload. Wasm only (page logic; the sweep and
 * its analyses run the same core code on every backend).
 */

/** Clicks cell `id`'s row and waits until the Stability section shows that cell's finished analysis. */
async function openCell(page: Page, sweep: Locator, id: string): Promise<Locator> {
  const row = sweep.locator(`[data-testid="sweep-row"][data-id="${id}"]`);
  const rowMean = Number(await row.locator('td[data-mean]').getAttribute('data-mean'));
  await row.getByTestId('sweep-open-cell').click();
  await expect(sweep.getByTestId('sweep-open-note')).toHaveAttribute('data-ok', 'true');

  const stability = page.locator('#section-stability');
  const note = stability.getByTestId('stability-opened-cell');
  await expect(note).toHaveAttribute('data-cell', id, { timeout: 300_000 });
  await expect(note).toContainText(`sweep "`);
  await expect(note).toContainText(`cell "${id}"`);
  await expect(stability.getByTestId('stability-verdict')).not.toHaveAttribute('data-kind', 'pending', { timeout: 300_000 });
  // The matrix of the cell's own SAEs: the same decoders give the PWMCC its results row reports.
  const mean = Number(await stability.getByTestId('stability-pwmcc-max-mean').getAttribute('data-value'));
  expect(mean).toBeCloseTo(rowMean, 4);
  await expect(stability.getByTestId('stability-pwmcc-max-heatmap')).toBeVisible();
  await expect(page.locator('#section-features').getByTestId('features-opened-cell')).toHaveAttribute('data-cell', id);
  return stability;
}

test('a finished sweep row opens that configuration in the Stability and Features sections, live and after a reload', async ({ page, backendQuery }) => {
  test.setTimeout(1_200_000);
  // Two cells (k 4 and 8 on the tiny preset's 4× dictionary, one batch): one is opened live, the other from the
  // stored sweep after a reload.
  const sweep = await openTinySweepSection(page, backendQuery);
  await sweep.getByLabel('axis 1 field').selectOption('saes.k');
  await sweep.getByTestId('sweep-axis-values').first().fill('4, 8');
  await sweep.getByTestId('sweep-seeds').fill('42, 123');
  await expect(sweep.getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '2');
  await sweep.getByTestId('sweep-start').click();
  await expect(sweep.getByTestId('sweep-row')).toHaveCount(2, { timeout: 840_000 });

  await openCell(page, sweep, 'k-4'); // the tiny preset's k is 8: the controls take the cell's
  await expect(page.getByTestId('field-sae-k')).toHaveValue('4');
  await expect(page.getByTestId('field-sae-expansion')).toHaveValue('4');
  await expect(page.getByTestId('field-steps')).toHaveValue('100');

  await page.reload();
  const stored = page.locator('#section-sweep');
  await stored.scrollIntoViewIfNeeded();
  await expect(stored.getByTestId('sweep-row')).toHaveCount(2, { timeout: 60_000 });
  await openCell(page, stored, 'k-8');
  await expect(page.getByTestId('field-sae-k')).toHaveValue('8');
  await expect(page.getByTestId('field-sae-expansion')).toHaveValue('4');
});
