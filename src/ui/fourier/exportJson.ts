/** The Fourier section's numbers as one JSON file, saved with the spec that produced them. */
import type { TransformerSpec } from '../../core/spec/transformer.ts';
import type { FourierState } from '../../store/fourierSlice.ts';

export function fourierExport(state: FourierState, spec: TransformerSpec | null) {
  return {
    kind: 'sae-stability-lab/fourier',
    version: 1,
    exportedAt: new Date().toISOString(),
    definitions: 'docs/metrics.md, section "Fourier"',
    transformer: spec,
    snapshot: state.snapshot,
    /** Restricted/excluded loss and key frequencies at every analysed step. */
    history: state.history,
    selected: state.detail,
  };
}

export function downloadJson(value: unknown, filename: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 1)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
