/** The Fourier results of the transformer run on screen (nothing while they belong to an earlier run). */
import { useMemo } from 'react';
import { type FourierState, fourierFor } from '../../store/fourierSlice.ts';
import { useLab } from '../../store/lab.ts';

export function useFourier(): FourierState {
  const runId = useLab((s) => s.transformer.runId);
  const state = useLab((s) => s.fourier);
  return useMemo(() => fourierFor(state, runId), [state, runId]);
}

/** Colours shared by the section's charts: Fourier (key) things in violet, the rest in grey. */
export const FOURIER_COLORS = {
  key: '#7c3aed',
  keySoft: '#ddd6fe',
  other: '#94a3b8',
  faint: '#e2e8f0',
  train: '#2563eb',
  test: '#ea580c',
  restricted: '#7c3aed',
  excluded: '#0f766e', // teal-700: 5.5:1 on white, as the caption's text needs (teal-600 was 3.7:1)
} as const;

/** Axis labels of the Fourier frequency blocks: 'const', then k = 1..nFreq. */
export const frequencyLabels = (nFreq: number): string[] => ['const', ...Array.from({ length: nFreq }, (_, i) => String(i + 1))];

/** A flat row-major [rows × cols] array as Plotly's z (one array per row). */
export function toRows(flat: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[r * cols + c]));
}
