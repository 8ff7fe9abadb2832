import type { Page } from '@playwright/test';
import { drawnPlotOf, expect, openLab, plotOf, readoutValue, test, waitForReadout } from './fixtures.ts';

/**
 * Keeping and resuming, in a real Chromium: runs are stored as they train, a reload mid-run offers to resume from the
 * last checkpoint and the resumed run ends where an uninterrupted run of the same spec ends; a full disk gives a
 * clear message and leaves the earlier checkpoint readable; the run history renames, compares, opens and deletes.
 * Each test gets a fresh browser context, so a fresh, empty IndexedDB.
 */

const STEPS = 300; // tiny preset, shortened: a few seconds on wasm

interface StoredRun {
  id: string;
  name: string;
  status: string;
  step: number;
  checkpointId: string | null;
  metrics: { step: number; trainLoss: number; testLoss: number; trainAcc: number; testAcc: number }[];
}

/** The runs (or checkpoint keys) as IndexedDB holds them, read with the plain API in the page. */
function readStore<T>(page: Page, store: 'runs' | 'checkpoints', keysOnly = false): Promise<T[]> {
  return page.evaluate(({ store, keysOnly }) => new Promise<T[]>((resolve, reject) => {
    const req = indexedDB.open('sae-stability-lab');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const os = db.transaction(store).objectStore(store);
      const q = keysOnly ? os.getAllKeys() : os.getAll();
      q.onsuccess = () => {
        db.close();
        resolve(keysOnly ? (q.result as T[]) : (q.result as T[]).map((r) => {
          const { state, ...rest } = r as { state?: { step: number } };
          return (state ? { ...rest, stateStep: state.step } : rest) as T;
        }));
      };
      q.onerror = () => reject(q.error);
    };
  }), { store, keysOnly });
}

async function setUpTinyRun(page: Page, checkpointSeconds: number, seed = 0): Promise<void> {
  const every = page.getByTestId('checkpoint-every');
  await every.fill(String(checkpointSeconds));
  await every.press('Enter');
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill(String(STEPS));
  await page.getByTestId('field-seed').fill(String(seed));
}

const transformerStatus = (page: Page) => page.getByTestId('transformer-status');

/**
 * Where the text of each element lies on screen (a Range measures the text itself, also where it overflows its box),
 * how many lines it takes, and whether its box cuts it.
 */
const textBoxes = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const r = range.getBoundingClientRect();
  const lines = new Set(Array.from(range.getClientRects(), (c) => Math.round(c.top))).size;
  return { text: el.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom, lines, cut: el.scrollWidth > el.clientWidth + 1 };
}));

/** No two readout values overlap, none is cut, each takes one line ("1,500 / 1,500" once ran into "36"). */
async function expectReadoutsApart(page: Page): Promise<void> {
  const boxes = await textBoxes(page, '[data-testid="section-transformer"] .readout-value');
  expect(boxes.length).toBeGreaterThan(3);
  for (const b of boxes) expect(b, b.text).toMatchObject({ cut: false, lines: 1 });
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
    expect(apart, `"${a.text}" overlaps "${b.text}"`).toBe(true);
  }));
}

async function trainToTheEnd(page: Page): Promise<void> {
  await page.getByTestId('start').click();
  await expect(transformerStatus(page)).toHaveAttribute('data-status', 'done', { timeout: 240_000 }); // seconds idle, minutes loaded
}

