/**
 * What the browser benchmarks share: their command-line flags, building the app (`vite build`), serving it with
 * `vite preview` (COOP/COEP headers, so wasm runs threaded) and driving Debian's /usr/bin/chromium against it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { type Browser, chromium } from '@playwright/test';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'];

export const hasFlag = (name: string) => process.argv.includes(name);
export function flagValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
export const log = (s: string) => process.stderr.write(s + '\n');

function buildApp(): void {
  log('building (vite build)');
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build failed');
}

/** Serves dist/ on `port` and resolves once it answers. */
async function startServer(base: string, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${base}`);
}

/** The machine and its load average before (given) and now, for the report header. */
export function machineLine(loadBefore: number): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
}

/**
 * Builds the app (unless `--no-build`), serves it on `port`, launches Chromium and runs `use`; the server and the
 * browser are closed afterwards, also on Ctrl-C. Exits with status 1 on an error.
 */
export async function withAppInChromium(port: number, use: (browser: Browser, base: string) => Promise<void>): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  try {
    if (!hasFlag('--no-build')) buildApp();
    const server = await startServer(base, port);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const cleanUp = () => {
      server.kill();
      void browser.close().finally(() => process.exit(130));
    };
    process.once('SIGINT', cleanUp);
    process.once('SIGTERM', cleanUp);
    try {
      await use(browser, base);
    } finally {
      await browser.close();
      server.kill();
    }
  } catch (e) {
    console.error(e);
    process.exit(1);
  }
}
