import type { Locator, Page, TestInfo } from '@playwright/test';
import { drawnPlotOf, expect, openLab, plotOf, readoutValue, test, waitForReadout, openSerialLab } from './fixtures.ts';

/**
 * Both projects train the `tiny` preset exactly as defined, through the UI: pause, resume, no tensor leak, the loss
 * falls and the curves are drawn, Stop. wasm also trains it to test accuracy ≥ 0.99 (seconds). WebGPU here is
 * SwiftShader (a CPU implementation of WebGPU) where that takes ~10 minutes, so WebGPU's convergence proof is the
 * benchmark `npm run bench:grok -- --preset tiny --backend webgpu` (docs/benchmarks.md, "The test suite's time");
 * tests tagged @converges are left out of the webgpu project (playwright.config.ts), as are the @any-backend ones
 * (page logic that is the same on every backend).
 */
const EXPECTED_BACKEND: Record<string, string> = { wasm: 'wasm', webgpu: 'webgpu' };
/** tiny evaluates every 10 steps: by this step the loss chart has 7 evaluations on any backend. */
const FEW_STEPS = 60;

const step = (page: Page) => readoutValue(page, 'transformer-step');
/** The y values of each trace of a Plotly chart, as the chart holds them (pass plotOf's locator). */
const traceYs = (plot: Locator) =>
  plot.evaluate((gd) => ((gd as unknown as { data?: { y: number[] }[] }).data ?? []).map((t) => Array.from(t.y)));
/** tf.memory().numTensors inside the engine worker, through the page's debug hook (src/main.tsx). */
const workerTensors = (page: Page) =>
  page.evaluate(async () => {
    const lab = (window as unknown as { __lab: { workerMemory(): Promise<{ numTensors: number }> } }).__lab;
    return (await lab.workerMemory()).numTensors;
  });

async function pauseAndSettle(page: Page): Promise<void> {
  await page.getByTestId('pause').click();
  // The worker reports "paused" only once its loop has parked, so the step readout is final from here on. On WebGPU
  // that can take up to `evalEvery` steps: steps are only enqueued until the next evaluation reads the device.
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'paused', { timeout: 120_000 });
}

test.describe('the tiny transformer trained through the UI', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  let project: string;
  let tensorsAtFirstPause = -1;

  test.beforeAll(async ({ browser, backendQuery }, testInfo: TestInfo) => {
    project = testInfo.project.name;
    page = await openSerialLab(browser, backendQuery, testInfo);
  });
  test.afterAll(async () => {
    await page.close();
  });

  test('the backend badge names the backend that runs, and why it is not WebGPU', async () => {
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-backend', EXPECTED_BACKEND[project]);
    if (project === 'wasm') await expect(page.getByTestId('backend-reason')).toContainText('wasm chosen by the user');
    else await expect(page.getByTestId('backend-reason')).toHaveCount(0);
  });

  test('pausing freezes the step counter and resuming continues from it', async () => {
    test.setTimeout(300_000);
    await page.getByTestId('preset-tiny').click();
    await page.getByTestId('start').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'running');
    // SwiftShader compiles WebGPU pipelines on the CPU: on a loaded machine the first steps take minutes.
    await waitForReadout(page, 'transformer-step', (s) => s >= 10, 240_000);

    await pauseAndSettle(page);
    const pausedAt = await step(page);
    tensorsAtFirstPause = await workerTensors(page);
    await page.waitForTimeout(3_000);
    expect(await step(page)).toBe(pausedAt);

    await page.getByTestId('resume').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'running');
    await waitForReadout(page, 'transformer-step', (s) => s > pausedAt, 60_000);
  });

  test('the worker holds the same number of tensors at a later pause (no leak per step)', async () => {
    test.setTimeout(300_000);
    expect(tensorsAtFirstPause).toBeGreaterThan(0);
    const before = await step(page);
    await waitForReadout(page, 'transformer-step', (s) => s >= before + 20, 150_000);
    await pauseAndSettle(page);
    expect(await workerTensors(page)).toBe(tensorsAtFirstPause);
    await page.getByTestId('resume').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'running');
  });

  test('a few steps in, the train loss has fallen and both loss curves are drawn on a log axis', async () => {
    test.setTimeout(300_000);
    await waitForReadout(page, 'transformer-step', (s) => s >= FEW_STEPS, 240_000);
    const lossPlot = await plotOf(page, 'loss-chart');
    // The curves as drawn (not the readouts): at least 7 evaluations, and the train loss fell from its first value.
    await expect.poll(() => traceYs(lossPlot).then((t) => t[0]?.length ?? 0), { timeout: 30_000 }).toBeGreaterThanOrEqual(FEW_STEPS / 10 + 1);
    const [train, testLoss] = await traceYs(lossPlot);
    expect(testLoss.length).toBeGreaterThan(0);
    expect(train.every(Number.isFinite)).toBe(true);
    expect(Math.min(...train.slice(1))).toBeLessThan(0.9 * train[0]); // ln 23 ≈ 3.1 at step 0; memorising brings it down (webgpu reached 0.81× by step 60)
    await expect(lossPlot.locator('.scatterlayer .trace path.js-line')).toHaveCount(2);
    const d = (await lossPlot.locator('.scatterlayer .trace path.js-line').first().getAttribute('d')) ?? '';
    expect(d.split(/[LM]/).filter(Boolean).length).toBeGreaterThan(5); // a polyline through many evaluations
    expect(await lossPlot.evaluate((gd) => (gd as unknown as { layout: { yaxis: { type: string } } }).layout.yaxis.type)).toBe('log');
    await expect((await plotOf(page, 'accuracy-chart')).locator('.scatterlayer .trace path.js-line')).toHaveCount(2);
  });

  test('test accuracy reaches 99% (the model groks)', { tag: '@converges' }, async () => {
    test.setTimeout(150_000);
    const started = Date.now();
    const acc = await waitForReadout(page, 'transformer-test-acc', (a) => a >= 0.99, 120_000);
    testInfoNote(`test accuracy ${acc} at step ${await step(page)}, ${((Date.now() - started) / 1000).toFixed(0)} s after this test began`);
    await expect(page.getByTestId('transformer-grok')).toContainText(/grokked at step \d+/);
    await expect((await drawnPlotOf(page, 'accuracy-chart')).locator('.scatterlayer .trace path.js-line')).toHaveCount(2);
  });

  test('Stop ends the run and says at which step', async () => {
    test.setTimeout(150_000);
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('transformer-status-detail')).toContainText(/stopped at step \d+/);
    await expect(page.getByTestId('start')).toBeEnabled();
  });
});

