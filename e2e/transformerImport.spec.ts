import type { Page } from '@playwright/test';
import { transformerPresets } from '../src/core/spec/transformer.ts';
import { tlConfig, tlFixture } from '../tests/helpers/transformerLens.ts';
import { expect, openSerialLab, plotOf, test } from './fixtures.ts';

/**
 * "Open transformer…": a TransformerLens-layout model made here (random weights, the tiny preset's architecture,
 * p = 23; TransformerLens config.json without the lab's training block, BF16 weights with the state dict's buffers)
 * becomes the notebook's current transformer: stored as a finished run, analysed by the Fourier section, read by
 * SAEs. A refused file first: a message, nothing stored, nothing opened. Page logic only: the wasm project runs it.
 */
const arch = transformerPresets.tiny;
const fixture = tlFixture(arch, 'BF16');
const file = (name: string, content: unknown) => ({
  name, mimeType: 'application/octet-stream',
  buffer: Buffer.from(content instanceof Uint8Array ? content : JSON.stringify(content)),
});

/** Run records, read with the raw IndexedDB API (independent of the page's own code). */
const storedRuns = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sae-stability-lab');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const runs = await new Promise<{ name: string; kind: string; status: string; checkpointId: string | null }[]>((res) => {
      const q = db.transaction('runs').objectStore('runs').getAll();
      q.onsuccess = () => res(q.result);
    });
    db.close();
    return runs;
  });

test.describe('a transformer trained elsewhere, opened from files', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;

  test.beforeAll(async ({ browser, backendQuery }, testInfo) => {
    page = await openSerialLab(browser, backendQuery, testInfo);
  });
  test.afterAll(async () => {
    await page?.close();
  });

  test('a refused file shows why and changes nothing', async () => {
    await expect(page.getByTestId('transformer-import-files-button')).toBeEnabled({ timeout: 30_000 }); // storage ready
    const layerNorm = tlConfig(arch, { normalization_type: 'LN' });
    await page.getByTestId('transformer-import-files').setInputFiles([file('config.json', layerNorm), file('model.safetensors', fixture.bytes)]);
    await expect(page.getByTestId('transformer-import-message')).toContainText('not opened: config.json: normalization_type is "LN"; the lab\'s transformer has no LayerNorm');
    await page.getByTestId('transformer-import-files').setInputFiles([file('config.json', fixture.config)]);
    await expect(page.getByTestId('transformer-import-message')).toContainText('not opened: no .safetensors file among the files');
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'idle');
    expect(await storedRuns(page)).toEqual([]);
  });

  test('opened with the keyboard, it becomes the current transformer: stored, Fourier spectrum, SAEs train on it', async () => {
    test.setTimeout(180_000);
    const button = page.getByTestId('transformer-import-files-button');
    await button.focus();
    await expect(button).toBeFocused();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles([file('config.json', fixture.config), file('tl_model.safetensors', fixture.bytes)]);
    await expect(page.getByTestId('transformer-import-message')).toContainText(
      'opened config.json + tl_model.safetensors as the current transformer (p = 23, 1 layer, d_model 32; no training block: the train/test split is unknown) · converted BF16 to float32',
    );
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await page.getByTestId('transformer-import').screenshot({ path: test.info().outputPath('transformer-import.png') }); // for a human look
    // Its accuracy, on all 23² pairs and labelled so: a model of random weights is near chance (1/23).
    await expect(page.getByTestId('transformer-status-detail')).toContainText(/^opened from files \(split unknown\): on all 529 pairs accuracy 0\.0\d{3}, loss /);
    const runs = await storedRuns(page);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'transformer', status: 'done', name: 'transformer imported (TransformerLens, split unknown) · p=23' });
    expect(runs[0].checkpointId).toMatch(/@0$/);

    // The Fourier section analyses it: the embedding's spectrum over the 11 frequencies of p = 23.
    await expect(page.getByTestId('fourier-spectrum')).toHaveAttribute('data-step', '0', { timeout: 60_000 });
    await expect((await plotOf(page, 'fourier-spectrum-chart')).locator('.barlayer .trace .point path')).toHaveCount(11, { timeout: 30_000 });

    await page.getByTestId('sae-preset-tiny').click();
    await page.getByTestId('field-sae-epochs').fill('4');
    await page.getByTestId('sae-start').click();
    await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect((await storedRuns(page)).map((r) => r.kind).sort()).toEqual(['saes', 'transformer']);
  });

  test('after a reload the notebook opens the imported transformer again', async () => {
    await page.reload();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('transformer-status-detail')).toContainText('opened from files (split unknown): on all 529 pairs');
    await expect(page.getByTestId('fourier-spectrum')).toHaveAttribute('data-step', '0', { timeout: 60_000 });
  });
});
