/**
 * Page entry. The main thread renders only: every tensor lives in the engine worker, and this bundle must not
 * import tfjs (the e2e suite checks that).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useLab } from './store/lab.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';
import { registerOfflineWorker } from './sw.ts';

declare global {
  interface Window {
    /** Test and debugging hook: `await window.__lab.workerMemory()` gives tf.memory() inside the worker. */
    __lab?: { workerMemory: () => Promise<{ numTensors: number; numBytes: number }> };
  }
}
window.__lab = { workerMemory: () => useLab.getState().workerMemory() };

registerOfflineWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
