/**
 * The benchmark worker: starts the requested tfjs backend (no fallback — a benchmark of another backend would
 * mislead) and runs the same suite as `npm run bench`, posting progress lines and the report.
 */
import * as tf from '../../core/tf.ts';
import { startBrowserBackend } from '../../host/browserBackend.ts';
import { runSuite } from '../suite.ts';
import type { BenchMessage, BenchRequest } from './protocol.ts';

const scope = self as unknown as {
  postMessage(m: BenchMessage): void;
  onmessage: ((e: MessageEvent<BenchRequest>) => void) | null;
};
const post = (m: BenchMessage): void => scope.postMessage(m);

async function run({ backend, options }: BenchRequest): Promise<void> {
  const started = await startBrowserBackend(backend);
  if (started.backend !== backend) throw new Error(`${backend} did not start (${started.failures.map((f) => f.reason).join('; ')})`);
  const threads = backend === 'wasm' ? `, ${crossOriginIsolated ? navigator.hardwareConcurrency : 1} wasm threads` : '';
  post({ type: 'log', line: `backend ${tf.getBackend()}${threads}` });
  const report = await runSuite({ ...options, backend }, `${navigator.userAgent}, worker${threads}`, (line) => post({ type: 'log', line }));
  post({ type: 'report', report });
}

scope.onmessage = (e) => {
  run(e.data).catch((err: unknown) => post({ type: 'error', message: (err as Error).message }));
};
