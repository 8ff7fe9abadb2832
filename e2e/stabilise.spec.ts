import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readExternalTable } from '../cli/reportInput.ts';
import { drawnPlotOf, expect, openLab, test } from './fixtures.ts';

/**
 * The Stabilise section on a briefly trained tiny transformer: two cheap methods (no reference SAEs) beside plain
 * training and the shared-init controls, two seeds, a few SAE epochs. The table shows each method, its controls and
 * the nulls; the downloaded stabilise.json holds the numbers the table shows; Stop ends a run without leaking
 * tensors. Wasm only: the worker runs the same core code on every backend (tests/core/stabilise).
 */

/** tf.memory().numTensors inside the engine worker, through the page's debug hook (src/main.tsx). */
const workerTensors = (page: Page) =>
  page.evaluate(async () => {
    const lab = (window as unknown as { __lab: { workerMemory(): Promise<{ numTensors: number }> } }).__lab;
    return (await lab.workerMemory()).numTensors;
  });

async function fill(page: Page, section: string, field: string, value: string): Promise<void> {
  const input = page.getByTestId(`field-${field}`);
  if (!(await input.isVisible())) await page.getByTestId(`section-${section}`).locator('details.advanced > summary').click();
  await input.fill(value);
}

interface RecordRow {
  label: string;
  role: string;
  pwmccMax: { mean: number; std: number };
  price: { fvu: { mean: number } };
}

test('a two-method comparison shows methods, controls and nulls, and downloads the numbers it shows', async ({ page, backendQuery }) => {
  test.setTimeout(600_000);
  await openLab(page, backendQuery);
  const section = page.getByTestId('section-stabilise');
  await expect(section.getByTestId('stabilise-start')).toBeDisabled();
  await expect(section.getByTestId('stabilise-blocked')).toContainText('train the transformer first');

  await page.getByTestId('preset-tiny').click();
  await fill(page, 'transformer', 'steps', '60');
  await page.getByTestId('sae-preset-tiny').click();
  await fill(page, 'saes', 'sae-epochs', '4');
  await fill(page, 'saes', 'sae-seeds', '42, 123');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  await section.scrollIntoViewIfNeeded();
  await section.getByTestId('stabilise-pick-consistency').uncheck();
  await section.getByTestId('stabilise-pick-tiedInit').check();
  await section.getByTestId('stabilise-pick-dataInit').check();
  await section.getByTestId('stabilise-tiedInit-alpha').fill('0.2');
  const tensorsBefore = await workerTensors(page);

  await section.getByTestId('stabilise-start').click();
  await expect(section.getByTestId('stabilise-progress')).toContainText('of 6', { timeout: 60_000 }); // six arms planned
  await expect(page.getByTestId('stabilise-status')).toHaveAttribute('data-status', 'done', { timeout: 480_000 });
  await expect(page.getByTestId('stabilise-status-detail')).toHaveCount(0); // finished, not stopped or failed
  expect(await workerTensors(page)).toBe(tensorsBefore);

  const rows = section.getByTestId('stabilise-row');
  const labels = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-label')));
  expect(labels).toEqual(['plain', 'plain · shared init', 'tiedInit', 'tiedInit · shared init', 'dataInit', 'dataInit · shared init']);
  await expect(section.locator('[data-testid="stabilise-row"][data-role="method"]')).toHaveCount(2);
  await expect(section.locator('[data-testid="stabilise-row"][data-role="control"]')).toHaveCount(3);
  await expect(section.getByTestId('stabilise-null').first()).toBeVisible();
  await expect(section.locator('[data-testid="stabilise-null"][data-strongest="true"]')).toHaveCount(1);
  const answer = (await section.getByTestId('stabilise-answer').textContent()) ?? '';
  expect(answer).toMatch(/strongest null/); // names the credited methods, or says that none beats the controls
  const chart = await drawnPlotOf(section, 'stabilise-chart');
  expect(await chart.evaluate((gd) => ((gd as unknown as { data?: unknown[] }).data ?? []).length)).toBe(3); // baseline, methods, controls

  const download = page.waitForEvent('download');
  await section.getByTestId('stabilise-download').click();
  const file = (await (await download).path())!;
  const record = JSON.parse(readFileSync(file, 'utf8')) as {
    rows: RecordRow[]; answer: string; spec: { saes: { seeds: number[] }; stabilise: { methods: { method: string; alpha: number }[] } };
  };
  expect(record.answer).toBe(answer);
  expect(record.spec.saes.seeds).toEqual([42, 123]);
  expect(record.spec.stabilise.methods.map((m) => m.method)).toEqual(['tiedInit', 'dataInit']);
  expect(record.spec.stabilise.methods[0].alpha).toBe(0.2);
  expect(record.rows.map((r) => r.label)).toEqual(labels);
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));
  record.rows.forEach((r, i) => {
    expect(cells[i][3]).toBe(`${r.pwmccMax.mean.toFixed(3)} ± ${r.pwmccMax.std.toFixed(3)}`); // PWMCC max
    expect(cells[i][9]).toBe(r.price.fvu.mean.toFixed(3)); // FVU
  });

  // `npm run report -- DIR --stabilisers FILE` reads the page's file as it reads the CLI's: the same cells.
  const table = readExternalTable(file, '--stabilisers');
  expect(table.rows).toEqual(cells);
  expect(table.answer).toContain(answer);

  // The page's Report answers question 5 with the same table.
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('report-open').click()]);
  await expect(tab.locator('section#q5-stabilisers')).toHaveAttribute('data-status', 'answered');
  await expect(tab.locator('section#q5-stabilisers tbody tr')).toHaveCount(cells.length);
  await expect(tab.locator('section#q5-stabilisers tbody tr').first().locator('td').first()).toHaveText(cells[0][0]);
  await tab.close();

  // Stop ends a second run between two steps (a new run: the first was complete), no tensors left behind. It
  // stops in its second arm, so its plain arm is kept for the comparison of the two runs below.
  await section.getByTestId('stabilise-start').click();
  await expect(section.getByTestId('stabilise-progress')).toContainText('arm 2 of 6', { timeout: 120_000 });
  await section.getByTestId('stabilise-stop').click();
  await expect(page.getByTestId('stabilise-status-detail')).toContainText('stopped at step', { timeout: 30_000 });
  await expect(page.getByTestId('stabilise-status')).toHaveAttribute('data-status', 'done');
  expect(await workerTensors(page)).toBe(tensorsBefore);

  // Run history compares the two runs arm by arm: the kept plain arm, trained the same way, gives the same numbers.
  const history = page.getByTestId('section-history').locator('[data-testid="history-row"][data-kind="stabilise"]');
  await expect(history).toHaveCount(2);
  await history.nth(1).getByTestId('history-compare').check(); // older (the complete run) is A
  await history.nth(0).getByTestId('history-compare').check();
  const arms = page.getByTestId('compare-arms').getByTestId('compare-arm');
  expect(await arms.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-label')))).toEqual(labels);
  const plainCells = await arms.first().evaluate((tr) => Array.from(tr.children, (c) => c.textContent ?? ''));
  expect(plainCells[1]).toBe(record.rows[0].pwmccMax.mean.toFixed(3)); // A: the complete run's table
  expect(plainCells[5]).toBe(plainCells[1]); // B: the stopped run's plain arm
  expect(plainCells[9]).toMatch(/^[+−]0\.000$/);
  await expect(arms.nth(2).getByTestId('compare-arm-delta')).toHaveText('—'); // tiedInit: only A trained it
});