function testInfoNote(text: string): void {
  test.info().annotations.push({ type: 'timing', description: text });
  console.log(`[${test.info().project.name}] ${text}`);
}

test('a bad value shows a validation message and disables Start', { tag: '@any-backend' }, async ({ page, backendQuery }) => {
  await openLab(page, backendQuery);
  const start = page.getByTestId('start');
  await expect(start).toBeEnabled();

  await page.getByTestId('field-p').fill('2');
  await expect(page.getByTestId('error-p')).toContainText('between 3 and 257');
  await expect(start).toBeDisabled();

  await page.getByTestId('field-p').fill('1e-');
  await expect(page.getByTestId('error-p')).toContainText('is not a number');

  await page.getByTestId('field-p').fill('113');
  await page.getByTestId('field-nHeads').fill('3');
  await expect(page.getByTestId('transformer-form-error')).toContainText('divisible');
  await expect(start).toBeDisabled();

  await page.getByTestId('field-nHeads').fill('4');
  await expect(page.getByTestId('transformer-form-error')).toHaveCount(0);
  await expect(start).toBeEnabled();
});

test('the page itself loads no TensorFlow.js: all tensor work is in the worker', { tag: '@any-backend' }, async ({ page, backendQuery }) => {
  await openLab(page, backendQuery);
  const workerUrls = page.workers().map((w) => w.url());
  const engineUrl = workerUrls.find((u) => u.includes('engine'));
  expect(engineUrl).toBeDefined();
  // "tfjsflags" is tfjs-core's URL-flag prefix: a string literal that survives minification in any tfjs build.
  const marker = 'tfjsflags';
  const pageScripts = await page.evaluate(() => {
    const urls = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /\.m?js(\?|$)/.test(u));
    const tags = Array.from(document.querySelectorAll('script[src]')).map((s) => (s as HTMLScriptElement).src);
    return [...new Set([...tags, ...urls])];
  });
  const mainThreadScripts = pageScripts.filter((u) => !workerUrls.includes(u));
  expect(mainThreadScripts.length).toBeGreaterThan(0);
  for (const url of mainThreadScripts) expect(await (await page.request.get(url)).text(), url).not.toContain(marker);
  expect(await (await page.request.get(engineUrl!)).text()).toContain(marker); // the check can see tfjs
  expect(await page.evaluate(() => 'tf' in window)).toBe(false);
});

test('Reset stops a run and frees every tensor it held in the worker', async ({ page, backendQuery }) => {
  test.setTimeout(120_000);
  await openLab(page, backendQuery);
  const baseline = await workerTensors(page);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('start').click();
  await waitForReadout(page, 'transformer-step', (s) => s >= 0, 60_000);
  expect(await workerTensors(page)).toBeGreaterThan(baseline);
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'idle');
  await expect.poll(() => workerTensors(page), { timeout: 60_000 }).toBe(baseline);
});

test('choosing another backend restarts the engine on it', async ({ page, backendQuery }) => {
  await openLab(page, backendQuery);
  await page.getByTestId('backend-select').selectOption('cpu');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 30_000 });
  await expect(page.getByTestId('backend-reason')).toContainText('cpu chosen by the user');
  expect(new URL(page.url()).searchParams.get('backend')).toBe('cpu');
});