test.describe('keeping and resuming runs', () => {
  test('a run reloaded mid-training resumes from its checkpoint and ends where an uninterrupted run ends', async ({ page, backendQuery }) => {
    test.setTimeout(600_000);
    await openLab(page, backendQuery);
    await setUpTinyRun(page, 1);
    await trainToTheEnd(page);
    await expect.poll(async () => (await readStore<StoredRun>(page, 'runs'))[0]?.status).toBe('done');
    const [straight] = await readStore<StoredRun>(page, 'runs');
    expect(straight.metrics.at(-1)?.step).toBe(STEPS);

    await page.getByTestId('start').click(); // the same spec again, interrupted this time
    await waitForReadout(page, 'transformer-step', (s) => s >= 60, 60_000);
    await expect.poll(async () => Number(await page.getByTestId('transformer-checkpoint').getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.reload();

    const resume = page.getByTestId('transformer-resume-stored');
    await expect(resume).toBeVisible({ timeout: 30_000 });
    const from = Number(await resume.getAttribute('data-step'));
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThan(STEPS);
    await expect(resume).toHaveText(`Resume from step ${from}`);
    await expect(page.getByTestId('field-steps')).toHaveValue(String(STEPS)); // the controls came back too
    // Curves, readout and resume point agree exactly (the curves stored after the checkpoint are lost to a resume),
    // however far the page's curve writes ran ahead of the last checkpoint.
    await expect(page.getByTestId('transformer-step')).toHaveAttribute('data-value', String(from));
    await expect(transformerStatus(page)).toHaveAttribute('data-status', 'interrupted');
    const lossSteps = await (await drawnPlotOf(page, 'loss-chart')).evaluate((gd) => [...(gd as unknown as { data: { x: number[] }[] }).data[0].x]);
    expect(lossSteps.length).toBeGreaterThan(0);
    expect(Math.max(...lossSteps)).toBeLessThanOrEqual(from);
    const interrupted = (await readStore<StoredRun>(page, 'runs')).find((r) => r.id !== straight.id)!;
    expect(interrupted.status).toBe('interrupted');

    await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-backend', '', { timeout: 30_000 });
    await resume.click();
    await expect(transformerStatus(page)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    const stored = async () => (await readStore<StoredRun>(page, 'runs')).find((r) => r.id === interrupted.id)!;
    await expect.poll(async () => (await stored()).status).toBe('done');
    const resumed = await stored();
    // The same evaluations at the same steps, no gap and no duplicate, and the same numbers to float tolerance.
    expect(resumed.metrics.map((m) => m.step)).toEqual(straight.metrics.map((m) => m.step));
    resumed.metrics.forEach((m, i) => {
      const s = straight.metrics[i];
      for (const key of ['trainLoss', 'testLoss', 'trainAcc', 'testAcc'] as const) expect(m[key], `${key} at step ${m.step}`).toBeCloseTo(s[key], 5);
    });
  });

  test('a full disk: a clear message, training goes on, and the earlier checkpoint stays readable', async ({ page, backendQuery }) => {
    test.setTimeout(180_000);
    await openLab(page, backendQuery);
    await setUpTinyRun(page, 1);
    // Far more steps than the test needs: on an idle machine tiny runs ~70 steps/s, and the run must still be
    // training when the quota shrinks (the test stops it at the end).
    await page.getByTestId('field-steps').fill('100000');
    await page.getByTestId('start').click();
    await page.getByTestId('start-anyway').click(); // the page asks before a run estimated at more than a few minutes
    const checkpoint = page.getByTestId('transformer-checkpoint');
    await expect.poll(async () => Number(await checkpoint.getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThan(0);
    const safeStep = Number(await checkpoint.getAttribute('data-step'));

    // Shrink the origin's quota to what it uses now (Chromium's own quota machinery, so the worker's writes fail too).
    const cdp = await page.context().newCDPSession(page);
    const origin = new URL(page.url()).origin;
    const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: used });

    const warning = page.getByTestId('transformer-storage-warning');
    await expect(warning).toBeVisible({ timeout: 30_000 });
    const saved = Number(await checkpoint.getAttribute('data-step'));
    await expect(warning).toContainText(`Storage full — the last checkpoint at step ${saved} is safe`);
    expect(saved).toBeGreaterThanOrEqual(safeStep);
    const before = await readoutValue(page, 'transformer-step');
    await waitForReadout(page, 'transformer-step', (s) => s > before + 20, 60_000); // still training
    await expectReadoutsApart(page); // "1,234 / 100,000" beside the steps per second
    // The storage pill says how much is stored on one line, uncut.
    const [use] = await textBoxes(page, '[data-testid="storage-use"]');
    expect(use).toMatchObject({ lines: 1, cut: false });
    expect(use.text).toMatch(/ of /);

    const runs = await readStore<StoredRun>(page, 'runs');
    const checkpoints = await readStore<{ id: string; step: number; stateStep: number }>(page, 'checkpoints');
    expect(runs[0].checkpointId).toBe(`${runs[0].id}@${saved}`);
    expect(checkpoints.map((c) => [c.id, c.step, c.stateStep])).toEqual([[runs[0].checkpointId, saved, saved]]);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin }); // back to the real quota
    await page.getByTestId('stop').click();
    await expect(transformerStatus(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  });

  test('a run live in one tab is shown as training elsewhere in another, never as interrupted', async ({ page, backendQuery }) => {
    test.setTimeout(180_000);
    await openLab(page, backendQuery);
    await setUpTinyRun(page, 1);
    await page.getByTestId('field-steps').fill('5000');
    await page.getByTestId('start').click();
    await expect.poll(async () => Number(await page.getByTestId('transformer-checkpoint').getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThan(0);

    const other = await page.context().newPage();
    await openLab(other, backendQuery);
    await expect(other.getByTestId('transformer-elsewhere')).toBeVisible({ timeout: 30_000 });
    await expect(other.getByTestId('transformer-resume-stored')).toHaveCount(0);
    await expect(other.getByTestId('history-row').first()).toHaveAttribute('data-status', 'running');
    expect((await readStore<StoredRun>(other, 'runs'))[0].status).toBe('running');
    await other.close();

    await page.getByTestId('stop').click();
    await expect(transformerStatus(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect.poll(async () => (await readStore<StoredRun>(page, 'runs'))[0].status).toBe('stopped');
  });
});

test.describe('the run history', () => {
  test('rename, compare (spec diff and curves), open (restores the model) and delete', async ({ page, backendQuery }) => {
    test.setTimeout(300_000);
    await openLab(page, backendQuery);
    await setUpTinyRun(page, 15, 0);
    await page.getByTestId('field-steps').fill('100');
    await trainToTheEnd(page);
    await page.getByTestId('field-seed').fill('1');
    await trainToTheEnd(page);
    const rows = page.getByTestId('history-row');
    await expect(rows).toHaveCount(2);
    const olderId = (await rows.nth(1).getAttribute('data-run-id'))!;
    const newerId = (await rows.nth(0).getAttribute('data-run-id'))!;
    const olderRow = page.locator(`[data-testid="history-row"][data-run-id="${olderId}"]`);
    const newerRow = page.locator(`[data-testid="history-row"][data-run-id="${newerId}"]`);
    await expect(newerRow).toHaveClass(/history-shown/);

    // Rename survives a reload.
    await olderRow.getByTestId('history-rename').click();
    await olderRow.getByTestId('history-name-input').fill('baseline seed 0');
    await olderRow.getByTestId('history-rename-save').click();
    await expect(olderRow.getByTestId('history-name')).toHaveText('baseline seed 0');
    await expect(rows.nth(1)).toHaveAttribute('data-run-id', olderId); // renaming does not reorder
    await page.reload();
    await expect(olderRow.getByTestId('history-name')).toHaveText('baseline seed 0', { timeout: 30_000 });
    await expect(page.getByTestId('field-seed')).toHaveValue('1'); // the controls as they were

    // Compare: exactly the seed differs; both runs' train and test curves overlaid.
    await olderRow.getByTestId('history-compare').check();
    await newerRow.getByTestId('history-compare').check();
    const panel = page.getByTestId('compare-panel');
    await expect(panel).toBeVisible();
    await expect(panel.locator('[data-testid="spec-diff-row"][data-changed="true"]')).toHaveCount(1);
    await expect(panel.locator('[data-testid="spec-diff-row"][data-path="transformer.seed"]')).toHaveAttribute('data-changed', 'true');
    await expect((await plotOf(panel, 'compare-loss-chart')).locator('.scatterlayer .trace path.js-line')).toHaveCount(4, { timeout: 30_000 });
    await expect((await plotOf(panel, 'compare-accuracy-chart')).locator('.scatterlayer .trace path.js-line')).toHaveCount(4);

    // Open the older run: its spec in the controls, its model back in the engine (the SAE section may use it).
    await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-backend', '', { timeout: 30_000 });
    await olderRow.getByTestId('history-open').click();
    await expect(page.getByTestId('field-seed')).toHaveValue('0');
    await expect(page.getByTestId('transformer-status-detail')).toContainText('restored from its checkpoint at step 100', { timeout: 30_000 });
    await expect(olderRow).toHaveClass(/history-shown/);
    await expect(page.getByTestId('sae-start')).toBeEnabled();

    // Delete asks first; then the run and its checkpoint are gone.
    await newerRow.getByTestId('history-delete').click();
    await newerRow.getByTestId('history-delete-cancel').click();
    await expect(rows).toHaveCount(2);
    await newerRow.getByTestId('history-delete').click();
    await newerRow.getByTestId('history-delete-confirm').click();
    await expect(rows).toHaveCount(1);
    expect((await readStore<StoredRun>(page, 'runs')).map((r) => r.id)).toEqual([olderId]);
    expect(await readStore<string>(page, 'checkpoints', true)).toEqual([`${olderId}@100`]);
  });

  test('opening a finished SAE run again rebuilds its stability from its checkpoint: the same score as when it ended', async ({ page, backendQuery }) => {
    test.setTimeout(300_000);
    await openLab(page, backendQuery);
    await setUpTinyRun(page, 15, 0);
    await trainToTheEnd(page);
    const saeStatus = page.getByTestId('stability-status');
    const trainSaes = async (seeds: string) => {
      await page.getByTestId('field-sae-seeds').fill(seeds);
      await page.getByTestId('sae-start').click();
      await expect(saeStatus).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
      return readoutValue(page, 'stability-pwmcc-max-mean');
    };
    await page.getByTestId('sae-preset-tiny').click();
    await page.getByTestId('field-sae-epochs').fill('10');
    const first = await trainSaes('42, 123, 456');
    const second = await trainSaes('7, 8, 9');
    expect(second).not.toBeCloseTo(first, 6); // other seeds, another score: the reopened one must be the first's

    const firstRow = page.locator('[data-testid="history-row"][data-kind="saes"]').nth(1); // newest first
    await firstRow.getByTestId('history-open').click();
    await expect(page.getByTestId('field-sae-seeds')).toHaveValue('42, 123, 456');
    await expect(firstRow).toHaveClass(/history-shown/);
    await expect(saeStatus).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect.poll(() => readoutValue(page, 'stability-pwmcc-max-mean'), { timeout: 30_000 }).toBeCloseTo(first, 5);
    await expect(page.getByTestId('features-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  });
});
