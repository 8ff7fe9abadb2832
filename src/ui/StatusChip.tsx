/** The coloured status pill every notebook section shows in its header. */
export type ChipStatus = 'idle' | 'running' | 'paused' | 'done' | 'stale' | 'error';

const LABELS: Record<ChipStatus, string> = {
  idle: 'idle',
  running: 'running',
  paused: 'paused',
  done: 'done',
  stale: 'stale',
  error: 'error',
};

export function StatusChip({ status, testId, detail }: { status: ChipStatus; testId: string; detail?: string | null }) {
  return (
    <span className={`chip chip-${status}`} data-testid={testId} data-status={status} title={detail ?? undefined}>
      {status === 'running' && <span className="chip-pulse" aria-hidden />}
      {LABELS[status]}
    </span>
  );
}