test('Stop keeps the finished arms and the arm in training: their rows show, survive a reload, and Start continues mid-arm', async ({ page, backendQuery }) => {
  test.setTimeout(600_000);
  await openLab(page, backendQuery);
  const section = page.getByTestId('section-stabilise');
  // Saves every second, and arms long enough to be saved mid-way.
  await page.getByTestId('checkpoint-every').fill('1');
  await page.getByTestId('checkpoint-every').press('Enter');
  await page.getByTestId('preset-tiny').click();
  await fill(page, 'transformer', 'steps', '60');
  await page.getByTestId('sae-preset-tiny').click();
  await fill(page, 'saes', 'sae-epochs', '30');
  await fill(page, 'saes', 'sae-seeds', '42, 123');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  await section.scrollIntoViewIfNeeded();
  await section.getByTestId('stabilise-pick-consistency').uncheck();
  await section.getByTestId('stabilise-pick-tiedInit').check();
  await section.getByTestId('stabilise-start').click();
  // The first arm (plain) has finished once a later one is saved mid-way: Stop then.
  const saved = section.getByTestId('stabilise-saved');
  await expect(saved).toHaveAttribute('data-label', /^(?!plain$)/, { timeout: 300_000 });
  await section.getByTestId('stabilise-stop').click();
  await expect(page.getByTestId('stabilise-status-detail')).toContainText('Start continues with the missing ones', { timeout: 120_000 });
  await expect(page.getByTestId('stabilise-status')).toHaveAttribute('data-status', 'done');
  const rows = section.getByTestId('stabilise-row');
  const labels = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-label')));
  const kept = await labels();
  expect(kept[0]).toBe('plain');
  expect(kept.length).toBeLessThan(4);
  // The last save belongs to the arm that was stopped, not to one kept whole.
  const savedLabel = await saved.getAttribute('data-label');
  const savedAt = Number(await saved.getAttribute('data-step'));
  expect(kept).not.toContain(savedLabel);
  expect(savedAt).toBeGreaterThan(0);
  await expect(section.getByTestId('stabilise-null').first()).toBeVisible(); // the kept rows stand beside the nulls
  await expect(section.getByTestId('stabilise-stopped')).toContainText('tiedInit · shared init');
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));

  await page.reload();
  await expect(section.getByTestId('stabilise-table')).toBeVisible({ timeout: 60_000 });
  expect(await labels()).toEqual(kept);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')))).toEqual(cells);
  await expect(section.getByTestId('stabilise-stopped')).toBeVisible();
  // Start continues once the transformer it read is back in the engine at the same step.
  await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(section.getByTestId('stabilise-kept')).toHaveAttribute('data-continues', 'true', { timeout: 60_000 });
  await expect(section.getByTestId('stabilise-start')).toBeEnabled({ timeout: 60_000 });
  await section.getByTestId('stabilise-start').click();
  // The kept arm is not trained again, and the stopped one continues from its last save, not from its start.
  const resumed = section.getByTestId('stabilise-resumed');
  await expect(resumed).toHaveAttribute('data-label', savedLabel!, { timeout: 60_000 });
  await expect(resumed).toHaveAttribute('data-step', String(savedAt));
  await expect(resumed).toContainText(`Continued ${savedLabel} from step`);
  await expect(page.getByTestId('stabilise-status')).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  expect(await labels()).toEqual(['plain', 'plain · shared init', 'tiedInit', 'tiedInit · shared init']);
  expect((await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')))).slice(0, kept.length)
    .map((r) => r.slice(9))).toEqual(cells.map((r) => r.slice(9))); // the kept arms' price is theirs, unchanged
  await expect(section.getByTestId('stabilise-stopped')).toHaveCount(0);
  await expect(section.getByTestId('stabilise-kept')).toHaveCount(0);
  await expect(section.getByTestId('stabilise-saved')).toHaveCount(0); // complete: nothing left to continue
});
