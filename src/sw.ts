/**
 * Registers the offline service worker (vite.config.ts) in production builds. The dev server (`npm start`) has none,
 * so editing never fights a cache. A browser that refuses service workers (private windows, tests that block them)
 * simply keeps working online.
 */
export function registerOfflineWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const url = `${import.meta.env.BASE_URL}sw.js`;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(url, { scope: import.meta.env.BASE_URL }).catch(() => undefined);
  });
}
