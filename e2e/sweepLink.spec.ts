import { readFileSync } from 'node:fs';
import type { SweepRow } from '../src/core/sweep/results.ts';
import { validateSweep } from '../src/core/sweep/spec.ts';
import { makeSweepFragment, readSweepLink } from '../src/share/sweepLink.ts';
import { drawnPlotOf, expect, openLab, test } from './fixtures.ts';

/**
 * The Sweep section without training (page logic, the same on every backend: @any-backend runs it in the wasm
 * project only): a results.json draws the metric-against-an-axis chart with its bands and nulls, and a sweep link
 * opens the section filled in, not started; a mangled one says why.
 */

const none = { mean: null, std: null, null: null, nullMean: null, excess: null };
const row = (k: number, expansion: number, pwmcc: number): SweepRow => ({
  id: `expansion-${expansion}_k-${k}`, setting: { 'saes.k': k, 'saes.expansion': expansion }, seeds: 2,
  fvu: { mean: 0.1 * k, std: 0.01 }, l0: { mean: k, std: 0 }, deadFraction: { mean: 0, std: 0 },
  pwmccMax: { mean: pwmcc, std: 0.02, null: 'rotation', nullMean: 0.3, excess: pwmcc - 0.3 },
  pwmccOneToOne: none, sharedFraction: none, verdict: 'beats', fourierShare: { mean: 0.2, std: 0.05 },
  stableFourier: null, stableFourierShare: null, wallSeconds: 1,
});

test('a results.json draws a metric against one axis: a line per value of the other axis, bands, the strongest null dashed @any-backend', async ({ page, backendQuery }) => {
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('sae-preset-tiny').click();
  const section = page.locator('#section-sweep');
  const rows = [row(4, 2, 0.5), row(8, 2, 0.6), row(4, 4, 0.55), row(8, 4, 0.7)];
  await section.getByTestId('sweep-open-results').setInputFiles({ name: 'results.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'hand-made', rows })) });
  const chart = section.getByTestId('sweep-axis-chart');
  await expect(chart).toHaveAttribute('data-lines', '2');
  const traces = async () => (await drawnPlotOf(section, 'sweep-chart')).evaluate((el) => (el as unknown as { data: { name?: string; line?: { dash?: string } }[] }).data);
  // Per line: the band's two edges, the mean, and the strongest null dashed.
  let drawn = await traces();
  expect(drawn).toHaveLength(8);
  expect(drawn.filter((t) => t.line?.dash === 'dash').map((t) => t.name)).toEqual(['saes.expansion=2: strongest null', 'saes.expansion=4: strongest null']);
  await section.getByTestId('sweep-chart-metric').selectOption('fvu');
  await section.getByTestId('sweep-chart-axis').selectOption('saes.expansion');
  await expect.poll(async () => (await traces()).filter((t) => t.name).map((t) => t.name)).toEqual(['saes.k=4', 'saes.k=8']);
  drawn = await traces();
  expect(drawn).toHaveLength(6); // no null for FVU
});

test('a sweep link opens the Sweep section filled in and not started; a mangled one says why @any-backend', async ({ page, backendQuery }) => {
  const sweep = validateSweep(JSON.parse(readFileSync('examples/tiny-sweep.json', 'utf8')));
  const fragment = await makeSweepFragment(sweep);
  await page.goto(`/${backendQuery}#${fragment}`);
  const section = page.locator('#section-sweep');
  await expect(section.getByTestId('sweep-link-opened')).toContainText('“tiny”');
  await expect(section.getByTestId('sweep-axis-values')).toHaveCount(2);
  await expect(section.getByTestId('sweep-axis-values').first()).toHaveValue('4, 8');
  await expect(section.getByTestId('sweep-axis-values').nth(1)).toHaveValue('2, 4');
  await expect(section.getByTestId('sweep-seeds')).toHaveValue('42, 123');
  await expect(section.getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '4');
  await expect(section.getByTestId('sweep-start')).toBeEnabled();
  await expect(section.getByTestId('sweep-current')).toHaveCount(0);
  // Share sweep link gives the same sweep back (the bytes may differ: the page's zlib is not Node's).
  await section.getByTestId('sweep-share').click();
  await expect(section.getByTestId('sweep-link')).toHaveValue(/#sweep=1\./);
  const shared = new URL(await section.getByTestId('sweep-link').inputValue());
  expect(await readSweepLink(shared.hash)).toEqual({ ok: true, sweep });

  await page.goto('about:blank'); // a new page load (a fragment change alone opens nothing); 8 characters cut keeps a length base64url allows
  await page.goto(`/${backendQuery}#${fragment.slice(0, -8)}`);
  await expect(page.locator('#section-sweep').getByTestId('sweep-link-error')).toContainText('This sweep link could not be opened: its data is corrupt or cut short');
});

test('the header\'s Share panel links the Sweep section\'s sweep too @any-backend', async ({ page, backendQuery }) => {
  const sweep = validateSweep(JSON.parse(readFileSync('examples/tiny-sweep.json', 'utf8')));
  await page.goto(`/${backendQuery}#${await makeSweepFragment(sweep)}`);
  await expect(page.locator('#section-sweep').getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '4');
  await page.getByTestId('share-open').click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-sweep')).toContainText('“tiny-sweep”');
  await dialog.getByTestId('share-sweep-share').click();
  const shared = new URL(await dialog.getByTestId('share-sweep-link').inputValue());
  expect(await readSweepLink(shared.hash)).toEqual({ ok: true, sweep });
  // An invalid sweep (no axis values) has no link to share.
  await dialog.getByTestId('share-close').click();
  await page.locator('#section-sweep').getByTestId('sweep-axis-values').first().fill('');
  await page.getByTestId('share-open').click();
  await expect(page.getByTestId('share-sweep-share')).toBeDisabled();
});
