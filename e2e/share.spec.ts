import type { Page } from '@playwright/test';
import { presetSpec } from '../src/core/spec/experiment.ts';
import { makeFragment, readLink } from '../src/share/link.ts';
import { expect, openLab, test } from './fixtures.ts';

/**
 * Share links in the page: opening one rebuilds the controls and reruns the experiment, a bad one leaves a usable
 * notebook, classroom hide keys remove controls, and the address bar follows the controls without history
 * entries. What is tested here is page logic, the same on every backend, so it runs in the wasm project only (on
 * WebGPU under SwiftShader the rerun alone would take minutes).
 */

/**
 * The tiny experiment with values a user changed, so the link must carry them: more steps, rarer evaluations,
 * other SAE seeds, fewer SAE epochs.
 */
function changedTiny() {
  const spec = presetSpec('tiny');
  spec.name = 'shared tiny';
  spec.transformer.steps = 700;
  spec.transformer.evalEvery = 100;
  spec.saes = { ...spec.saes!, seeds: [7, 8], epochs: 20 };
  return spec;
}

async function openLink(page: Page, backendQuery: string, fragment: string): Promise<void> {
  await page.goto(`/${backendQuery}#${fragment}`);
  await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-backend', '', { timeout: 30_000 });
}

const status = (page: Page, section: string) => page.getByTestId(`${section}-status`);

test('a link rebuilds the controls with its values and reruns the experiment: the transformer groks, then its SAEs train', async ({ page, backendQuery }) => {
  test.setTimeout(240_000);
  await openLink(page, backendQuery, await makeFragment(changedTiny()));
  await expect(page.getByTestId('field-p')).toHaveValue('23');
  await expect(page.getByTestId('field-steps')).toHaveValue('700');
  await expect(page.getByTestId('field-evalEvery')).toHaveValue('100');
  await expect(page.getByTestId('field-sae-seeds')).toHaveValue('7, 8');
  await expect(page.getByTestId('field-sae-epochs')).toHaveValue('20');
  const banner = page.getByTestId('link-banner');
  await expect(banner).toContainText('shared tiny');
  await expect(banner).toContainText('seeds 7, 8');
  await expect(status(page, 'transformer')).toHaveAttribute('data-status', /running|done/);

  await expect(status(page, 'transformer')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(page.getByTestId('transformer-step')).toHaveAttribute('data-value', '700');
  await expect(page.getByTestId('transformer-grok')).not.toHaveAttribute('data-value', '');
  await expect(status(page, 'saes')).toHaveAttribute('data-status', /running|done/);
  await expect(status(page, 'saes')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('sae-source')).toContainText('at step 700');
  await expect(page.getByTestId('link-progress')).toContainText('finished: the transformer and its SAEs are trained');
  // The controls are as the link set them, so the address bar still holds the link itself.
  expect((await readLink(new URL(page.url()).hash))).toMatchObject({ ok: true, spec: changedTiny() });
});

test('a malformed link says why it cannot be opened, and the notebook stays usable with its defaults', async ({ page, backendQuery }) => {
  const good = await makeFragment(changedTiny());
  await openLink(page, backendQuery, good.slice(0, good.length - 40));
  await expect(page.getByTestId('link-error')).toContainText('This link could not be opened: its data is corrupt or cut short');
  await expect(page.getByTestId('field-p')).toHaveValue('113');
  await expect(page.getByTestId('field-steps')).toHaveValue('25000');
  await expect(status(page, 'transformer')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('start')).toBeEnabled();
  await expect(page.getByTestId('run-all')).toBeEnabled();
  await page.getByTestId('link-dismiss').click();
  await expect(page.getByTestId('link-banner')).toHaveCount(0);
  await page.getByTestId('preset-tiny').click();
  await expect(page.getByTestId('field-p')).toHaveValue('23');
});

test('editing a control rewrites the link in the address bar (keeping ?backend=) without adding history entries; Run all runs it', async ({ page, backendQuery }) => {
  await openLab(page, backendQuery);
  const entries = await page.evaluate(() => history.length);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('5000'); // long enough that Stop all lands in the transformer's run
  await page.getByTestId('field-seed').fill('5');
  // Rare evaluations keep the page's main thread free to take the click (charts redraw after each evaluation).
  await page.getByTestId('section-transformer').locator('details.advanced > summary').click();
  await page.getByTestId('field-evalEvery').fill('1000');
  await expect.poll(async () => {
    const read = await readLink(new URL(page.url()).hash);
    return read?.ok ? [read.spec.transformer.steps, read.spec.transformer.seed, read.spec.transformer.evalEvery] : null;
  }).toEqual([5000, 5, 1000]);
  expect(new URL(page.url()).search).toBe(backendQuery);
  expect(await page.evaluate(() => history.length)).toBe(entries);

  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('stop-all')).toBeVisible();
  await expect(status(page, 'transformer')).toHaveAttribute('data-status', /running|done/);
  await page.getByTestId('stop-all').click();
  await expect(page.getByTestId('run-all')).toBeVisible();
  await expect(status(page, 'transformer')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(status(page, 'saes')).toHaveAttribute('data-status', 'idle');
});

test('the share panel makes a classroom link; the page it opens does not render the hidden controls', async ({ page, backendQuery }) => {
  await openLab(page, backendQuery);
  await page.getByTestId('preset-tiny').click();
  await page.getByTestId('field-steps').fill('30');
  await page.getByTestId('field-lr').fill('0.004');
  await page.getByTestId('share-open').click();
  for (const key of ['transformer.lr', 'backend', 'saes.arch', 'transformer.presets']) await page.getByTestId(`hide-${key}`).check();
  await expect(page.getByTestId('hide-saes.k')).toBeChecked(); // a group ticks its members
  const link = page.getByTestId('share-link');
  await expect(link).toHaveValue(/#spec=1\.[\w-]+&hide=saes\.arch,backend,transformer\.presets,transformer\.lr$/);
  await page.getByTestId('share-copy').click();
  await expect(page.getByTestId('share-copied').or(page.getByTestId('share-copy-failed'))).toBeVisible();
  const url = await link.inputValue();

  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByTestId('field-steps')).toHaveValue('30');
  await expect(page.getByTestId('field-p')).toBeVisible();
  for (const gone of ['field-lr', 'backend-select', 'field-sae-architecture', 'field-sae-k', 'preset-tiny']) {
    await expect(page.getByTestId(gone), gone).toHaveCount(0);
  }
  await expect(page.getByTestId('field-sae-lr')).toBeVisible(); // only what was ticked is gone
  // The hidden learning rate still comes from the link: it is in the spec the page runs and re-shares.
  await page.getByTestId('field-steps').fill('31');
  await expect.poll(async () => {
    const read = await readLink(new URL(page.url()).hash);
    return read?.ok ? [read.spec.transformer.steps, read.spec.transformer.lr, read.hide.join(',')] : null;
  }).toEqual([31, 0.004, 'saes.arch,backend,transformer.presets,transformer.lr']);
});
