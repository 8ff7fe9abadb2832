import { expect, openLab, plotOf, test } from './fixtures.ts';

/**
 * Offline use: after one visit the service worker (vite.config.ts) has precached the build; with the network off a
 * reload loads the app from it, still cross-origin isolated (wasm threads), trains the tiny preset, and opens the
 * shipped pretrained model and its replay (the snapshots are precached too).
 * Page logic: the wasm project only.
 */
test.use({ serviceWorkers: 'allow' });

test('after the first visit the app loads and trains with the network off; the pretrained model and its replay open', async ({ page, context, backendQuery }) => {
  test.setTimeout(300_000); // 3.1 min at load average 13–15
  await openLab(page, backendQuery);
  // The worker is active once it has precached everything; clientsClaim makes it control this page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

  await context.setOffline(true);
  await page.reload();
  expect(await openLab(page, backendQuery)).toBe('wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // served from the cache with COOP/COEP
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('30'); // training works offline: a few steps show it
  await page.getByTestId('start').click();
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('transformer-step')).toHaveAttribute('data-value', '30');
  await expect(await plotOf(page, 'loss-chart')).toBeVisible({ timeout: 30_000 }); // the lazily loaded plotly chunk too

  await page.getByTestId('open-pretrained').click();
  await expect(page.getByTestId('field-p')).toHaveValue('113', { timeout: 60_000 }); // the pretrained p = 113 model is shown
  await page.getByTestId('replay-open').click();
  await page.getByTestId('replay-slider').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('replay-phase')).toContainText('cleanup'); // the last snapshot: grokked
  await expect(page.getByTestId('replay-keys')).not.toHaveAttribute('data-value', '');
  await expect(page.getByTestId('replay-error')).toHaveCount(0);
  await context.setOffline(false);
});
