import { presetSpec } from '../src/core/spec/experiment.ts';
import { makeFragment } from '../src/share/link.ts';
import { expect, openLab, test, waitForReadout } from './fixtures.ts';

/**
 * Workshop mode: the lesson link that opens a step without training, the presenter view on a projector-sized
 * screen, Stop that ends a run promptly (on WebGPU too), the long-run question, and the SAE preset that follows
 * the transformer's. Page logic (@any-backend) runs in the wasm project only; the Stop test runs on both backends.
 */

test('the lesson link opens step 3 without training; classroom hiding still applies', { tag: '@any-backend' }, async ({ page, backendQuery }) => {
  const fragment = await makeFragment({ ...presetSpec('tiny'), name: 'class' }, ['backend']);
  await page.goto(`/${backendQuery}#${fragment}&lesson=3&run=0`);
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-step', '3');
  await expect(page.getByTestId('lesson-title')).toHaveText('Stability vs the nulls');
  await expect(page.getByTestId('lesson-progress')).toContainText('step 3 of 5');
  await expect(page.getByTestId('link-progress')).toContainText('opened without running');
  // The link's controls are loaded, and nothing trains (a link without run=0 would have started Run all by now).
  await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-backend', '', { timeout: 30_000 });
  await expect(page.getByTestId('field-p')).toHaveValue('23');
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('stop-all')).toHaveCount(0);
  await expect(page.getByTestId('backend-select')).toHaveCount(0); // hide=backend
  // Step 3 shows the stability section only; Back goes to the SAEs, whose step offers to train them.
  await expect(page.getByTestId('section-stability')).toBeVisible();
  await expect(page.getByTestId('section-transformer')).toBeHidden();
  await page.getByTestId('lesson-back').click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Sparse autoencoders');
  await expect(page.getByTestId('section-saes')).toBeVisible();
  await expect(page.getByTestId('lesson-action')).toBeDisabled(); // the transformer has not been trained
  expect(new URL(page.url()).hash).toContain('lesson=2'); // the address bar follows the lesson
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'idle');

  // An option the lab does not understand is named, and read as its default.
  await page.goto(`/${backendQuery}#lesson=9`);
  await page.reload(); // a new fragment alone does not reload the page
  await expect(page.getByTestId('link-option-problems')).toContainText('lesson=9 is not a step from 1 to 5');
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-step', '1');
});

test('presenter view at 1024 × 768: no horizontal scroll, controls hidden, one section at a time; the header stays compact', { tag: '@any-backend' }, async ({ page, backendQuery }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openLab(page, backendQuery);
  const headerHeight = async () => (await page.locator('.app-header').boundingBox())!.height;
  expect(await headerHeight()).toBeLessThan(768 / 4);

  await page.getByTestId('presenter-toggle').click();
  await expect(page.getByTestId('presenter-bar')).toBeVisible();
  expect(new URL(page.url()).hash).toContain('view=presenter');
  const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  for (const section of ['transformer', 'saes', 'stability', 'fourier', 'features']) {
    await expect(page.getByTestId(`section-${section}`)).toBeVisible();
    expect(await noHorizontalScroll(), section).toBe(true);
    await expect(page.getByTestId('start')).toBeHidden();
    await expect(page.getByTestId('field-lr')).toBeHidden();
    await expect(page.getByTestId('sae-start')).toBeHidden();
    if (section !== 'features') await page.getByTestId('presenter-next').click();
  }
  await expect(page.getByTestId('section-transformer')).toBeHidden();
  expect(await headerHeight()).toBeLessThan(768 / 4);

  // The link option opens the same view; the header's toggle leaves it.
  await page.getByTestId('presenter-toggle').click();
  await expect(page.getByTestId('presenter-bar')).toHaveCount(0);
  await page.goto(`/${backendQuery}#view=presenter`);
  await page.reload(); // a new fragment alone does not reload the page
  await expect(page.getByTestId('presenter-bar')).toBeVisible();
  expect(await noHorizontalScroll()).toBe(true);
  await expect(page.getByTestId('start')).toBeHidden();
  await page.getByTestId('presenter-toggle').click();
  await expect(page.getByTestId('start')).toBeVisible();
});

test('choosing the tiny transformer chooses the tiny SAEs; a Start of hours asks first', { tag: '@any-backend' }, async ({ page, backendQuery }) => {
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  await expect(page.getByTestId('sae-preset-tiny')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('preset-nanda').click();
  await expect(page.getByTestId('sae-preset-phase1')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('long-run')).toContainText(/This run will take about \d+ h \d+ min on wasm \(25,000 steps\) — start anyway\?/);
  await page.getByTestId('start-cancel').click();
  await expect(page.getByTestId('long-run')).toHaveCount(0);
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'idle');
});

test('Stop says so at once and ends the run at the next safe point', async ({ page, backendQuery }) => {
  test.setTimeout(240_000);
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  // A run far too long to end by itself, with evaluations far apart: without a bound on the steps queued ahead of
  // the device (WebGPU), Stop would wait for all of them.
  await page.getByTestId('field-steps').fill('200000');
  await page.getByTestId('section-transformer').locator('details.advanced > summary').click();
  await page.getByTestId('field-evalEvery').fill('10000');
  await page.getByTestId('start').click();
  await page.getByTestId('start-anyway').click(); // hours: the page asked first
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'running');
  await waitForReadout(page, 'transformer-step', (s) => s >= 3, 180_000);
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('stop')).toBeDisabled(); // at once: "Stopping…" (or already stopped)
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('transformer-status-detail')).toContainText(/stopped at step \d+/);
  expect(await page.getByTestId('transformer-step').getAttribute('data-value')).not.toBe('200000');
});
