import type { Locator, Page, TestInfo } from '@playwright/test';
import { drawnPlotOf, expect, plotOf, readoutValue, test, waitForReadout, openSerialLab } from './fixtures.ts';

/**
 * SAEs and their stability trained through the UI, on a briefly trained tiny transformer (SAEs need no grokked
 * model to be trained and compared). Per project, the transformer steps and the SAE epochs are kept small enough
 * for WebGPU on SwiftShader (a CPU implementation of WebGPU, slow); wasm trains the tiny SAE preset as it is.
 */
/** Transformer fields typed over the tiny preset: a few steps, evaluated only at the end on WebGPU. */
const TRANSFORMER_OVERRIDES: Record<string, Record<string, string>> = {
  wasm: { steps: '60' },
  webgpu: { steps: '10', evalEvery: '10' },
};
const SAE_OVERRIDES: Record<string, Record<string, string>> = {
  wasm: {},
  webgpu: { 'sae-epochs': '6', 'sae-evalEvery': '10' },
};
const SAE_TIMEOUT: Record<string, number> = { wasm: 90_000, webgpu: 150_000 };
const TINY_K = 8;
const TINY_SEEDS = [42, 123, 456];

/** Points drawn by the first trace of a Plotly chart (read from the plot's own data; pass plotOf's locator). */
const tracePoints = (plot: Locator) =>
  plot.evaluate((gd) => {
    const data = (gd as unknown as { data?: { x: unknown[] }[] }).data ?? [];
    return data.length > 0 ? data[0].x.length : 0;
  });

/** tf.memory().numTensors inside the engine worker, through the page's debug hook (src/main.tsx). */
const workerTensors = (page: Page) =>
  page.evaluate(async () => {
    const lab = (window as unknown as { __lab: { workerMemory(): Promise<{ numTensors: number }> } }).__lab;
    return (await lab.workerMemory()).numTensors;
  });

const traceCount = (plot: Locator) =>
  plot.evaluate((gd) => ((gd as unknown as { data?: unknown[] }).data ?? []).length);

/** Types `overrides` into a section's fields, opening its "advanced" fold first when a field is folded away. */
async function fillFields(page: Page, section: string, overrides: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(overrides)) {
    const input = page.getByTestId(`field-${field}`);
    if (!(await input.isVisible())) await page.getByTestId(`section-${section}`).locator('details.advanced > summary').click();
    await input.fill(value);
  }
}

function note(text: string): void {
  test.info().annotations.push({ type: 'timing', description: text });
  console.log(`[${test.info().project.name}] ${text}`);
}

