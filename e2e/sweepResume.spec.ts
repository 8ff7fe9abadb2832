import type { Page } from '@playwright/test';
import { expect, openLab, test } from './fixtures.ts';

/**
 * The sweep's running cell resumes from its checkpoint after a reload (issue 13), like any run: a one-cell sweep with
 * many SAE epochs is reloaded once the sweep worker has stored a checkpoint of it, and Continue carries on from that
 * checkpoint's step instead of step 0. Wasm only (the sweep worker runs the same core code on every backend;
 * tests/core/sweep/cellResume.test.ts shows the resumed cell ends bit for bit where an uninterrupted one does).
 */

/** The step of the running cell's checkpoint in IndexedDB, or null while there is none. */
const runningCheckpointStep = (page: Page) =>
  page.evaluate(() => new Promise<number | null>((resolve, reject) => {
    const open = indexedDB.open('sae-stability-lab');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction('checkpoints').objectStore('checkpoints').getAll();
      all.onsuccess = () => {
        db.close();
        const running = (all.result as { id: string; step: number }[]).find((c) => c.id.endsWith('@running'));
        resolve(running ? running.step : null);
      };
      all.onerror = () => reject(all.error);
    };
  }));

test('a sweep reloaded mid-cell continues that cell from its checkpoint', async ({ page, backendQuery }) => {
  test.setTimeout(600_000);
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('100');
  await page.getByTestId('sae-preset-tiny').click();

  const section = page.locator('#section-sweep');
  await section.scrollIntoViewIfNeeded();
  // One cell that trains far longer than the checkpoint interval (15 s): it is still running when the page reloads.
  await section.getByLabel('axis 1 field').selectOption('saes.epochs');
  await section.getByTestId('sweep-axis-values').first().fill('5000');
  await section.getByTestId('sweep-seeds').fill('42, 123');
  await expect(section.getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '1');
  await section.getByTestId('sweep-start').click();
  await expect.poll(() => runningCheckpointStep(page), { timeout: 300_000, intervals: [1000] }).toBeGreaterThan(0);

  await page.reload();
  const reloaded = page.locator('#section-sweep');
  await reloaded.scrollIntoViewIfNeeded();
  await expect(reloaded.getByTestId('sweep-stored')).toContainText('interrupted', { timeout: 60_000 });
  const step = await runningCheckpointStep(page); // the tab that wrote it is gone: this is the one Continue reads
  expect(step).toBeGreaterThan(0);
  await reloaded.getByTestId('sweep-start').click();
  await expect(reloaded.getByTestId('sweep-current')).toContainText(`continued from SAE step ${step}`, { timeout: 300_000 });
  await reloaded.getByTestId('sweep-stop').click();
  await expect(reloaded.getByTestId('sweep-start')).toBeEnabled({ timeout: 60_000 });
  // A stop keeps the resume point (now at least as far as before) for the next Continue.
  expect(await runningCheckpointStep(page)).toBeGreaterThanOrEqual(step!);
});
