/**
 * The two moments of a run the worker cannot report at once: before its first step (the backend compiles its
 * kernels and reads the data: seconds, or a minute on a software GPU) and after Stop (the run ends at its next safe
 * point, after the step in flight, a last evaluation and a checkpoint). The page says so at once.
 */
import type { RunStatus } from '../worker/protocol.ts';

export const STOPPING_MESSAGE = 'stopping… (the run ends after the step in flight)';
export const WARMING_UP_MESSAGE = 'warming up… (the first step prepares the backend)';

export const isStopping = (s: { status: RunStatus; message: string | null }): boolean =>
  (s.status === 'running' || s.status === 'paused') && s.message === STOPPING_MESSAGE;

/** Running, and no training step has been reported yet. */
export const isWarmingUp = (status: RunStatus, step: number | undefined): boolean => status === 'running' && !(step !== undefined && step > 0);

/** The section's state once Stop is pressed: unchanged unless a run is active. */
export function stoppingState<S extends { status: RunStatus; message: string | null }>(s: S): S {
  return s.status === 'running' || s.status === 'paused' ? { ...s, message: STOPPING_MESSAGE } : s;
}
