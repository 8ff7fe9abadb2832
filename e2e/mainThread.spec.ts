import { expect, openLab, plotOf, test, waitForReadout } from './fixtures.ts';

/**
 * No tensor work on the main thread, checked while a run trains and its charts draw (after plotly and every other
 * lazy chunk has loaded): TensorFlow.js registers its engine on the global object as `_tfengine` wherever it is
 * loaded, and its code carries the literal "tfjsflags". Both checks are shown to see tfjs in the engine worker.
 * Which code the page loads does not depend on the backend, so this runs in the wasm project only (@any-backend).
 */
const TF_MARKER = 'tfjsflags';
const TF_GLOBAL = '_tfengine';

test('while training, the page holds no TensorFlow.js engine and has loaded no tfjs code; the worker has both', { tag: '@any-backend' }, async ({ page, backendQuery }) => {
  test.setTimeout(300_000);
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('100000'); // still training when the checks end (the page closes after)
  // The default evaluation cadence: the live charts redraw at most every few hundred ms each, one per task
  // (src/ui/plot/redrawQueue.ts), so the page stays free for the checks while the curves on screen grow.
  await page.getByTestId('start').click();
  await page.getByTestId('start-anyway').click(); // the page asks before a run estimated at more than a few minutes
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'running');
  await waitForReadout(page, 'transformer-step', (s) => s >= 2, 120_000);
  await expect(await plotOf(page, 'loss-chart')).toBeVisible({ timeout: 60_000 }); // the lazy chart chunk is in

  const engine = page.workers().find((w) => w.url().includes('engine'));
  expect(engine).toBeDefined();
  expect(await engine!.evaluate((name) => name in self, TF_GLOBAL)).toBe(true); // the check sees tfjs where it is
  expect(await page.evaluate((name) => name in window, TF_GLOBAL)).toBe(false);

  const workerUrls = new Set(page.workers().map((w) => w.url()));
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /\.m?js(\?|$)/.test(u)));
  const mainThread = scripts.filter((u) => !workerUrls.has(u));
  expect(mainThread.some((u) => u.includes('plotly'))).toBe(true);
  const started = Date.now();
  for (const url of mainThread) expect(await (await page.request.get(url)).text(), url).not.toContain(TF_MARKER);
  console.log(`fetched ${mainThread.length} scripts in ${Date.now() - started} ms`);
  expect(await (await page.request.get(engine!.url())).text()).toContain(TF_MARKER);

  // Still training: the checks above ran during the run.
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'running');
});
