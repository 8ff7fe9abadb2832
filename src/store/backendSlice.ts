/** Which tfjs backend the engine worker runs, why (when it is not WebGPU), and what the user asked for. */
import { BACKENDS, type BackendChoice, type BackendFailure, type BackendName, type FromWorker } from '../worker/protocol.ts';

export interface BackendState {
  choice: BackendChoice;
  /** null while the worker is starting its backend. */
  active: BackendName | null;
  /** Why the backend in use is not WebGPU. */
  reason: string | null;
  failures: BackendFailure[];
  /** A worker-level failure: no backend could start, the worker crashed, or the GPU device was lost. */
  error: string | null;
}

export const BACKEND_CHOICES: BackendChoice[] = ['auto', ...BACKENDS];

/** `?backend=wasm` (or webgpu, webgl, cpu, auto) picks the backend from the URL; tests and share links use it. */
export function backendFromUrl(search: string): BackendChoice {
  const wanted = new URLSearchParams(search).get('backend');
  return BACKEND_CHOICES.find((c) => c === wanted) ?? 'auto';
}

export function startingBackend(choice: BackendChoice): BackendState {
  return { choice, active: null, reason: null, failures: [], error: null };
}

export function backendReceive(state: BackendState, msg: FromWorker): BackendState {
  if (msg.type === 'ready') {
    return { ...state, active: msg.backend, reason: msg.reason ?? null, failures: msg.failures, error: null };
  }
  if (msg.type === 'error' && msg.section === undefined) return { ...state, error: msg.message };
  return state;
}
