import type { NullName } from '../analysis/nullNames.ts';
import type { VerdictKind } from '../analysis/nullVerdict.ts';
import type { ExperimentReport } from '../report.ts';
import { SpecError } from '../spec/fields.ts';
import type { SweepCell } from './expand.ts';
import type { SweepField, SweepValue } from './spec.ts';

/**
 * The results table: one row per configuration (cell), its SAE seeds aggregated, built from the cell's report.json
 * (the experiment report, src/core/report.ts). Every stability number stands beside its strongest null — for each form
 * the null with the highest mean of that form (docs/metrics.md), the most demanding yardstick — and the excess over
 * it. Values a cell cannot have (stability with one seed) are null, so the rows survive JSON.
 */

/**
 * Version 1 throughout: a stabiliser cell's row adds the optional `stabiliser` part, which plain rows (and rows
 * stored before it) do not have, so every stored row still reads, and a plain row is the same as before.
 */
export const ROWS_VERSION = 1;

export interface Spread {
  mean: number | null;
  std: number | null;
}

/** A stability form against its strongest null. */
export interface AgainstNull extends Spread {
  /** The null with the highest mean of this form, or null without stability (one seed). */
  null: NullName | null;
  nullMean: number | null;
  /** mean − nullMean: above 0 the SAEs agree more than that null explains. */
  excess: number | null;
}

export interface SweepRow {
  id: string;
  /** The fields this configuration sets (the axes' values). */
  setting: Record<SweepField, SweepValue>;
  seeds: number;
  fvu: Spread;
  l0: Spread;
  deadFraction: Spread;
  /** PWMCC, max-cosine form (the plan's metric). */
  pwmccMax: AgainstNull;
  /** PW-MCC, one-to-one form (Song et al. 2025). */
  pwmccOneToOne: AgainstNull;
  sharedFraction: AgainstNull;
  /** The report's verdict (max-cosine form against its strongest null): beats, mixed, chance or below. */
  verdict: VerdictKind | null;
  /** Share of live latents that pass the Fourier test, over the seeds. */
  fourierShare: Spread;
  /** Latents that are both stable and Fourier, summed over the seeds, and their share of the live latents. */
  stableFourier: number | null;
  stableFourierShare: number | null;
  /** Compute recorded in the report for this cell: SAE training and stability analysis (the shared transformer's is not the cell's). */
  wallSeconds: number;
  /** A stabiliser cell only (its report's `stabilise`): the method against plain training and the controls. */
  stabiliser?: StabiliserColumns;
}

/**
 * A stabiliser cell's comparison in a row, from the comparison's rows (core/stabilise/controls.ts); the row's
 * own columns (FVU, PWMCC, …) describe the method arm. Each number is null where the comparison lacks its row.
 */
export interface StabiliserColumns {
  /** The method arm, e.g. "consistency". */
  arm: string;
  /** Max-cosine PWMCC of the method minus plain training's (both held out, own init). */
  gainOverPlain: number | null;
  /** Max-cosine PWMCC of the method minus plain training with every seed starting from the same weights (the shared-init control). */
  gainOverSharedInit: number | null;
  /** The row it must beat for credit (plain; plain · shared rows for an init shared by construction) and its margin. */
  gainOver: string | null;
  margin: number | null;
  /** Credited: beats the strongest null and its baseline by more than the margin, and still reconstructs. */
  credited: boolean | null;
  /** FVU price: the method's mean FVU minus plain training's. */
  fvuPrice: number | null;
}

const finite = (x: number | undefined | null): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function spreadOf(values: number[]): Spread {
  const xs = values.filter(Number.isFinite);
  if (xs.length === 0) return { mean: null, std: null };
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return { mean, std };
}

type Form = 'pwmccMax' | 'pwmccOneToOne' | 'sharedFraction';

function againstNull(report: ExperimentReport, form: Form): AgainstNull {
  const s = report.stability;
  if (!s) return { mean: null, std: null, null: null, nullMean: null, excess: null };
  let best: NullName | null = null;
  for (const [name, n] of Object.entries(s.nulls) as [NullName, (typeof s.nulls)[NullName]][]) {
    const m = n?.[form]?.mean;
    if (Number.isFinite(m) && (best === null || m > s.nulls[best][form].mean)) best = name;
  }
  const mean = finite(s[form].mean);
  const nullMean = best === null ? null : finite(s.nulls[best][form].mean);
  return { mean, std: finite(s[form].std), null: best, nullMean, excess: mean !== null && nullMean !== null ? mean - nullMean : null };
}

