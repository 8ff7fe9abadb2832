/**
 * A section's line about its stored run: the last checkpoint of the run training here, a storage warning, an
 * interrupted run's "Resume from step N", or a note that another tab trains it.
 */
import { useLab } from '../../store/lab.ts';
import type { RunKind } from '../../storage/schema.ts';
import { formatInt } from '../format.ts';

const time = (t: number) => new Date(t).toLocaleTimeString();

export function StoredRunNotice({ kind, testPrefix }: { kind: RunKind; testPrefix: string }) {
  const live = useLab((s) => s.storage.live[kind]);
  const offer = useLab((s) => s.storage.offers[kind]);
  const elsewhere = useLab((s) => s.storage.elsewhere[kind]);
  const resumeStored = useLab((s) => s.resumeStored);
  if (offer) {
    return (
      <div className="stored-notice stored-offer" data-testid={`${testPrefix}-resume-offer`}>
        <span>This run was interrupted. Its checkpoint continues it exactly where it was saved.</span>
        <button type="button" className="primary" data-testid={`${testPrefix}-resume-stored`} data-step={offer.step} onClick={() => void resumeStored(kind)}>
          Resume from step {formatInt(offer.step)}
        </button>
      </div>
    );
  }
  if (elsewhere) return <div className="stored-notice" data-testid={`${testPrefix}-elsewhere`}>Training in another tab of this lab: its results show here once it is opened again after it ends.</div>;
  if (!live) return null;
  return (
    <div className="stored-notice" data-testid={`${testPrefix}-checkpoint`} data-step={live.checkpoint?.step ?? ''}>
      {live.checkpoint ? `saved: checkpoint at step ${formatInt(live.checkpoint.step)} (${time(live.checkpoint.savedAt)})` : 'saving: first checkpoint soon'}
      {live.warning && <span className="stored-warning" role="alert" data-testid={`${testPrefix}-storage-warning`}>{live.warning}</span>}
    </div>
  );
}
