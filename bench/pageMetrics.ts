/**
 * Page measurements of the real app in headless Chromium (part of `npm run bench:browser`): first render, the
 * JavaScript the main thread loads before it, and main-thread long tasks (PerformanceObserver 'longtask', tasks
 * over 50 ms) while the tiny preset trains — transformer, then SAEs, stability and features — on wasm. Each phase
 * scrolls the charts of the section that trains into view, as a user watching it would (charts off screen are not
 * redrawn: src/ui/plot/redrawQueue.ts); the final analyses are watched in the stability section.
 * Reported, never asserted: timings on a shared machine are no test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';

export interface ScriptSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface LongTasks {
  count: number;
  longestMs: number;
  totalMs: number;
}

export interface PageReport {
  /** First contentful paint, ms after navigation start. */
  firstContentfulPaintMs: number;
  /** When the notebook's first section (the transformer cell) had a size on screen. */
  firstSectionMs: number;
  /** Main-thread JavaScript fetched before the first section showed (gzip level 9, as a server would send it). */
  initialJs: ScriptSize[];
  initialJsGzipBytes: number;
  /** Main-thread JavaScript fetched later (plotly when the first chart appears). */
  lazyJs: ScriptSize[];
  /** Worker scripts (tfjs lives there). */
  workerJs: ScriptSize[];
  loadLongTasks: LongTasks;
  training: {
    seconds: number;
    transformerSteps: number;
    saeSteps: number;
    longTasks: LongTasks;
    /** The same, per phase: transformer training; SAE training (live stability); final stability and features. */
    phases: { transformer: LongTasks; saes: LongTasks; analyses: LongTasks };
  };
}

/**
 * Installed before any page script runs: long tasks and the moment the first section has a size. A string, since
 * tsx's transform wraps named functions in a helper that does not exist in the page.
 */
