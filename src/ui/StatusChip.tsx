/** The coloured status pill every notebook section shows in its header. */
export type ChipStatus = 'idle' | 'running' | 'paused' | 'done' | 'stale' | 'error';

export function StatusChip({ status, testId, detail }: { status: ChipStatus; testId: string; detail?: string | null }) {
  return (
    <span className={`chip chip-${status}`} data-testid={testId} data-status={status} title={detail ?? undefined}>
      {status === 'running' && <span className="chip-pulse" aria-hidden />}
      {status}
    </span>
  );
}
