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

export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  return loss >= 0.01 ? loss.toFixed(3) : loss.toExponential(1);
}

export function formatAcc(acc: number): string {
  return `${(acc * 100).toFixed(1)}%`;
}
