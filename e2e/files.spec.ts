import { readFile } from 'node:fs/promises';
import type { Download, Page, TestInfo } from '@playwright/test';
import { decodeTransformer } from '../src/core/io/transformerFiles.ts';
import { presetSpec } from '../src/core/spec/experiment.ts';
import { drawnPlotOf, expect, openLab, openSerialLab, plotOf, readoutValue, test } from './fixtures.ts';

/**
 * Notes, the notebook file, downloads and SAE import, through the UI in real Chromium (wasm project: nothing here
 * depends on the backend). Files the page downloads are read back in Node and fed to the page's file inputs.
 */

const bytesOf = async (d: Download) => readFile((await d.path())!);

/** Runs `click` and collects the next `count` downloads (the model and SAE downloads are spaced in time). */
async function downloads(page: Page, count: number, click: () => Promise<void>): Promise<Download[]> {
  const got: Download[] = [];
  const done = new Promise<void>((resolve) => {
    const on = (d: Download) => {
      got.push(d);
      if (got.length === count) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await click();
  await done;
  return got;
}

/** Every record of a store, read with the raw IndexedDB API (independent of the page's own code). */
const rawStore = (page: Page, store: string) =>
  page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sae-stability-lab');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = await new Promise<unknown[]>((res) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => res(r.result);
    });
    db.close();
    return JSON.parse(JSON.stringify(all, (_k, v) => (v instanceof Float32Array ? Array.from(new Uint32Array(v.buffer)) : v)));
  }, store);

async function writeRaw(page: Page, action: 'clear' | 'seed', spec?: unknown): Promise<void> {
  await page.evaluate(async ({ action, spec }) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sae-stability-lab');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction(['experiments', 'runs', 'checkpoints', 'notes'], 'readwrite');
    if (action === 'clear') for (const s of ['experiments', 'runs', 'checkpoints', 'notes']) tx.objectStore(s).clear();
    else {
      const data = new Float32Array([0.5, -0, NaN, 1e-30]);
      tx.objectStore('runs').put({
        id: 'run-a', experimentId: 'notebook', kind: 'transformer', name: 'grokked p23', spec, status: 'done', createdAt: 1, updatedAt: 2,
        backend: 'wasm', step: 60, metrics: [{ step: 60, trainLoss: 0.01, testLoss: 0.02, trainAcc: 1, testAcc: 1, lr: 0.003 }], summary: null,
        checkpointId: 'run-a@60',
      });
      tx.objectStore('checkpoints').put({
        id: 'run-a@60', runId: 'run-a', step: 60, savedAt: 2,
        state: { kind: 'transformer', step: 60, tensors: { 'embed.W_E': { shape: [2, 2], data } }, optimizers: [], rngs: [], counters: {} },
      });
    }
    await new Promise((r) => (tx.oncomplete = r));
    db.close();
  }, { action, spec });
}

const HOSTILE_NOTE = '# Findings\n\nPWMCC is **above chance**.\n\n<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">\n\n[run it](javascript:window.__pwned=3) and [docs](https://example.org/)';

