/**
 * The shell of one notebook cell: number, title, one-line purpose, status chip, then the section's own content.
 * Every section (Transformer now; SAEs, stability, Fourier later) renders inside this shell.
 */
import type { ReactNode } from 'react';
import { type ChipStatus, StatusChip } from './StatusChip.tsx';

export interface SectionProps {
  id: string;
  index: number;
  title: string;
  purpose: string;
  status: ChipStatus;
  statusDetail?: string | null;
  children: ReactNode;
}

export function Section({ id, index, title, purpose, status, statusDetail, children }: SectionProps) {
  return (
    // id and tabIndex -1: the skip links (SkipLinks.tsx) move focus here.
    <section id={`section-${id}`} tabIndex={-1} className={`cell cell-${status}`} data-testid={`section-${id}`} aria-labelledby={`${id}-title`}>
      <header className="cell-head">
        <span className="cell-index" aria-hidden>{index}</span>
        <div className="cell-titles">
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="cell-purpose">{purpose}</p>
        </div>
        <div className="cell-status">
          <StatusChip status={status} testId={`${id}-status`} detail={statusDetail} />
          {statusDetail && <span className="cell-status-detail" data-testid={`${id}-status-detail`}>{statusDetail}</span>}
        </div>
      </header>
      <div className="cell-body">{children}</div>
    </section>
  );
}
