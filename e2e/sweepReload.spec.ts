import { readFileSync } from 'node:fs';
import { expect, startTinySweep, test } from './fixtures.ts';

/**
 * The issue's 4-cell tiny sweep in Chromium: it fills the results table and the grid, survives a reload (reloaded
 * once a cell has finished, the stored sweep comes back with the finished cells' rows, Continue runs the rest) and
 * exports CSV, one line per configuration. Wasm only (the sweep worker runs the same core code on every backend).
 */
test('a 4-cell tiny sweep reloaded mid-run keeps its finished rows, completes after Continue, fills the grid and exports CSV', async ({ page, backendQuery }) => {
  test.setTimeout(1_200_000);
  const section = await startTinySweep(page, backendQuery);
  // k 4 and 8 share a batch on each dictionary size: the estimate says so, and the running line names the mate.
  await expect(section.getByTestId('sweep-batches')).toHaveAttribute('data-batches', '2');
  await expect(section.getByTestId('sweep-current')).toContainText('(one batch)', { timeout: 120_000 });
  await expect(section.getByTestId('sweep-row').first()).toBeVisible({ timeout: 600_000 });

  await page.reload();
  const reloaded = page.locator('#section-sweep');
  await reloaded.scrollIntoViewIfNeeded();
  await expect(reloaded.getByTestId('sweep-stored')).toContainText('cells finished', { timeout: 60_000 });
  await expect(reloaded.getByTestId('sweep-stored')).toContainText('interrupted');
  const kept = await reloaded.getByTestId('sweep-row').count();
  expect(kept).toBeGreaterThanOrEqual(1);
  expect(kept).toBeLessThan(4);
  await expect(reloaded.getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '4');
  await expect(reloaded.getByTestId('sweep-start')).toHaveText('Continue');

  await reloaded.getByTestId('sweep-start').click();
  await expect(reloaded.getByTestId('sweep-row')).toHaveCount(4, { timeout: 840_000 });
  await expect(reloaded).toHaveClass(/cell-done/);
  await expect(reloaded.getByTestId('sweep-error')).toHaveCount(0);
  await expect(reloaded.getByTestId('sweep-grid-cell')).toHaveCount(4);

  const download = page.waitForEvent('download');
  await reloaded.getByTestId('sweep-export-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8').trim().split('\n');
  expect(csv).toHaveLength(5); // header + one line per configuration
  expect(csv[0]).toContain('pwmcc_max_excess');
  for (const line of csv.slice(1)) expect(line.split(',').length).toBe(csv[0].split(',').length);
});
