/**
 * When a new Start continues the shown comparison instead of starting over (issue 14): the shown run kept some
 * arms but not all of them (stopped, interrupted, or its engine restarted), and the new run would train the same
 * SAEs, the same methods and read the same transformer at the same step — so the kept arms are the arms it would
 * train. The arm that was training when the run ended continues from its last save (the worker stores one every few
 * seconds under the run's record), or from its start when none was saved.
 */
import type { StabiliseBlock } from '../core/stabilise/block.ts';
import type { FinishedArm } from '../core/stabilise/finished.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import type { StabiliseRecord } from '../core/stabilise/record.ts';

/** What a comparison's arms were trained on: the SAE settings, the methods and the transformer read. */
export interface ComparisonBasis {
  sae: SaeSpec;
  block: StabiliseBlock;
  /** The transformer run (its stored id, or the page's run when nothing is stored) and the step read: "id@step". */
  source: string;
}

export const sourceKey = (runId: string, step: number): string => `${runId}@${step}`;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type Shown = { finished: FinishedArm[]; basis: ComparisonBasis | null; record: StabiliseRecord | null };

/** Whether a Start on `basis` continues the shown run: it is incomplete and was trained on the same basis. */
export function continuesShown(shown: Shown, basis: ComparisonBasis): boolean {
  if (!shown.basis) return false;
  if (shown.record && (shown.record.missing ?? []).length === 0) return false; // complete: a new Start is a new run
  return same(shown.basis.sae, basis.sae) && same(shown.basis.block, basis.block) && shown.basis.source === basis.source;
}

/** The arms a Start on `basis` keeps from the shown run, or none (nothing kept, all kept, or another basis). */
export function armsToCarry(shown: Shown, basis: ComparisonBasis): FinishedArm[] {
  return shown.finished.length > 0 && continuesShown(shown, basis) ? shown.finished : [];
}