function stableFourierOf(report: ExperimentReport): { count: number | null; share: number | null } {
  const pooled = report.stableFourier?.trained.pooled;
  if (!pooled) return { count: null, share: null };
  const live = pooled.stableFourier + pooled.stableOther + pooled.unstableFourier + pooled.unstableOther;
  return { count: pooled.stableFourier, share: live > 0 ? pooled.stableFourier / live : null };
}

/** The stabiliser columns of a report with a comparison (a stabiliser cell), else undefined. */
export function stabiliserColumnsOf(report: ExperimentReport): StabiliserColumns | undefined {
  const s = report.stabilise;
  if (!s) return undefined;
  const row = (label: string) => s.rows.find((r) => r.label === label && r.role !== 'ownReference');
  const method = row(s.arm);
  const plain = row('plain');
  const sharedInit = row('plain · shared init');
  const minus = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : finite(a - b));
  return {
    arm: s.arm,
    gainOverPlain: minus(method?.pwmccMax.mean, plain?.pwmccMax.mean),
    gainOverSharedInit: minus(method?.pwmccMax.mean, sharedInit?.pwmccMax.mean),
    gainOver: method?.gain?.over ?? null,
    margin: finite(method?.gain?.margin),
    credited: method?.gain ? method.gain.credited : null,
    fvuPrice: minus(method?.price.fvu.mean, plain?.price.fvu.mean),
  };
}

/** One configuration's row from its report. */
export function rowOf(cell: Pick<SweepCell, 'id' | 'setting'>, report: ExperimentReport): SweepRow {
  const saes = report.saes ?? [];
  const stable = stableFourierOf(report);
  const saeSeconds = saes.length > 0 ? saes[0].wallSeconds : 0; // every seed trains together: one wall time
  const analysisSeconds = (report.stability?.elapsedMs ?? 0) / 1000;
  const stabiliser = stabiliserColumnsOf(report);
  return {
    id: cell.id,
    setting: { ...cell.setting },
    seeds: saes.length,
    fvu: spreadOf(saes.map((s) => s.fvu)),
    l0: spreadOf(saes.map((s) => s.l0)),
    deadFraction: spreadOf(saes.map((s) => s.deadFraction)),
    pwmccMax: againstNull(report, 'pwmccMax'),
    pwmccOneToOne: againstNull(report, 'pwmccOneToOne'),
    sharedFraction: againstNull(report, 'sharedFraction'),
    verdict: report.stability?.verdict.kind ?? null,
    fourierShare: spreadOf((report.fourier.saes ?? []).map((s) => s.share)),
    stableFourier: stable.count,
    stableFourierShare: stable.share,
    wallSeconds: saeSeconds + analysisSeconds,
    ...(stabiliser ? { stabiliser } : {}),
  };
}

const canonicalJson = (x: unknown): string =>
  JSON.stringify(x, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));

/**
 * Whether a report was made by this cell's spec (a stale one must not be reused). The name is a label (it holds the
 * sweep's name), not part of the experiment: a cell finished in another sweep with the same settings counts.
 */
export function reportMatchesCell(cell: Pick<SweepCell, 'spec'>, report: ExperimentReport): boolean {
  const unnamed = (spec: unknown) => (spec && typeof spec === 'object' ? { ...spec, name: undefined } : spec);
  return canonicalJson(unnamed(report?.spec)) === canonicalJson(unnamed(cell.spec));
}

export interface MergedTable {
  rows: SweepRow[];
  /** Cells with no finished report yet, in sweep order. */
  missing: string[];
}

/**
 * The table of a whole sweep from whatever rows exist (shards, resumed runs): one row per cell in the sweep's
 * order, whichever source held it. The same cell twice must be the same row (else the sources disagree: refused).
 */
export function mergeRows(cells: Pick<SweepCell, 'id'>[], sources: SweepRow[][]): MergedTable {
  const byId = new Map<string, SweepRow>();
  const order = new Set(cells.map((c) => c.id));
  for (const rows of sources) {
    for (const row of rows) {
      if (!order.has(row.id)) throw new SpecError(`row ${row.id} is not a cell of this sweep`);
      const seen = byId.get(row.id);
      if (seen && canonicalJson(seen) !== canonicalJson(row)) throw new SpecError(`cell ${row.id} has two different results`);
      byId.set(row.id, row);
    }
  }
  const rows: SweepRow[] = [];
  const missing: string[] = [];
  for (const c of cells) {
    const row = byId.get(c.id);
    if (row) rows.push(row);
    else missing.push(c.id);
  }
  return { rows, missing };
}
