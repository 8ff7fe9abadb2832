import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Offline use (README "Teaching with the lab"): a Workbox service worker precaches the whole build — the page, the
 * engine worker, the three tfjs .wasm files and every lazily loaded chunk (plotly) — so after one visit the lab loads
 * and trains with the network off. Precached responses keep the headers they were fetched with, COOP/COEP included,
 * so a page served from the cache is still cross-origin isolated and the wasm backend keeps its threads. Only the
 * production build registers it (src/sw.ts); `npm start` has none.
 */
const offline = VitePWA({
  injectRegister: null, // src/sw.ts registers it, in production builds only
  registerType: 'autoUpdate',
  manifest: {
    name: 'SAE Stability Lab',
    short_name: 'SAE Lab',
    description: 'Grok a modular-addition transformer, train sparse autoencoders on it with several seeds, and ask whether they find the same features.',
    start_url: '.',
    display: 'standalone',
    background_color: '#f6f7f9',
    theme_color: '#2563eb',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    // Everything the app loads, public/ included (icons; model files as .json/.bin/.safetensors; the metrics doc as .md).
    globPatterns: ['**/*.{js,mjs,css,html,wasm,svg,png,json,webmanifest,bin,safetensors,md}'],
    globIgnores: ['bench.html', '**/bench-*', '**/bench.worker-*'], // the benchmark page is not part of the app
    // The engine worker bundles tfjs (several MB) and plotly is ~4.6 MB: both must be precached.
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/bench/],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
  },
});

export default defineConfig({
  plugins: [react(), offline],
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
