/** Number formats for readouts a room can read from the back row. */

export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatRate(stepsPerSec: number): string {
  if (!(stepsPerSec > 0)) return '—';
  return stepsPerSec >= 10 ? stepsPerSec.toFixed(0) : stepsPerSec.toFixed(1);
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * The smallest loss the page shows or plots (docs/metrics.md). A float32 cross-entropy of a memorised training set
 * reaches 0 exactly: a readout would say "0.0e+0" and a log-scale chart would drop the point; both show this floor.
 */
export const LOSS_FLOOR = 1e-7;

export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  if (loss < LOSS_FLOOR) return '< 1e-7';
  return loss >= 0.01 ? loss.toFixed(3) : loss.toExponential(1);
}

/** A value as drawn on any log axis of the page (losses, MSE, FVU): at least LOSS_FLOOR (NaN stays a gap). */
export const onLogAxis = (v: number): number => (v < LOSS_FLOOR ? LOSS_FLOOR : v);

export function formatAcc(acc: number): string {
  return `${(acc * 100).toFixed(1)}%`;
}
