/**
 * `npm run bench:grok -- [--preset fast] [--backend wasm|webgpu] [--steps N] [--json] [--no-build]`: trains a preset
 * in the real app in headless Chromium, driven through the UI like a user, and reports the step at which test accuracy
 * first reached 0.99 and the wall time from pressing Start to seeing it (polled every second). Records the browser
 * wall times of README's "Recorded runs".
 */
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { flagValue, hasFlag, log, machineLine, withAppInChromium } from './appInChromium.ts';

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
  stepsRun: number;
  seconds: number;
  finalTestAcc: number | null;
  stepsPerSecond: number | null;
}

async function trainUntilGrok(page: Page, preset: string, steps: string | undefined): Promise<Omit<GrokReport, 'preset' | 'backend'>> {
  await page.getByTestId(`preset-${preset}`).click();
  if (steps) await page.getByTestId('field-steps').fill(steps);
  await page.getByTestId('start').click();
  const started = Date.now();
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
      const result = {
        stepsToGrok: grok, secondsToGrok: grok !== null ? seconds() : null, stepsRun: step ?? 0, seconds: seconds(),
        finalTestAcc: acc, stepsPerSecond: await readout(page, 'transformer-rate'),
      };
      if (status === 'running') await page.getByTestId('stop').click();
      return result;
    }
  }
}

const preset = flagValue('--preset') ?? 'fast';
const backend = flagValue('--backend') ?? 'wasm';
const loadBefore = loadavg()[0];
void withAppInChromium(PORT, async (browser, base) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/${backend === 'webgpu' ? '' : `?backend=${backend}`}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.getAttribute('data-backend'), null, { timeout: 60_000 });
  const ran = (await page.getByTestId('backend-badge').getAttribute('data-backend')) ?? '';
  if (ran !== backend) throw new Error(`asked for ${backend}, the page runs ${ran}`);
  log(`training preset ${preset} on ${ran} until test accuracy ≥ 0.99`);
  const report: GrokReport = { preset, backend: ran, ...(await trainUntilGrok(page, preset, flagValue('--steps'))) };
  const machine = machineLine(loadBefore);
  const all = { date: new Date().toISOString(), chromium: browser.version(), machine, ...report };
  if (hasFlag('--json')) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
  else {
    process.stdout.write(`Headless Chromium ${all.chromium}; ${machine}\n`);
    process.stdout.write(report.stepsToGrok !== null
      ? `${preset} on ${ran}: test accuracy ≥ 0.99 at step ${report.stepsToGrok}, ${report.secondsToGrok!.toFixed(0)} s after Start\n`
      : `${preset} on ${ran}: did not reach test accuracy 0.99 in ${report.stepsRun} steps (${report.seconds.toFixed(0)} s)\n`);
  }
  if (report.stepsToGrok === null) process.exitCode = 1;
});
