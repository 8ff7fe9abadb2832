import { type Browser, type Locator, type Page, type TestInfo, test as base, expect } from '@playwright/test';

/** Per-project option: the query string that picks the backend ('?backend=webgpu', '?backend=wasm'; '' = automatic). */
export interface LabOptions {
  backendQuery: string;
}

// Worker-scoped so that a describe block can share one page (and one training run) across its tests.
export const test = base.extend<object, LabOptions>({
  backendQuery: ['', { option: true, scope: 'worker' }],
});
export { expect };

/** Opens the notebook on the project's backend and waits until the engine worker reports which backend runs. */
export async function openLab(page: Page, backendQuery: string): Promise<string> {
  await page.goto(`/${backendQuery}`);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).not.toHaveAttribute('data-backend', '', { timeout: 30_000 });
  return (await badge.getAttribute('data-backend')) ?? '';
}

/** A page of its own for a serial describe block (one training run shared by its tests), on the project's backend. */
export async function openSerialLab(browser: Browser, backendQuery: string, testInfo: TestInfo): Promise<Page> {
  const page = await browser.newPage({ baseURL: testInfo.project.use.baseURL, viewport: testInfo.project.use.viewport });
  await openLab(page, backendQuery);
  return page;
}

/** The number a readout carries in its data-value attribute (NaN while empty). */
export async function readoutValue(page: Page, testId: string): Promise<number> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  return raw === null || raw === '' ? NaN : Number(raw);
}

/** Waits until a readout's number satisfies `ok`, polling the UI (not the worker). */
export async function waitForReadout(page: Page, testId: string, ok: (v: number) => boolean, timeout: number): Promise<number> {
  let last = NaN;
  await expect
    .poll(async () => {
      last = await readoutValue(page, testId);
      return ok(last);
    }, { timeout, intervals: [250, 500, 1000] })
    .toBe(true);
  return last;
}

/**
 * A chart's Plotly plot, its figure scrolled into view first: charts off screen are not redrawn
 * (src/ui/plot/redrawQueue.ts), so a test reads a chart where a user would, on screen. Read it before the next
 * action scrolls elsewhere.
 */
export async function plotOf(scope: Page | Locator, testId: string): Promise<Locator> {
  const figure = scope.getByTestId(testId);
  await figure.scrollIntoViewIfNeeded();
  return figure.locator('.js-plotly-plot');
}

/**
 * plotOf, then waits until the chart has drawn every update it was given (no data-redraw-pending): for reading a
 * chart's data once its run has ended. (While a run trains, new data keeps arriving: poll plotOf's plot instead.)
 */
export async function drawnPlotOf(scope: Page | Locator, testId: string, timeout = 10_000): Promise<Locator> {
  const plot = await plotOf(scope, testId);
  await expect(scope.getByTestId(testId)).not.toHaveAttribute('data-redraw-pending', /.*/, { timeout });
  await expect(plot).toBeAttached({ timeout });
  return plot;
}

/**
 * Opens the lab on the tiny presets with a 100-step transformer (and `saeEpochs` SAE epochs when given) and returns the
 * Sweep section, scrolled into view, for the caller to set its axes.
 */
export async function openTinySweepSection(page: Page, backendQuery: string, saeEpochs?: number): Promise<Locator> {
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('100');
  await page.getByTestId('sae-preset-tiny').click();
  if (saeEpochs !== undefined) {
    const epochs = page.getByTestId('field-sae-epochs');
    if (!(await epochs.isVisible())) await page.getByTestId('section-saes').locator('details.advanced > summary').click();
    await epochs.fill(String(saeEpochs));
  }
  const section = page.locator('#section-sweep');
  await section.scrollIntoViewIfNeeded();
  return section;
}

/**
 * Opens the lab and starts the tiny 4-cell sweep (saes.k 4, 8 × saes.expansion 2, 4; SAE seeds 42, 123) from the tiny
 * presets with a 100-step transformer; returns the Sweep section. The caller waits for the rows it needs.
 */
export async function startTinySweep(page: Page, backendQuery: string): Promise<Locator> {
  const section = await openTinySweepSection(page, backendQuery);
  await section.getByTestId('sweep-axis-values').first().fill('4, 8');
  await section.getByTestId('sweep-add-axis').click();
  await section.getByLabel('axis 2 field').selectOption('saes.expansion');
  await section.getByTestId('sweep-axis-values').nth(1).fill('2, 4');
  await section.getByTestId('sweep-seeds').fill('42, 123');
  await expect(section.getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '4');
  await section.getByTestId('sweep-start').click();
  return section;
}
