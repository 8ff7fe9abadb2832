import { readFileSync } from 'node:fs';
import { expect, startTinySweep, test } from './fixtures.ts';

/**
 * The Sweep section runs a 4-cell sweep (k × expansion, two seeds) on a briefly trained tiny transformer in its own
 * worker: the results table and the grid fill, and the CSV export holds one line per configuration. Wasm only: the
 * sweep worker runs the same core code on every backend.
 */
test('a 4-cell tiny sweep fills the results table and grid and exports CSV', async ({ page, backendQuery }) => {
  test.setTimeout(900_000);
  const section = await startTinySweep(page, backendQuery);
  await expect(section.getByTestId('sweep-row')).toHaveCount(4, { timeout: 840_000 });
  await expect(section.getByTestId('sweep-grid-cell')).toHaveCount(4);
  await expect(section.getByTestId('sweep-error')).toHaveCount(0);

  const download = page.waitForEvent('download');
  await section.getByTestId('sweep-export-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8').trim().split('\n');
  expect(csv).toHaveLength(5); // header + one line per configuration
  expect(csv[0]).toContain('pwmcc_max_excess');
  for (const line of csv.slice(1)) expect(line.split(',').length).toBe(csv[0].split(',').length);
});
