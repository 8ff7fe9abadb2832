import { expect, openTinySweepSection, test } from './fixtures.ts';

/**
 * The sweep's running cell resumes from its checkpoint after a reload (issue 13), like any run: a one-cell sweep with
 * many SAE epochs is reloaded once the sweep worker has stored a checkpoint of it, and Continue carries on from that
 * checkpoint's step instead of step 0. Wasm only (the sweep worker runs the same core code on every backend;
 * tests/core/sweep/cellResume.test.ts shows the resumed cell ends bit for bit where an uninterrupted one does).
 */

test('a sweep reloaded mid-cell continues that cell from its checkpoint', async ({ page, backendQuery }) => {
  test.setTimeout(600_000);
  const section = await openTinySweepSection(page, backendQuery);
  // One cell that trains far longer than the checkpoint interval (15 s): it is still running when the page reloads.
  await section.getByLabel('axis 1 field').selectOption('saes.epochs');
  await section.getByTestId('sweep-axis-values').first().fill('5000');
  await section.getByTestId('sweep-seeds').fill('42, 123');
  await expect(section.getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '1');
  await section.getByTestId('sweep-start').click();
  // The section says when the running cell's resume point is stored, and at which SAE step.
  const checkpoint = section.getByTestId('sweep-checkpoint');
  const savedStep = async () => Number((await checkpoint.getAttribute('data-step', { timeout: 1000 }).catch(() => null)) ?? 0);
  await expect.poll(savedStep, { timeout: 300_000, intervals: [1000] }).toBeGreaterThan(0);
  const saved = await savedStep();

  await page.reload();
  const reloaded = page.locator('#section-sweep');
  await reloaded.scrollIntoViewIfNeeded();
  await expect(reloaded.getByTestId('sweep-stored')).toContainText('interrupted', { timeout: 60_000 });
  await reloaded.getByTestId('sweep-start').click();
  const current = reloaded.getByTestId('sweep-current');
  await expect(current).toContainText('continued from SAE step', { timeout: 300_000 });
  // The last resume point stored before the reload: the one seen, or a later one written before the page went.
  const continued = Number(/continued from SAE step (\d+)/.exec((await current.textContent()) ?? '')?.[1]);
  expect(continued).toBeGreaterThanOrEqual(saved);
  await reloaded.getByTestId('sweep-stop').click();
  await expect(reloaded.getByTestId('sweep-start')).toBeEnabled({ timeout: 60_000 });
});
