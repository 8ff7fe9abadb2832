import { type Browser, type Page, type TestInfo, test as base, expect } from '@playwright/test';

/** Per-project option: the query string that picks the backend ('' = automatic, '?backend=wasm' = the fallback). */
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
