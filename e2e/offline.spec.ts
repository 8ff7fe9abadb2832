import { expect, openLab, plotOf, test } from './fixtures.ts';

/**
 * Offline use: after one visit the service worker (vite.config.ts) has precached the build; with the network off a
 * reload loads the app from it, still cross-origin isolated (wasm threads), and trains the tiny preset.
 * Page logic: the wasm project only.
 */
test.use({ serviceWorkers: 'allow' });

test('after the first visit the app loads and trains with the network off', async ({ page, context, backendQuery }) => {
  test.setTimeout(240_000);
  await openLab(page, backendQuery);
  // The worker is active once it has precached everything; clientsClaim makes it control this page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

  await context.setOffline(true);
  await page.reload();
  expect(await openLab(page, backendQuery)).toBe('wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // served from the cache with COOP/COEP
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('300');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('transformer-step')).toHaveAttribute('data-value', '300');
  await expect(await plotOf(page, 'loss-chart')).toBeVisible({ timeout: 30_000 }); // the lazily loaded plotly chunk too
  await context.setOffline(false);
});