const PROBES = `
  const perf = { longTasks: [], firstSectionAt: NaN };
  window.__perf = perf;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) perf.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    const section = document.querySelector('[data-testid="section-transformer"]');
    if (section && section.getBoundingClientRect().height > 0) perf.firstSectionAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

interface Probes {
  longTasks: { start: number; duration: number }[];
  firstSectionAt: number;
}
const probes = (page: Page) => page.evaluate(() => (window as unknown as { __perf: Probes }).__perf);

function summarise(tasks: { duration: number }[]): LongTasks {
  return {
    count: tasks.length,
    longestMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    totalMs: tasks.reduce((s, t) => s + t.duration, 0),
  };
}

function sizeOf(distDir: string, url: string): ScriptSize {
  const file = new URL(url).pathname;
  const bytes = readFileSync(join(distDir, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

async function readout(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute('data-value')) ?? NaN);
}

async function waitForStatus(page: Page, section: string, status: string, timeoutMs: number): Promise<void> {
  await page.waitForSelector(`[data-testid="${section}-status"][data-status="${status}"]`, { timeout: timeoutMs });
}

export async function measurePage(browser: Browser, baseURL: string, distDir: string, log: (s: string) => void): Promise<PageReport> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: PROBES });
  const page = await context.newPage();
  await page.goto('/?backend=wasm');
  await page.waitForSelector('[data-testid="backend-badge"][data-backend="wasm"]', { timeout: 60_000 });
  await page.waitForFunction(() => !Number.isNaN((window as unknown as { __perf: Probes }).__perf.firstSectionAt));
  const { fcp, resources } = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    resources: performance.getEntriesByType('resource').map((e) => ({ url: e.name, end: (e as PerformanceResourceTiming).responseEnd })),
  }));
  const loaded = await probes(page);
  const scripts = resources.filter((r) => /\.js(\?|$)/.test(r.url) && !/worker/.test(r.url));
  const initialJs = scripts.filter((r) => r.end <= loaded.firstSectionAt).map((r) => sizeOf(distDir, r.url));

  log('page: training the tiny preset (transformer, then SAEs) on wasm');
  await page.getByTestId('preset-tiny').click();
  const t0 = await page.evaluate(() => performance.now());
  const wall0 = Date.now();
  await page.getByTestId('start').click();
  await page.getByTestId('loss-chart').scrollIntoViewIfNeeded();
  await waitForStatus(page, 'transformer', 'done', 300_000);
  const tSae = await page.evaluate(() => performance.now());
  await page.getByTestId('sae-preset-tiny').click();
  await page.getByTestId('sae-start').click();
  await page.getByTestId('sae-mse-chart').scrollIntoViewIfNeeded();
  await waitForStatus(page, 'saes', 'done', 600_000);
  const tAnalyses = await page.evaluate(() => performance.now());
  await page.getByTestId('section-stability').scrollIntoViewIfNeeded();
  await waitForStatus(page, 'stability', 'done', 120_000);
  const t1 = await page.evaluate(() => performance.now());
  const seconds = (Date.now() - wall0) / 1000;
  const after = await probes(page);
  const lateScripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const initialFiles = new Set(initialJs.map((s) => s.file));
  const lazyJs = lateScripts
    .filter((u) => /\.js(\?|$)/.test(u) && !/worker/.test(u))
    .map((u) => sizeOf(distDir, u))
    .filter((s) => !initialFiles.has(s.file));
  const between = (a: number, b: number) => after.longTasks.filter((t) => t.start >= a && t.start < b);
  const workerJs = page.workers().map((w) => w.url()).filter((u) => u.startsWith('http') && u.endsWith('.js')).map((u) => sizeOf(distDir, u));
  const report: PageReport = {
    firstContentfulPaintMs: fcp,
    firstSectionMs: loaded.firstSectionAt,
    initialJs,
    initialJsGzipBytes: initialJs.reduce((s, x) => s + x.gzipBytes, 0),
    lazyJs,
    workerJs,
    loadLongTasks: summarise(after.longTasks.filter((t) => t.start < t0)),
    training: {
      seconds,
      transformerSteps: await readout(page, 'transformer-step'),
      saeSteps: await readout(page, 'sae-step'),
      longTasks: summarise(between(t0, t1)),
      phases: { transformer: summarise(between(t0, tSae)), saes: summarise(between(tSae, tAnalyses)), analyses: summarise(between(tAnalyses, t1)) },
    },
  };
  await context.close();
  return report;
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const tasks = (l: LongTasks) => (l.count === 0 ? 'none' : `${l.count}, longest ${l.longestMs.toFixed(0)} ms, total ${l.totalMs.toFixed(0)} ms`);

export function formatPageReport(r: PageReport): string {
  const t = r.training;
  return [
    '| page measurement (wasm) | value | target |',
    '| --- | --- | --- |',
    `| first contentful paint | ${r.firstContentfulPaintMs.toFixed(0)} ms | |`,
    `| first section visible | ${r.firstSectionMs.toFixed(0)} ms | < 1,500 ms |`,
    `| initial JS (gzip) | ${kb(r.initialJsGzipBytes)} (${r.initialJs.map((s) => `${s.file} ${kb(s.gzipBytes)}`).join(', ')}) | ≤ 400 KB |`,
    `| lazy main-thread JS (gzip) | ${r.lazyJs.map((s) => `${s.file} ${kb(s.gzipBytes)}`).join(', ') || 'none'} | |`,
    `| worker JS (gzip) | ${r.workerJs.map((s) => `${s.file} ${kb(s.gzipBytes)}`).join(', ')} | |`,
    `| long tasks while loading | ${tasks(r.loadLongTasks)} | |`,
    `| long tasks while training (${t.seconds.toFixed(0)} s: ${t.transformerSteps} transformer steps, ${t.saeSteps} SAE steps, stability, features) | ` +
      `${tasks(t.longTasks)} | none (every task < 50 ms) |`,
    ...(['transformer', 'saes', 'analyses'] as const).map((p) => `| … of which ${p} | ${tasks(t.phases[p])} | |`),
  ].join('\n');
}