test.describe('SAEs and stability trained through the UI', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  let project: string;

  test.beforeAll(async ({ browser, backendQuery }, testInfo: TestInfo) => {
    project = testInfo.project.name;
    page = await openSerialLab(browser, backendQuery, testInfo);
  });
  test.afterAll(async () => {
    await page.close();
  });

  test('SAE Start waits for a transformer, then trains on the briefly trained tiny one', async () => {
    test.setTimeout(150_000);
    await expect(page.getByTestId('sae-start')).toBeDisabled();
    await expect(page.getByTestId('sae-start-blocked')).toContainText('train the transformer first');

    const started = Date.now();
    await page.getByTestId('preset-tiny').click();
    await fillFields(page, 'transformer', TRANSFORMER_OVERRIDES[project]);
    await page.getByTestId('start').click();
    await expect(page.getByTestId('transformer-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    note(`transformer: ${await readoutValue(page, 'transformer-step')} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await expect(page.getByTestId('sae-start')).toBeEnabled();
  });

  test('the tiny SAEs train live: one curve per seed grows, L0 equals k, stability updates', async () => {
    test.setTimeout(SAE_TIMEOUT[project] + 150_000); // training, then the final analysis with every null, then features
    await page.getByTestId('sae-preset-tiny').click();
    await fillFields(page, 'saes', SAE_OVERRIDES[project]);
    await expect(page.getByTestId('sae-spec-summary')).toContainText('× 3 seeds');
    const tensorsBefore = await workerTensors(page);
    const started = Date.now();
    await page.getByTestId('sae-start').click();
    await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'running');

    const fvu = await plotOf(page, 'sae-fvu-chart');
    await expect.poll(() => traceCount(fvu), { timeout: 60_000 }).toBe(TINY_SEEDS.length);
    const early = await tracePoints(fvu);
    await expect.poll(() => tracePoints(fvu), { timeout: SAE_TIMEOUT[project] }).toBeGreaterThan(early);
    // The stability section follows during training: baseline first, then live max-cosine updates.
    await expect(page.getByTestId('stability-pwmcc-max-random')).not.toHaveAttribute('data-value', '', { timeout: 30_000 });
    await page.getByTestId('section-stability').screenshot({ path: test.info().outputPath('stability-live.png') }); // for a human look
    await page.getByTestId('sae-fvu-chart').scrollIntoViewIfNeeded(); // back to the curves that train

    await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'done', { timeout: SAE_TIMEOUT[project] });
    note(`SAEs: ${await readoutValue(page, 'sae-step')} steps × 3 seeds in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(await tracePoints(await drawnPlotOf(page, 'sae-fvu-chart'))).toBeGreaterThanOrEqual(3);
    for (const seed of TINY_SEEDS) {
      expect(await readoutValue(page, `sae-l0-${seed}`)).toBeCloseTo(TINY_K, 4); // TopK: exactly k active latents
      const f = await readoutValue(page, `sae-fvu-${seed}`);
      expect(f).toBeGreaterThan(0);
      expect(f).toBeLessThan(1);
    }
    await expect((await drawnPlotOf(page, 'sae-firing-chart')).locator('.bars')).toHaveCount(TINY_SEEDS.length);
    // The run frees its SAE trainer when training ends; the final stability analysis (every null drawn until its
    // standard error is ≤ 0.002: seconds at n = 128) leaves nothing behind either.
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    // The features analysis follows the stability one and holds the latent grid's tensor while it reads it.
    await expect(page.getByTestId('features-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect(await workerTensors(page)).toBe(tensorsBefore);
    // PWMCC over training: the untrained SAEs at step 0, at least one live update, the final analysis.
    expect(await tracePoints(await drawnPlotOf(page, 'stability-live-chart'))).toBeGreaterThanOrEqual(3);
  });

  test('the stability heatmaps show numbers, each beside its random baseline and the untrained SAEs', async () => {
    test.setTimeout(90_000);
    for (const id of ['pwmcc-max', 'pwmcc-one-to-one', 'shared-fraction']) {
      const mean = await waitForReadout(page, `stability-${id}-mean`, (v) => v >= 0 && v <= 1, 10_000);
      const random = await readoutValue(page, `stability-${id}-random`);
      expect(random, id).toBeGreaterThanOrEqual(0);
      expect(random, id).toBeLessThan(1);
      expect(await readoutValue(page, `stability-${id}-initial`), id).toBeGreaterThanOrEqual(0);
      const cells = (await plotOf(page, `stability-${id}-heatmap`)).locator('text').filter({ hasText: /^\d\.\d\d$/ });
      await expect(cells, id).toHaveCount(TINY_SEEDS.length * (TINY_SEEDS.length - 1)); // off-diagonal values, 2 decimals
      note(`${id}: ${mean.toFixed(3)} (random ${random.toFixed(3)})`);
    }
    // The max-cosine chance level for d = 32 is drawn on the means chart and named in the verdict.
    const random = await readoutValue(page, 'stability-pwmcc-max-random');
    await expect(await plotOf(page, 'stability-means-chart')).toContainText(`isotropic ${random.toFixed(3)}`);
    await expect(await plotOf(page, 'stability-live-chart')).toContainText(`isotropic ${random.toFixed(3)}`);
    await expect(page.getByTestId('stability-verdict')).toContainText(random.toFixed(3));
    await expect(page.getByTestId('stability-verdict')).toHaveAttribute('data-kind', /beats|chance|mixed|below/);
    for (const seed of TINY_SEEDS) expect(await readoutValue(page, `stability-stable-${seed}`)).toBeGreaterThanOrEqual(0);
    await expect(page.getByTestId('stability-download-json')).toBeEnabled();

    // Every null beside every number, the verdict against the strongest one (named), the activations' dimensions.
    const verdict = page.getByTestId('stability-verdict');
    await expect(verdict).toHaveAttribute('data-isotropic-only', 'false');
    for (const name of ['isotropic', 'subspace', 'covariance', 'rotation']) await expect(page.getByTestId(`stability-null-${name}`)).toBeVisible();
    const strongest = page.locator('[data-testid^="stability-null-"][data-strongest="true"]');
    await expect(strongest).toHaveCount(1);
    const against = (await strongest.getAttribute('data-testid'))!.replace('stability-null-', '');
    await expect(verdict).toHaveAttribute('data-against', against);
    await expect(page.getByTestId('stability-verdict-scale')).toContainText('the strongest null');
    const nullMean = await strongest.locator('td').first().getAttribute('data-value');
    await expect(verdict).toContainText(Number(nullMean).toFixed(3)); // the strongest null's level, in the verdict's words
    if (against !== 'isotropic') {
      await expect(verdict).toContainText(/subspace|covariance|rotated/);
      await expect(page.getByTestId('stability-stable-counts-strongest')).toHaveAttribute('data-against', against);
    }
    for (const id of ['pwmcc-max', 'pwmcc-one-to-one', 'shared-fraction']) {
      for (const name of ['subspace', 'covariance', 'rotation']) {
        expect(await readoutValue(page, `stability-${id}-null-${name}`), `${id} ${name}`).toBeGreaterThanOrEqual(0);
      }
    }
    // Each gap carries its scale, and "no better than a null" is a neutral finding, not an error in red (issue 17).
    for (const id of ['pwmcc-max', 'pwmcc-one-to-one', 'shared-fraction']) {
      const gap = page.getByTestId(`stability-${id}-gap`);
      await expect(gap).toHaveAttribute('data-against', /isotropic|subspace|covariance|rotation/);
      if ((await gap.getAttribute('data-beats')) === 'false') {
        expect(await gap.evaluate((el) => getComputedStyle(el).color), id).not.toBe('rgb(185, 28, 28)');
      }
    }
    await expect(page.getByTestId('stability-verdict-scale')).toContainText(/varies by ± 0\.\d{3}/);
    await expect(page.getByTestId('stability-card-pwmcc-max')).toContainText('PWMCC (max-cosine, the plan\'s metric)');
    await expect(page.getByTestId('stability-card-pwmcc-one-to-one')).toContainText('PW-MCC (one-to-one, Song et al. 2025)');
    const activations = page.getByTestId('stability-activations');
    await expect(activations).toContainText('participation ratio');
    expect(Number(await activations.getAttribute('data-dims99'))).toBeGreaterThanOrEqual(Number(await activations.getAttribute('data-dims90')));
    note(`verdict: ${await verdict.textContent()}`);

    // A new shared-latent threshold is recomputed in the worker for the trained and the untrained SAEs.
    await page.getByTestId('stability-threshold').fill('0.3');
    await expect(page.getByTestId('stability-threshold-value')).toHaveText('0.30');
    await expect(page.getByTestId('stability-card-shared-fraction')).toContainText('both signed cosines ≥ 0.3');
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('stability-nulls')).toContainText('shared fraction ≥ 0.3'); // the nulls re-read at it, not redrawn
    for (const id of ['saes', 'stability']) {
      await page.getByTestId(`section-${id}`).screenshot({ path: test.info().outputPath(`${id}.png`) }); // for a human look
    }
  });

  test('the features section shows the Fourier shares, and latent 0 of the first seed with its matches in the others', async () => {
    await expect(page.getByTestId('features-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const table = page.getByTestId('features-share-table');
    await expect(table.locator('tbody tr')).toHaveCount(TINY_SEEDS.length);
    // The plan's metric appears only labelled as flawed, with its reason, beside the sound share.
    await expect(page.getByTestId('features-flawed-note')).toContainText('flawed');
    await expect(page.getByTestId('features-flawed-note')).toContainText('not token positions');
    for (const seed of TINY_SEEDS) expect(await readoutValue(page, `features-flawed-${seed}`)).toBeGreaterThan(0);
    await page.getByTestId('features-latent-input').fill('0');
    await page.getByTestId('features-show').click();
    const detail = page.getByTestId('features-detail');
    await expect(detail).toHaveAttribute('data-seed', String(TINY_SEEDS[0]));
    await expect(detail).toHaveAttribute('data-latent', '0');
    await expect(await plotOf(page, 'features-latent-heatmap')).toBeVisible({ timeout: 30_000 });
    await expect(await plotOf(page, 'features-latent-spectrum')).toBeVisible({ timeout: 30_000 });
    const matches = page.getByTestId('features-match');
    await expect(matches).toHaveCount(TINY_SEEDS.length - 1);
    for (const seed of TINY_SEEDS.slice(1)) {
      for (const view of ['heatmap', 'spectrum']) {
        await expect(await plotOf(page, `features-match-${seed}-${view}`)).toBeVisible({ timeout: 30_000 });
      }
    }
  });

  test('the gallery shows the top 20 latents as thumbnails, and a click opens one in the explorer', async () => {
    const thumbs = page.getByTestId('features-gallery').locator('.features-thumb');
    await expect(thumbs).toHaveCount(20); // 128 latents per seed in the tiny preset
    const third = thumbs.nth(2);
    const latent = await third.getAttribute('data-latent');
    await third.click();
    await expect(page.getByTestId('features-detail')).toHaveAttribute('data-latent', latent!);
    await expect(third).toHaveClass(/active/);
    // The thumbnail is drawn: its canvas holds more than one colour (not a blank or constant image).
    const colours = await page.getByTestId('features-gallery').locator('canvas').first().evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[i * 4] * 65536 + data[i * 4 + 1] * 256 + data[i * 4 + 2])).size;
    });
    expect(colours).toBeGreaterThan(1);
  });

  test('stable × Fourier: one sentence, counts per seed whose stable latents are the Stability section\'s, and a JSON export', async () => {
    const answer = page.getByTestId('features-stable-fourier-answer');
    await expect(answer).toHaveAttribute('data-kind', /^(no-fourier|no-stable|all-stable|stable-are-fourier|stable-more-fourier|stable-less-fourier|unrelated)$/);
    await expect(answer).toContainText('Untrained SAEs:');
    await expect(page.getByTestId('features-stable-fourier-table').locator('tbody tr')).toHaveCount(TINY_SEEDS.length + 1);
    const cell = async (seed: number | string, key: string) => Number(await page.getByTestId(`features-sf-row-${seed}`).getAttribute(`data-${key}`));
    let pooledStable = 0;
    for (const seed of TINY_SEEDS) {
      const stable = (await cell(seed, 'stable-fourier')) + (await cell(seed, 'stable-other')) + (await cell(seed, 'not-live-stable'));
      expect(stable, `seed ${seed}`).toBe(await readoutValue(page, `stability-stable-${seed}`));
      pooledStable += stable;
    }
    expect((await cell('pooled', 'stable-fourier')) + (await cell('pooled', 'stable-other')) + (await cell('pooled', 'not-live-stable'))).toBe(pooledStable);

    const download = page.waitForEvent('download');
    await page.getByTestId('features-download-json').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('sae-features.json');
    const doc = JSON.parse(await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8'));
    expect(doc.kind).toBe('sae-stability-lab/features');
    expect(doc.stableFourier.answer.sentence).toBe((await answer.textContent())?.trim());
    expect(doc.stableFourier.trained.perSeed).toHaveLength(TINY_SEEDS.length);
    expect(doc.fourierShares.untrained).toHaveLength(TINY_SEEDS.length);
    expect(doc.gallery.byFiringRate[0]).toHaveLength(20);
    expect(doc.definitions.planFlawedOverlap).toMatch(/FLAWED/);
    expect(doc.saes.seeds).toEqual(TINY_SEEDS);
    await page.getByTestId('section-features').screenshot({ path: test.info().outputPath('features.png') }); // for a human look
  });

  test('each seed downloads as SAELens files; the SAEs go stale when the transformer is reset', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('sae-file-topk_k8_seed42-cfg.json').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('topk_k8_seed42__cfg.json');
    const cfg = JSON.parse(await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8')) as Record<string, unknown>;
    expect(cfg).toMatchObject({ architecture: 'topk', k: TINY_K, d_in: 32, d_sae: 128, seed: 42, hook_name: 'blocks.0.hook_resid_post' });

    await page.getByTestId('reset').click();
    await expect(page.getByTestId('saes-status')).toHaveAttribute('data-status', 'stale');
    await expect(page.getByTestId('stability-status')).toHaveAttribute('data-status', 'stale');
    await expect(page.getByTestId('sae-start-blocked')).toContainText('train the transformer first');
  });
});
