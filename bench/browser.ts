/**
 * `npm run bench:browser [-- --json] [--backends wasm,webgpu] [--repeats N] [--quick] [--no-page] [--page-only] [--no-build]`:
 * the suite of `npm run bench` in a Web Worker of headless Chromium (bench.html), once per backend, then page
 * measurements of the real app (pageMetrics.ts). Builds the app, serves it with `vite preview` (COOP/COEP, so wasm
 * runs threaded) on BENCH_PORT (default 4318) and drives Debian's /usr/bin/chromium; WebGPU there is SwiftShader,
 * a CPU emulation, so the webgpu pass uses 1 warm-up + 1 timed run per case, few memory steps and skips the nanda
 * and multi-case SAE steps unless `--full` (its numbers show the code runs and its ratios, not GPU speed).
 * `--page-only` skips the worker suite and measures the page alone.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { chromium, type Browser } from '@playwright/test';
import { type BenchReport, formatReport, memoryLeaked } from '../src/bench/report.ts';
import { formatPageReport, measurePage, type PageReport } from './pageMetrics.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'];
const PORT = Number(process.env.BENCH_PORT ?? 4318);
const BASE = `http://127.0.0.1:${PORT}`;

const arg = (name: string) => process.argv.includes(name);
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const json = arg('--json');
const log = (s: string) => process.stderr.write(s + '\n');

/**
 * Per backend: wasm as `npm run bench`. SwiftShader's WebGPU runs ~100x slower (an SAE step takes over a minute):
 * one warm-up and one timed run, and only one case of each kind unless `--full`.
 */
function planFor(backend: string) {
  const quick = arg('--quick');
  const slow = backend === 'webgpu';
  const repeats = Number(flag('--repeats') ?? (slow || quick ? (slow ? 1 : 2) : 5));
  const warmup = slow ? 1 : 2;
  const memorySteps = slow ? 10 : quick ? 20 : 200;
  const skipSlow = slow && !arg('--full');
  return `backend=${backend}&repeats=${repeats}&warmup=${warmup}&memorySteps=${memorySteps}&quick=${quick ? 1 : 0}&skipSlow=${skipSlow ? 1 : 0}`;
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${BASE}`);
}

async function benchIn(browser: Browser, backend: string): Promise<BenchReport> {
  const page = await browser.newPage();
  page.on('console', (m) => log(`  [${backend}] ${m.text()}`));
  await page.goto(`${BASE}/bench.html?${planFor(backend)}`);
  const outcome = await page.waitForFunction(() => {
    const state = (window as unknown as { __bench?: { report?: unknown; error?: string } }).__bench;
    return state?.report ?? state?.error;
  }, null, { timeout: 0, polling: 1000 });
  const value = await outcome.jsonValue();
  await page.close();
  if (typeof value === 'string') throw new Error(`${backend} benchmark failed: ${value}`);
  return value as BenchReport;
}

async function main(): Promise<void> {
  if (!arg('--no-build')) {
    log('building (vite build)');
    const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('vite build failed');
  }
  const backends = arg('--page-only') ? [] : (flag('--backends') ?? 'wasm,webgpu').split(',');
  const loadBefore = loadavg()[0];
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const cleanUp = () => {
    server.kill();
    void browser.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', cleanUp);
  process.once('SIGTERM', cleanUp);
  try {
    const reports: BenchReport[] = [];
    for (const backend of backends) {
      log(`benchmark in a worker, ${backend}`);
      reports.push(await benchIn(browser, backend));
    }
    const page: PageReport | null = arg('--no-page') ? null : await measurePage(browser, BASE, 'dist', log);
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
    const all = { date: new Date().toISOString(), chromium: browser.version(), machine, reports, page };
    if (json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
    else {
      process.stdout.write(`Headless Chromium ${all.chromium}; ${machine}\n\n`);
      for (const r of reports) process.stdout.write(formatReport(r) + '\n\n');
      if (page) process.stdout.write(formatPageReport(page) + '\n');
    }
    if (reports.some((r) => memoryLeaked(r.memory))) process.exitCode = 1;
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
