/**
 * `npm run bench:browser [-- --json] [--backends wasm,webgpu] [--repeats N] [--quick] [--no-page] [--page-only] [--no-build]
 * [--only transformer,sae,stability]`:
 * the suite of `npm run bench` in a Web Worker of headless Chromium (bench.html), once per backend, then page
 * measurements of the real app (pageMetrics.ts). Builds the app, serves it with `vite preview` (COOP/COEP, so wasm
 * runs threaded) on BENCH_PORT (default 4318) and drives Debian's /usr/bin/chromium; WebGPU there is SwiftShader,
 * a CPU emulation, so the webgpu pass uses 1 warm-up + 1 timed run per case, few memory steps and skips the nanda
 * and multi-case SAE steps unless `--full` (its numbers show the code runs and its ratios, not GPU speed).
 * `--page-only` skips the worker suite and measures the page alone.
 */
import { loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import { type BenchReport, formatReport, memoryLeaked } from '../src/bench/report.ts';
import { parseCaseKinds } from '../src/bench/suite.ts';
import { formatPageReport, measurePage, type PageReport } from './pageMetrics.ts';
import { flagValue, hasFlag, log, machineLine, withAppInChromium } from './appInChromium.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4318);

const json = hasFlag('--json');

/**
 * Per backend: wasm as `npm run bench`. SwiftShader's WebGPU runs ~100x slower (an SAE step takes over a minute):
 * one warm-up and one timed run, and only one case of each kind unless `--full`.
 */
function planFor(backend: string) {
  const quick = hasFlag('--quick');
  const slow = backend === 'webgpu';
  const repeats = Number(flagValue('--repeats') ?? (slow || quick ? (slow ? 1 : 2) : 5));
  const warmup = slow ? 1 : 2;
  const memorySteps = slow ? 10 : quick ? 20 : 200;
  const skipSlow = slow && !hasFlag('--full');
  const only = parseCaseKinds(flagValue('--only')).join(',');
  return `backend=${backend}&only=${only}&repeats=${repeats}&warmup=${warmup}&memorySteps=${memorySteps}&quick=${quick ? 1 : 0}&skipSlow=${skipSlow ? 1 : 0}`;
}

async function benchIn(browser: Browser, base: string, backend: string): Promise<BenchReport> {
  const page = await browser.newPage();
  page.on('console', (m) => log(`  [${backend}] ${m.text()}`));
  await page.goto(`${base}/bench.html?${planFor(backend)}`);
  const outcome = await page.waitForFunction(() => {
    const state = (window as unknown as { __bench?: { report?: unknown; error?: string } }).__bench;
    return state?.report ?? state?.error;
  }, null, { timeout: 0, polling: 1000 });
  const value = await outcome.jsonValue();
  await page.close();
  if (typeof value === 'string') throw new Error(`${backend} benchmark failed: ${value}`);
  return value as BenchReport;
}

const backends = hasFlag('--page-only') ? [] : (flagValue('--backends') ?? 'wasm,webgpu').split(',');
const loadBefore = loadavg()[0];
void withAppInChromium(PORT, async (browser, base) => {
  const reports: BenchReport[] = [];
  for (const backend of backends) {
    log(`benchmark in a worker, ${backend}`);
    reports.push(await benchIn(browser, base, backend));
  }
  const page: PageReport | null = hasFlag('--no-page') ? null : await measurePage(browser, base, 'dist', log);
  const machine = machineLine(loadBefore);
  const all = { date: new Date().toISOString(), chromium: browser.version(), machine, reports, page };
  if (json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
  else {
    process.stdout.write(`Headless Chromium ${all.chromium}; ${machine}\n\n`);
    for (const r of reports) process.stdout.write(formatReport(r) + '\n\n');
    if (page) process.stdout.write(formatPageReport(page) + '\n');
  }
  if (reports.some((r) => memoryLeaked(r.memory))) process.exitCode = 1;
});
