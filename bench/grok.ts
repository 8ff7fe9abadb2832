/**
 * `npm run bench:grok -- [--preset fast] [--backend wasm|webgpu] [--steps N] [--json] [--no-build]`: trains a preset
 * in the real app in headless Chromium, driven through the UI like a user, and reports the step at which test accuracy
 * first reached 0.99 and the wall time from pressing Start to seeing it (polled every second). Records the browser
 * wall times of README's "Recorded runs".
 */
import { cpus, loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, buildApp, startServer } from './serve.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4319);
const BASE = `http://127.0.0.1:${PORT}`;

const arg = (name: string) => process.argv.includes(name);
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const log = (s: string) => process.stderr.write(s + '\n');

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

async function main(): Promise<void> {
  const preset = flag('--preset') ?? 'fast';
  const backend = flag('--backend') ?? 'wasm';
  if (!arg('--no-build')) buildApp();
  const loadBefore = loadavg()[0];
  const server = await startServer(PORT);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${BASE}/${backend === 'webgpu' ? '' : `?backend=${backend}`}`);
    const badge = page.getByTestId('backend-badge');
    await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.getAttribute('data-backend'), null, { timeout: 60_000 });
    const ran = (await badge.getAttribute('data-backend')) ?? '';
    if (ran !== backend) throw new Error(`asked for ${backend}, the page runs ${ran}`);
    log(`training preset ${preset} on ${ran} until test accuracy ≥ 0.99`);
    const report: GrokReport = { preset, backend: ran, ...(await trainUntilGrok(page, preset, flag('--steps'))) };
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
    const all = { date: new Date().toISOString(), chromium: browser.version(), machine, ...report };
    if (arg('--json')) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
    else {
      process.stdout.write(`Headless Chromium ${all.chromium}; ${machine}\n`);
      process.stdout.write(report.stepsToGrok !== null
        ? `${preset} on ${ran}: test accuracy ≥ 0.99 at step ${report.stepsToGrok}, ${report.secondsToGrok!.toFixed(0)} s after Start\n`
        : `${preset} on ${ran}: did not reach test accuracy 0.99 in ${report.stepsRun} steps (${report.seconds.toFixed(0)} s)\n`);
    }
    if (report.stepsToGrok === null) process.exitCode = 1;
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
