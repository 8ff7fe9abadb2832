import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: {
    format: 'es',
    // tfjs-backend-wasm starts its pthreads from `factory.toString()`; the compressor drops the factory's
    // `typeof _scriptDir` guards (it sees the enclosing declaration), and each thread then dies with
    // "e is not defined". Mangling alone is safe and keeps the worker about as small.
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 5000,
    // The worker bundles all of tfjs, which always takes a few seconds; the timing notice is noise.
    // bench.html runs the benchmark suite in a worker of its own (bench/browser.ts drives it); the app never loads it.
    rolldownOptions: { checks: { bundlerTimings: false }, input: { index: 'index.html', bench: 'bench.html' } },
  },
});
