import { defineConfig } from '@playwright/test';
import type { LabOptions } from './e2e/fixtures.ts';

/**
 * Browser tests drive Debian's Chromium (scripts/ensure-chromium.sh installs it; Playwright's own download cannot
 * work offline). They run against a production build served by `vite preview`, which sends the COOP/COEP headers
 * the wasm backend needs for threads. Two projects train the same way on two backends:
 *   webgpu — WebGPU on SwiftShader (a CPU implementation; slow but correct), forced with `?backend=webgpu` (the
 *            automatic choice skips a software adapter and would run wasm);
 *   wasm   — the fallback, forced with the page's `?backend=wasm` URL option.
 */
// Each checkout gets its own default port (from its path), so a server another checkout left running is never reused
// for this one's build; E2E_PORT picks one by hand.
const checkoutPort = (dir: string) => 4317 + ([...dir].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 600);
const PORT = Number(process.env.E2E_PORT ?? checkoutPort(process.cwd()));
const BACKEND_INDEPENDENT = [
  '**/share.spec.ts', '**/storage.spec.ts', '**/files.spec.ts', '**/a11y.spec.ts',
  '**/pretrained.spec.ts', '**/offline.spec.ts', '**/transformerImport.spec.ts', '**/report.spec.ts',
];
/** Specs whose browser side is the same on every backend and whose training math is checked per backend in Node: wasm only. */
const WASM_ONLY = [
  '**/saeArchitectures.spec.ts', '**/sweep.spec.ts', '**/stabilise.spec.ts', '**/sweepReload.spec.ts', '**/sweepResume.spec.ts', '**/sweepOpen.spec.ts',
];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default defineConfig<LabOptions>({
  testDir: 'e2e',
  workers: 1, // 2-core machines: one browser at a time
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    // The production build registers an offline service worker; only e2e/offline.spec.ts lets it run (each test's
    // fresh context would otherwise precache ~9 MB, and its cache would count against the storage tests' quotas).
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'webgpu',
      // Page logic that is the same on every backend runs in the wasm project only (a run on SwiftShader takes minutes).
      testIgnore: [...BACKEND_INDEPENDENT, ...WASM_ONLY],
      // Single tests of mixed files: @any-backend is page logic, @converges trains to test accuracy ≥ 0.99 (WebGPU's
      // convergence check is `npm run bench:grok -- --preset tiny --backend webgpu`: ~10 min on SwiftShader).
      grepInvert: /@any-backend|@converges/,
      use: {
        backendQuery: '?backend=webgpu',
        launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] },
      },
    },
    { name: 'wasm', use: { backendQuery: '?backend=wasm' } },
  ],
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
