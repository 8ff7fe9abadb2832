/**
 * bench.html: runs the benchmark suite in a Web Worker on the backend named by `?backend=` (wasm or webgpu) and
 * shows progress. `?repeats=&warmup=&memorySteps=&quick=1&skipSlow=1` size the run. The result lands in `window.__bench`
 * (read by bench/browser.ts) and on the page as a table.
 */
import type { BackendName } from '../../worker/protocol.ts';
import { formatReport } from '../report.ts';
import { parseCaseKinds } from '../suite.ts';
import type { BenchMessage, BenchRequest } from './protocol.ts';

declare global {
  interface Window {
    __bench?: { lines: string[]; report?: unknown; error?: string };
  }
}

const q = new URLSearchParams(location.search);
const num = (name: string, fallback: number) => Number(q.get(name) ?? fallback);
const backend = (q.get('backend') ?? 'wasm') as BackendName;
const quick = q.get('quick') === '1';
const request: BenchRequest = {
  type: 'run',
  backend,
  options: {
    repeats: num('repeats', 5), warmup: num('warmup', 2), quick, skipSlow: q.get('skipSlow') === '1',
    memorySteps: num('memorySteps', quick ? 20 : 200), only: parseCaseKinds(q.get('only')),
  },
};

const out = document.getElementById('out')!;
const state: NonNullable<Window['__bench']> = { lines: [] };
window.__bench = state;
const show = (line: string) => {
  state.lines.push(line);
  out.textContent += line + '\n';
  console.log(line); // bench/browser.ts echoes the page's console
};

show(`benchmark on ${backend}: ${JSON.stringify(request.options)}`);
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
worker.onmessage = (e: MessageEvent<BenchMessage>) => {
  const m = e.data;
  if (m.type === 'log') show(m.line);
  else if (m.type === 'error') {
    state.error = m.message;
    show(`error: ${m.message}`);
  } else {
    show('\n' + formatReport(m.report));
    state.report = m.report;
    worker.terminate();
  }
};
worker.onerror = (e) => {
  state.error = `bench worker crashed: ${e.message || 'unknown error'}`;
  show(state.error);
};
worker.postMessage(request);
