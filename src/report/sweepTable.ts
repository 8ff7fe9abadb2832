/**
 * Question 2's table from a sweep's results.json (`npm run sweep`): one row per configuration, its settings, then
 * stability (PWMCC, max-cosine form) beside its strongest null and the excess, the Fourier share, FVU and L0. A
 * stabiliser sweep (rows with a `stabiliser` part) adds each method's gain over plain training and over the shared-init
 * control, whether it was credited, and its FVU price.
 */
import type { SweepRow } from '../core/sweep/results.ts';
import type { ResultsJson } from '../core/sweep/table.ts';
import { settingFields } from '../core/sweep/table.ts';
import type { Chart } from './chart.ts';
import type { ExternalTable } from './model.ts';
import { signed } from '../core/format.ts';

const num = (x: number | null, digits = 3): string | null => (x === null ? null : x.toFixed(digits));
const signedOrNull = (x: number | null | undefined): string | null => (x === null || x === undefined ? null : signed(x));
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
  const stabilised = rows.some((r) => r.stabiliser);
  return {
    head: [...fields, 'seeds', 'PWMCC (max-cosine)', 'strongest null', 'excess', 'verdict', 'Fourier share', 'FVU', 'L0',
      ...(stabilised ? ['gain over plain', 'gain over plain · shared init', 'credited', 'FVU price'] : [])],
    rows: rows.map((r: SweepRow) => [
      ...fields.map((f) => String(r.setting[f as keyof SweepRow['setting']] ?? '')),
      r.seeds, spread(r.pwmccMax), r.pwmccMax.null === null ? null : `${r.pwmccMax.null} ${num(r.pwmccMax.nullMean)}`,
      num(r.pwmccMax.excess), r.verdict, spread(r.fourierShare), spread(r.fvu), spread(r.l0, 1),
      ...(stabilised ? stabiliserCells(r) : []),
    ]),
    command,
    ...gridFigure(results.rows, fields),
    answer: best
      ? `${results.rows.length} configuration(s) of sweep "${results.name}"; ${above} agree across seeds more than their strongest null. ` +
        `Best: ${fields.map((f) => `${f} = ${r2s(best.setting[f as keyof SweepRow['setting']])}`).join(', ')} ` +
        `(PWMCC, max-cosine form, ${num(best.pwmccMax.mean)} against ${best.pwmccMax.null} ${num(best.pwmccMax.nullMean)}; excess ${num(best.pwmccMax.excess)}).` +
        (results.missing.length ? ` ${results.missing.length} cell(s) had not finished.` : '') +
        (stabilised ? ` ${creditedSentence(rows)}` : '')
      : `Sweep "${results.name}" has no configuration with several seeds, so no stability to compare.`,
  };
}

/** A stabiliser row's comparison with plain training; a plain row's cells stay empty. */
const stabiliserCells = (r: SweepRow): (string | null)[] => {
  const s = r.stabiliser;
  if (!s) return [null, null, null, null];
  return [signedOrNull(s.gainOverPlain), signedOrNull(s.gainOverSharedInit), s.credited === null ? null : s.credited ? 'yes' : 'no', signedOrNull(s.fvuPrice)];
};

/** Which methods earned their stability: credited means beyond the strongest null and its control, still reconstructing. */
function creditedSentence(rows: SweepRow[]): string {
  const compared = rows.filter((r) => r.stabiliser);
  const credited = compared.filter((r) => r.stabiliser!.credited);
  if (credited.length === 0) {
    return `None of the ${compared.length} stabiliser configuration(s) made SAEs agree beyond both the strongest null and its control (plain training, or plain training with a shared initialisation) while still reconstructing.`;
  }
  return `${credited.length} of ${compared.length} stabiliser configuration(s) made SAEs agree beyond both the strongest null and its control while still reconstructing: ${credited.map((r) => r.id).join(', ')}.`;
}

/**
 * The sweep grid: PWMCC (max-cosine) excess over the strongest null for every pair of values of the first two
 * axes, when the sweep has exactly two and every pair has a stability number (otherwise no figure).
 */
function gridFigure(rows: SweepRow[], fields: string[]): Pick<ExternalTable, 'figure'> {
  if (fields.length !== 2) return {};
  const [fy, fx] = fields;
  const valuesOf = (f: string) => [...new Set(rows.map((r) => r2s(r.setting[f as keyof SweepRow['setting']])))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const [ys, xs] = [valuesOf(fy), valuesOf(fx)];
  const at = (y: string, x: string) => rows.find((r) => r2s(r.setting[fy as keyof SweepRow['setting']]) === y && r2s(r.setting[fx as keyof SweepRow['setting']]) === x)?.pwmccMax.excess ?? null;
  const values = ys.map((y) => xs.map((x) => at(y, x)));
  if (values.some((row) => row.some((v) => v === null))) return {};
  const flat = values.flat() as number[];
  const chart: Chart = { kind: 'heatmap', title: `PWMCC (max-cosine) minus its strongest null, by ${fy} (rows) and ${fx} (columns)`,
    rows: ys, cols: xs, values: values as number[][], min: Math.min(...flat), max: Math.max(...flat) };
  return { figure: { id: 'sweep-grid', caption: `Each configuration's stability as excess over its strongest null (mean over seeds); above 0 means the seeds agree more than that null explains.`, chart } };
}

const r2s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
