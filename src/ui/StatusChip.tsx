/** The coloured status pill every notebook section shows in its header. */
/** `interrupted`: the section shows a stored run that stopped mid-training and can be resumed from its checkpoint. */
export type ChipStatus = 'idle' | 'running' | 'paused' | 'done' | 'stale' | 'error' | 'interrupted';

export function StatusChip({ status, testId, detail }: { status: ChipStatus; testId: string; detail?: string | null }) {
  return (
    <span className={`chip chip-${status}`} data-testid={testId} data-status={status} title={detail ?? undefined}>
      {status === 'running' && <span className="chip-pulse" aria-hidden />}
      {status}
    </span>
  );
}
