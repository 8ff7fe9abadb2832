/**
 * Question 2's table from a sweep's results.json (`npm run sweep`): one row per configuration, its settings, then
 * stability (PWMCC, max-cosine form) beside its strongest null and the excess, the Fourier share, FVU and L0.
 */
import type { SweepRow } from '../core/sweep/results.ts';
import type { ResultsJson } from '../core/sweep/table.ts';
import { settingFields } from '../core/sweep/table.ts';
import type { ExternalTable } from './model.ts';

const num = (x: number | null, digits = 3): string | null => (x === null ? null : x.toFixed(digits));
const spread = (s: { mean: number | null; std: number | null }, digits = 3): string | null =>
  s.mean === null ? null : s.std === null ? num(s.mean, digits) : `${num(s.mean, digits)} ± ${num(s.std, digits)}`;

export const isSweepResults = (raw: unknown): raw is ResultsJson =>
  typeof raw === 'object' && raw !== null && 'rowsVersion' in raw && Array.isArray((raw as { rows?: unknown }).rows);

/** The rows sorted by their excess over the strongest null (best first); configurations without stability last. */
export function sweepTable(results: ResultsJson, command: string): ExternalTable {
  const fields = settingFields(results.rows);
  const rows = [...results.rows].sort((a, b) => (b.pwmccMax.excess ?? -Infinity) - (a.pwmccMax.excess ?? -Infinity));
  const best = rows.find((r) => r.pwmccMax.excess !== null);
  const above = rows.filter((r) => (r.pwmccMax.excess ?? 0) > 0).length;
  return {
    head: [...fields, 'seeds', 'PWMCC (max-cosine)', 'strongest null', 'excess', 'verdict', 'Fourier share', 'FVU', 'L0'],
    rows: rows.map((r: SweepRow) => [
      ...fields.map((f) => String(r.setting[f as keyof SweepRow['setting']] ?? '')),
      r.seeds, spread(r.pwmccMax), r.pwmccMax.null === null ? null : `${r.pwmccMax.null} ${num(r.pwmccMax.nullMean)}`,
      num(r.pwmccMax.excess), r.verdict, spread(r.fourierShare), spread(r.fvu), spread(r.l0, 1),
    ]),
    command,
    answer: best
      ? `${results.rows.length} configuration(s) of sweep "${results.name}"; ${above} agree across seeds more than their strongest null. ` +
        `Best: ${fields.map((f) => `${f} = ${r2s(best.setting[f as keyof SweepRow['setting']])}`).join(', ')} ` +
        `(PWMCC, max-cosine form, ${num(best.pwmccMax.mean)} against ${best.pwmccMax.null} ${num(best.pwmccMax.nullMean)}; excess ${num(best.pwmccMax.excess)}).` +
        (results.missing.length ? ` ${results.missing.length} cell(s) had not finished.` : '')
      : `Sweep "${results.name}" has no configuration with several seeds, so no stability to compare.`,
  };
}

const r2s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
