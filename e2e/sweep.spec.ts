import { readFileSync } from 'node:fs';
import { expect, openTinySweepSection, test } from './fixtures.ts';

/**
 * A stabiliser axis (issue 14): each cell runs its method's comparison with plain training in the sweep worker, and
 * the results table adds the gain over plain, over the shared-init control and the FVU price.
 */
test('a stabilise.method axis runs one comparison per cell and shows the gain columns', async ({ page, backendQuery }) => {
  test.setTimeout(900_000);
  // A few SAE epochs and two methods without reference SAEs: four trainings a cell, not six.
  const section = await openTinySweepSection(page, backendQuery, 4);
  await section.getByLabel('axis 1 field').selectOption('stabilise.method');
  await section.getByTestId('sweep-axis-values').first().fill('tiedInit, dataInit');
  await section.getByTestId('sweep-seeds').fill('42, 123');
  await expect(section.getByTestId('sweep-estimate')).toHaveAttribute('data-cells', '2');

  await section.getByTestId('sweep-start').click();
  await expect(section.getByTestId('sweep-row')).toHaveCount(2, { timeout: 840_000 });
  await expect(section.getByTestId('sweep-error')).toHaveCount(0);
  await expect(section.getByTestId('sweep-sort-gainOverPlain')).toBeVisible();
  await expect(section.getByTestId('sweep-gain')).toHaveCount(2);
  for (const gain of await section.getByTestId('sweep-gain').all()) await expect(gain).toHaveText(/^[+−]\d\.\d{3}/);
  // The chart draws the gain against the method axis, with 0 (no change from plain training) as its reference.
  await section.getByTestId('sweep-chart-metric').selectOption('gainOverPlain');
  await expect(section.getByTestId('sweep-axis-chart')).toHaveAttribute('data-lines', '1');
  await expect(section.getByTestId('sweep-axis-chart')).toContainText('no change from the control');

  const download = page.waitForEvent('download');
  await section.getByTestId('sweep-export-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toContain('gain_over_plain');
  expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['s.method-tiedInit', 's.method-dataInit']);
});
