/**
 * `npm run bench:grok -- [--preset fast] [--backend wasm|webgpu] [--steps N] [--seeds 0,1,2] [--json] [--no-build]`:
 * trains a preset in the real app in headless Chromium, driven through the UI like a user, and reports the step at
 * which test accuracy first reached 0.99 and the wall time from pressing Start to seeing it (polled every second),
 * with the CPU time the browser spent meanwhile (bench/cpuTime.ts: what an idle machine's wall time is bounded by).
 * Records the browser wall times of README's "Recorded runs". With `--seeds`, one run per seed (typed into the seed
 * field), each also checked for the teaching criterion read from the accuracy chart (src/core/train/grokDelay.ts):
 * memorised at m, test accuracy < 0.6 until ≥ 3m, then ≥ 0.99.
 */
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { type GrokDelay, grokDelay } from '../src/core/train/grokDelay.ts';
import { flagValue, hasFlag, log, machineLine, withAppInChromium } from './appInChromium.ts';
import { descendantCpuSeconds } from './cpuTime.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4319);

const readout = async (page: Page, testId: string) => {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
};

interface GrokReport {
  preset: string;
  backend: string;
  stepsToGrok: number | null;
  secondsToGrok: number | null;
  /** CPU seconds the browser's processes spent from Start to seeing test accuracy ≥ 0.99 (null: no /proc, or no grok). */
  cpuSecondsToGrok: number | null;
  stepsRun: number;
  seconds: number;
  finalTestAcc: number | null;
  stepsPerSecond: number | null;
  seed?: number;
  delay?: GrokDelay;
}

/** The run's evaluations as the accuracy chart holds them (scrolled into view and fully drawn first). */
async function accuracyPoints(page: Page): Promise<{ step: number; trainAcc: number; testAcc: number }[]> {
  const figure = page.getByTestId('accuracy-chart');
  await figure.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('[data-testid="accuracy-chart"]')?.hasAttribute('data-redraw-pending'), null, { timeout: 30_000 });
  return figure.locator('.js-plotly-plot').evaluate((gd) => {
    const [train, test] = (gd as unknown as { data: { x: number[]; y: number[] }[] }).data;
    return train.x.map((step, i) => ({ step, trainAcc: train.y[i], testAcc: test.y[i] }));
  });
}

async function trainUntilGrok(page: Page, preset: string, steps: string | undefined, seed?: number): Promise<Omit<GrokReport, 'preset' | 'backend'>> {
  await page.getByTestId(`preset-${preset}`).click();
  if (steps) await page.getByTestId('field-steps').fill(steps);
  if (seed !== undefined) await page.getByTestId('field-seed').fill(String(seed));
  await page.getByTestId('start').click();
  const started = Date.now();
  const cpuAtStart = descendantCpuSeconds();
  const seconds = () => (Date.now() - started) / 1000;
  let lastLog = 0;
  for (;;) {
    await page.waitForTimeout(1000);
    const [step, acc, grok] = [await readout(page, 'transformer-step'), await readout(page, 'transformer-test-acc'), await readout(page, 'transformer-grok')];
    const status = await page.getByTestId('transformer-status').getAttribute('data-status');
    if (seconds() - lastLog >= 30) {
      lastLog = seconds();
      log(`  ${seconds().toFixed(0)} s: step ${step}, test acc ${acc?.toFixed(3)}, ${status}`);
    }
    if (grok !== null || status === 'done' || status === 'error') {
      const cpuNow = descendantCpuSeconds();
      const result = {
        stepsToGrok: grok, secondsToGrok: grok !== null ? seconds() : null, stepsRun: step ?? 0, seconds: seconds(),
        cpuSecondsToGrok: grok !== null && cpuAtStart !== null && cpuNow !== null ? cpuNow - cpuAtStart : null,
        finalTestAcc: acc, stepsPerSecond: await readout(page, 'transformer-rate'),
      };
      if (status === 'running') await page.getByTestId('stop').click();
      if (seed === undefined) return result;
      await page.waitForFunction(() => document.querySelector('[data-testid="transformer-status"]')?.getAttribute('data-status') === 'done', null, { timeout: 60_000 });
      return { ...result, seed, delay: grokDelay(await accuracyPoints(page)) };
    }
  }
}

const preset = flagValue('--preset') ?? 'fast';
const backend = flagValue('--backend') ?? 'wasm';
const loadBefore = loadavg()[0];
void withAppInChromium(PORT, async (browser, base) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Always the URL option: the automatic choice skips a software WebGPU adapter (SwiftShader) and would run wasm.
  await page.goto(`${base}/?backend=${backend}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.getAttribute('data-backend'), null, { timeout: 60_000 });
  const ran = (await page.getByTestId('backend-badge').getAttribute('data-backend')) ?? '';
  if (ran !== backend) throw new Error(`asked for ${backend}, the page runs ${ran}`);
  log(`training preset ${preset} on ${ran} until test accuracy ≥ 0.99`);
  const seeds = flagValue('--seeds')?.split(',').map(Number);
  const runs: GrokReport[] = [];
  for (const seed of seeds ?? [undefined]) {
    if (seed !== undefined) log(`seed ${seed}`);
    runs.push({ preset, backend: ran, ...(await trainUntilGrok(page, preset, flagValue('--steps'), seed)) });
  }
  const machine = machineLine(loadBefore);
  const all = { date: new Date().toISOString(), chromium: browser.version(), machine, ...(runs.length === 1 ? runs[0] : { runs }) };
  if (hasFlag('--json')) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
  else {
    process.stdout.write(`Headless Chromium ${all.chromium}; ${machine}\n`);
    for (const report of runs) {
      const who = `${preset}${report.seed !== undefined ? ` seed ${report.seed}` : ''} on ${ran}`;
      process.stdout.write(report.stepsToGrok !== null
        ? `${who}: test accuracy ≥ 0.99 at step ${report.stepsToGrok}, ${report.secondsToGrok!.toFixed(0)} s after Start (${report.stepsPerSecond?.toFixed(1)} steps/s)${report.cpuSecondsToGrok !== null ? `; ${report.cpuSecondsToGrok.toFixed(0)} CPU-s in the browser` : ''}\n`
        : `${who}: did not reach test accuracy 0.99 in ${report.stepsRun} steps (${report.seconds.toFixed(0)} s)\n`);
      const d = report.delay;
      if (d) process.stdout.write(`  memorised at ${d.memorisedAt}, test ≥ 0.6 at ${d.plateauEndsAt} (${d.ratio?.toFixed(1)} × m), test ≥ 0.99 at ${d.grokkedAt}: criterion ${d.holds ? 'holds' : 'FAILS'}\n`);
    }
  }
  if (runs.some((r) => r.stepsToGrok === null || (r.delay && !r.delay.holds))) process.exitCode = 1;
});
