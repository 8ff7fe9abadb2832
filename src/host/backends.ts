/** The tfjs backends the lab can run on, shared by the host that starts them and the worker protocol that names them. */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** What the user asks for: `auto` tries webgpu → webgl → wasm → cpu. */
export type BackendChoice = 'auto' | BackendName;

/** Why a backend did not start, e.g. { backend: 'webgpu', reason: 'navigator.gpu missing' }. */
export interface BackendFailure {
  backend: BackendName;
  reason: string;
}