test.describe('notes and the notebook file', () => {
  test('a note is written, rendered safely, and is still there after a reload', async ({ page, backendQuery }) => {
    await openLab(page, backendQuery);
    await writeRaw(page, 'clear');
    await page.reload();
    await page.getByTestId('note-add').click();
    await page.getByTestId('note-input').fill(HOSTILE_NOTE);
    await page.getByTestId('note-save').click();
    const view = page.getByTestId('note-view');
    await expect(view.locator('h3')).toHaveText('Findings');
    await expect(view.locator('strong')).toHaveText('above chance');
    await expect(view).toContainText('<script>window.__pwned = 1</script>');
    await expect(view).toContainText('[run it](javascript:window.__pwned=3)');
    await expect(view.locator('img, script')).toHaveCount(0);
    await expect(view.locator('a')).toHaveCount(1);
    await expect(view.locator('a')).toHaveAttribute('href', 'https://example.org/');
    await expect(view.locator('a')).toHaveAttribute('rel', 'noopener noreferrer');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    await page.getByTestId('section-notes').screenshot({ path: test.info().outputPath('notes.png') }); // for a human look
    await page.reload();
    await expect(page.getByTestId('note-view').locator('h3')).toHaveText('Findings');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('a run started while a note is open joins the note\'s run list without a reload', async ({ page, backendQuery }) => {
    await openLab(page, backendQuery);
    await writeRaw(page, 'clear');
    await page.reload();
    await page.getByTestId('note-add').click();
    const transformerRuns = page.getByTestId('note-run').locator('option', { hasText: 'transformer run:' });
    await expect(transformerRuns).toHaveCount(0);
    await page.getByTestId('preset-tiny').click();
    await page.getByTestId('start').click();
    await expect(transformerRuns).toHaveCount(1, { timeout: 30_000 });
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  });

  test('the notebook file carries spec, runs, checkpoints and notes to an emptied store; a corrupt file changes nothing', async ({ page, backendQuery }) => {
    await openLab(page, backendQuery);
    await writeRaw(page, 'clear');
    await writeRaw(page, 'seed', presetSpec('tiny'));
    await page.reload();
    await page.getByTestId('preset-tiny').click(); // the controls' spec goes into the file
    await page.getByTestId('note-add').click();
    await page.getByTestId('note-input').fill('Seed **42** grokked first.');
    await page.getByTestId('note-run').selectOption({ label: 'transformer run: grokked p23' });
    await page.getByTestId('note-save').click();
    await expect(page.getByTestId('note-attached')).toHaveText('grokked p23');
    const before = { runs: await rawStore(page, 'runs'), checkpoints: await rawStore(page, 'checkpoints'), notes: await rawStore(page, 'notes') };

    const [file] = await downloads(page, 1, () => page.getByTestId('notebook-save').click());
    expect(file.suggestedFilename()).toMatch(/^notebook-\d{4}-\d\d-\d\d\.saelab$/);
    const bytes = await bytesOf(file);

    await writeRaw(page, 'clear');
    await openLab(page, backendQuery); // without the address bar's link, which would rebuild (and rerun) the notebook
    await expect(page.getByTestId('note')).toHaveCount(0);
    await expect(page.getByTestId('field-p')).toHaveValue('113'); // the default preset again

    await page.getByTestId('notebook-open').setInputFiles({ name: 'broken.saelab', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, bytes.length - 5) });
    await expect(page.getByTestId('notebook-file-message')).toContainText('not imported');
    expect(await rawStore(page, 'runs')).toEqual([]);
    expect(await rawStore(page, 'notes')).toEqual([]);

    await page.getByTestId('notebook-open').setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/octet-stream', buffer: bytes });
    await expect(page.getByTestId('notebook-file-message')).toHaveText('imported 1 runs, 1 checkpoints, 1 notes');
    await expect(page.getByTestId('note-view')).toContainText('Seed 42 grokked first.');
    await expect(page.getByTestId('note-attached')).toHaveText('grokked p23');
    await expect(page.getByTestId('field-p')).toHaveValue('23');
    // The imported run opens in its section at once, not only in Run history: its curves are on screen.
    await expect(page.getByTestId('transformer-test-acc')).toHaveAttribute('data-value', '1');
    await expect(page.getByTestId('transformer-step')).toHaveAttribute('data-value', '60');
    expect({ runs: await rawStore(page, 'runs'), checkpoints: await rawStore(page, 'checkpoints'), notes: await rawStore(page, 'notes') }).toEqual(before);
  });
});

test.describe('downloads and SAEs imported from files', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;

  test.beforeAll(async ({ browser, backendQuery }, testInfo: TestInfo) => {
    page = await openSerialLab(browser, backendQuery, testInfo);
  });
  test.afterAll(async () => {
    await page.close();
  });

  test('the trained transformer downloads as the CLI writes it, and its numbers as CSV and JSON', async () => {
    test.setTimeout(150_000);
    await page.getByTestId('preset-tiny').click();
    await page.getByTestId('field-steps').fill('60');
    await expect(page.getByTestId('model-download')).toBeDisabled();
    await page.getByTestId('start').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

    const files = await downloads(page, 2, () => page.getByTestId('model-download').click());
    const byName = Object.fromEntries(await Promise.all(files.map(async (f) => [f.suggestedFilename(), await bytesOf(f)] as const)));
    expect(Object.keys(byName).sort()).toEqual(['transformer__config.json', 'transformer__model.safetensors']);
    const config = JSON.parse(byName['transformer__config.json'].toString('utf8'));
    expect(config).toMatchObject({ n_layers: 1, d_model: 32, n_heads: 4, d_vocab: 24, d_vocab_out: 23, p: 23, act_fn: 'relu' });
    const { spec } = decodeTransformer(config, new Uint8Array(byName['transformer__model.safetensors']));
    expect(spec).toEqual({ ...presetSpec('tiny').transformer, steps: 60 });

    const [csv] = await downloads(page, 1, () => page.getByTestId('transformer-metrics-csv').click());
    const lines = (await bytesOf(csv)).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('step,trainLoss,testLoss,trainAcc,testAcc,lr');
    expect(lines.length - 1).toBe(7); // evaluations at steps 0, 10, …, 60
    const [json] = await downloads(page, 1, () => page.getByTestId('transformer-metrics-json').click());
    expect(JSON.parse((await bytesOf(json)).toString('utf8'))).toMatchObject({ kind: 'sae-stability-lab/transformer-metrics', transformer: { p: 23, steps: 60 } });
  });

  test('the page\'s own SAELens download, imported back, is analysed by the stability and features sections', async () => {
    test.setTimeout(180_000);
    await page.getByTestId('sae-preset-tiny').click();
    await page.getByTestId('field-sae-epochs').fill('10');
    await page.getByTestId('sae-start').click();
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    const trained = await readoutValue(page, 'stability-pwmcc-max-mean');

    const links = page.getByTestId('sae-export').locator('a[download]');
    await expect(links).toHaveCount(6);
    const files: { name: string; mimeType: string; buffer: Buffer }[] = [];
    for (let i = 0; i < 6; i++) {
      const [d] = await downloads(page, 1, () => links.nth(i).click());
      files.push({ name: d.suggestedFilename(), mimeType: 'application/octet-stream', buffer: await bytesOf(d) });
    }
    await page.getByTestId('sae-reset').click();
    await expect(page.getByTestId('stability-empty')).toBeVisible();

    // A wrong file first: refused on the page with a message, nothing sent to the worker.
    await page.getByTestId('sae-import-files').setInputFiles([files[0], { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') }]);
    await expect(page.getByTestId('sae-import-message')).toContainText('"notes.txt" is not an SAE file');
    await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'idle');

    await page.getByTestId('sae-import-files').setInputFiles(files);
    await expect(page.getByTestId('sae-import-message')).toContainText('imported 3 SAEs (saelens; seeds 42, 123, 456)');
    await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect(await readoutValue(page, 'stability-pwmcc-max-mean')).toBeCloseTo(trained, 4); // the same SAEs, the same score
    await expect(await plotOf(page, 'stability-pwmcc-max-heatmap')).toBeVisible();
    await expect(page.getByTestId('features-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('features-share-table').locator('tbody tr')).toHaveCount(3);
    // Imported SAEs are evaluated once: each seed's curve is one point, drawn as a marker (a bare line would not show).
    await expect((await drawnPlotOf(page, 'sae-fvu-chart')).locator('.scatterlayer .trace .points path')).toHaveCount(3);
    await page.getByTestId('section-saes').screenshot({ path: test.info().outputPath('saes-imported.png') }); // for a human look
    for (const id of ['sae-metrics', 'stability-metrics', 'features-metrics']) await expect(page.getByTestId(`${id}-csv`)).toBeEnabled();
  });
});

test.describe('a whole tiny notebook', () => {
  test('Run all sends nothing outside the page, no chart offers to, and the saved notebook opens in a fresh browser with the same runs', async ({ page, browser, backendQuery }, testInfo) => {
    test.setTimeout(600_000); // a minute on an idle machine; many on a loaded one
    // Every request of the page and its workers, through the context's router: one outside the page's origin is
    // recorded and refused (data: and blob: URLs are not network requests).
    const origin = new URL(testInfo.project.use.baseURL!).origin;
    const outside: string[] = [];
    await page.context().route((url) => /^(https?|wss?):$/.test(url.protocol) && url.origin !== origin, (route) => {
      outside.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== origin && !outside.includes(r.url())) outside.push(r.url());
    });

    await openLab(page, backendQuery);
    // The footer links to the definitions of every number, served beside the app (same origin, works offline).
    const docHref = await page.getByTestId('metrics-doc-link').getAttribute('href');
    const doc = await page.request.get(new URL(docHref!, page.url()).href);
    expect(doc.ok()).toBe(true);
    expect(await doc.text()).toContain('| train / test loss |');

    await writeRaw(page, 'clear');
    await page.reload();
    await page.getByTestId('preset-tiny').click();
    await page.getByTestId('sae-preset-tiny').click();
    await page.getByTestId('field-steps').fill('100'); // shortened: every section still runs
    await page.getByTestId('field-sae-epochs').fill('4');
    await page.getByTestId('run-all').click();
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 420_000 });
    await expect(page.getByTestId('features-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await page.getByTestId('note-add').click();
    await page.getByTestId('note-input').fill('Three seeds, **tiny** preset.');
    await page.getByTestId('note-save').click();

    // Plotly's mode bar: the page's own downloads, nothing that uploads ("Share chart…" sends to Plotly's cloud).
    const lossPlot = await drawnPlotOf(page, 'loss-chart');
    await lossPlot.hover();
    const titles = await lossPlot.locator('.modebar-btn').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-title') ?? ''));
    expect(titles).toContain('Download plot as PNG');
    for (const t of titles) expect(t).not.toMatch(/share|cloud|studio|send|upload/i);
    await expect(page.locator('.modebar-btn[data-title*="Share"]')).toHaveCount(0);
    // The mode bar, shown on hover, leaves the legend readable.
    await expect(lossPlot.locator('.modebar')).toBeVisible();
    const [bar, legend] = [await lossPlot.locator('.modebar').boundingBox(), await lossPlot.locator('.legend').boundingBox()];
    expect(bar && legend).toBeTruthy();
    const apart = bar!.x + bar!.width <= legend!.x || legend!.x + legend!.width <= bar!.x || bar!.y + bar!.height <= legend!.y || legend!.y + legend!.height <= bar!.y;
    expect(apart, `mode bar ${JSON.stringify(bar)} covers legend ${JSON.stringify(legend)}`).toBe(true);

    await expect.poll(async () => (await rawStore(page, 'runs')).map((r: { status: string }) => r.status).sort(), { timeout: 30_000 }).toEqual(['done', 'done']);
    const before = { runs: await rawStore(page, 'runs'), checkpoints: await rawStore(page, 'checkpoints'), notes: await rawStore(page, 'notes') };
    // The SAE run's checkpoint holds its seeds' data-order generators (the words the importer once refused).
    expect(before.checkpoints.map((k: { state: { kind: string; rngs: number[][] } }) => [k.state.kind, k.state.rngs.length])).toContainEqual(['saes', 3]);
    const [file] = await downloads(page, 1, () => page.getByTestId('notebook-save').click());
    const bytes = await bytesOf(file);
    expect(outside).toEqual([]);

    const fresh = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: testInfo.project.use.viewport });
    try {
      const other = await fresh.newPage();
      await openLab(other, backendQuery);
      await other.getByTestId('notebook-open').setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/octet-stream', buffer: bytes });
      await expect(other.getByTestId('notebook-file-message')).toHaveText('imported 2 runs, 2 checkpoints, 1 notes');
      expect({ runs: await rawStore(other, 'runs'), checkpoints: await rawStore(other, 'checkpoints'), notes: await rawStore(other, 'notes') }).toEqual(before);
      await expect(other.getByTestId('note-view')).toContainText('Three seeds, tiny preset.');
    } finally {
      await fresh.close();
    }
  });
});
