import { absolute, matMulTransposedJs, normalizeRows } from '../analysis/cosine.ts';
import { type NullLevel, type PairStat, type StabilityVerdict, judgeStability, marginFor } from '../analysis/nullVerdict.ts';
import type { NullName } from '../analysis/nullNames.ts';
import { type Dictionary, pwmccMaxOf, pwmccOneToOneOf, sharedLatentsOf } from '../analysis/pairMetrics.ts';
import { type MeanStd, meanStd } from '../analysis/stats.ts';
import { getStabiliser } from './methods.ts';
import type { StabiliserName, StabiliserSpec } from './spec.ts';

/**
 * The controls beside every stabiliser (issue 14), as pure functions of per-seed results:
 * - held-out evaluation: stability counts only between SAEs that did not train together and were not pulled to one
 *   shared reference; a score against a seed's own reference is its own row, labelled and never in the verdict;
 * - shared initialisation: the same method (and plain training) with every seed starting from the same weights;
 * - the price: FVU, L0, dead fraction and Fourier share beside the stability;
 * - the strongest null (src/core/analysis/nullVerdict.ts) on every stability number.
 */

/** One trained SAE of one arm. */
export interface SeedOutcome {
  seed: number;
  /** SAEs of one group trained together; stability is measured only between groups. */
  group: number;
  dictionary: Dictionary;
  fvu: number;
  l0: number;
  deadFraction: number;
  /** Fraction of live latents that are Fourier latents (src/core/analysis/latentFourier.ts), when measured. */
  fourierShare: number | null;
  /** Fraction of latents stable across seeds and Fourier at once (stableFourier.ts), when measured. */
  stableFourier?: number | null;
}

/** One arm of the comparison: a method (or plain training) with one initialisation, over the common seeds. */
export interface Arm {
  method: StabiliserName;
  init: StabiliserSpec['init'];
  /** init sharedRows: how many decoder rows every seed shares. */
  sharedRows?: number;
  /** Decoder rows the method's own init makes the same for every seed (Fourier initialisation). */
  fixedRows?: number;
  /** How the references were assigned (methods with a reference). */
  reference?: 'perSeed' | 'shared';
  seeds: SeedOutcome[];
  /** Per seed (same order), its reference's dictionary (methods with a reference). */
  references?: Dictionary[];
}

export type RowRole = 'baseline' | 'method' | 'control' | 'ownReference';

export interface ComparisonRow {
  label: string;
  method: StabiliserName;
  init: StabiliserSpec['init'];
  role: RowRole;
  /** Stability measured between independent SAEs (held out); false rows are shown, never judged. */
  heldOut: boolean;
  inVerdict: boolean;
  note: string;
  /** Independent units compared (groups) and the pairs of SAEs behind the numbers. */
  units: number;
  pairs: number;
  /** Max-cosine PWMCC over units (a pair of groups scores the mean of its cross pairs). */
  pwmccMax: PairStat;
  pwmccOneToOne: MeanStd;
  sharedFraction: MeanStd | null;
  /** Excess over the strongest null per form (shared fraction has no null level yet). */
  excess: { pwmccMax: number | null; pwmccOneToOne: number | null };
  verdict: StabilityVerdict | null;
  /** Gain in max-cosine PWMCC over the row it must beat (plain, or plain with shared init for a shared-by-construction init). */
  gain: { over: string; pwmccMax: number; margin: number; credited: boolean; /** FVU within the limit of its baseline's (fvuLimit). */ reconstructs?: boolean } | null;
  price: { fvu: MeanStd; l0: MeanStd; deadFraction: MeanStd; fourierShare: MeanStd | null; stableFourier: MeanStd | null };
}

/** The three measures of one pair of SAEs, in plain JS (sync). */
export function pairMeasures(a: Dictionary, b: Dictionary): { pwmccMax: number; pwmccOneToOne: number; sharedFraction: number | null } {
  if (a.d !== b.d) throw new Error(`dictionaries live in different spaces (d = ${a.d} and ${b.d})`);
  const cos = matMulTransposedJs(normalizeRows(a.decoder, a.n, a.d), normalizeRows(b.decoder, b.n, b.d), a.n, b.n, a.d);
  const abs = absolute(cos);
  const shared = a.encoder && b.encoder
    ? sharedLatentsOf(cos, matMulTransposedJs(normalizeRows(a.encoder, a.n, a.d), normalizeRows(b.encoder, b.n, b.d), a.n, b.n, a.d), a.n, b.n).fraction
    : null;
  return { pwmccMax: pwmccMaxOf(abs, a.n, b.n), pwmccOneToOne: pwmccOneToOneOf(abs, a.n, b.n).value, sharedFraction: shared };
}

/** The groups of an arm in first-seen order, each a list of seed positions. */
function groupsOf(seeds: SeedOutcome[]): number[][] {
  const byGroup = new Map<number, number[]>();
  seeds.forEach((s, i) => byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), i]));
  return [...byGroup.values()];
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Stability between independent units: a pair of groups scores the mean over its cross pairs of SAEs. */
export function heldOutStability(seeds: SeedOutcome[]): { pwmccMax: PairStat; pwmccOneToOne: MeanStd; sharedFraction: MeanStd | null; units: number; pairs: number } {
  const groups = groupsOf(seeds);
  const U = groups.length;
  const matrix = Array.from({ length: U }, (_, a) => Array.from({ length: U }, (_, b) => (a === b ? 1 : NaN)));
  const oneToOne: number[] = [];
  const shared: number[] = [];
  let pairs = 0;
  for (let a = 0; a < U; a++) {
    for (let b = a + 1; b < U; b++) {
      const cross = groups[a].flatMap((i) => groups[b].map((j) => pairMeasures(seeds[i].dictionary, seeds[j].dictionary)));
      pairs += cross.length;
      matrix[a][b] = matrix[b][a] = meanOf(cross.map((m) => m.pwmccMax));
      oneToOne.push(meanOf(cross.map((m) => m.pwmccOneToOne)));
      if (cross.every((m) => m.sharedFraction !== null)) shared.push(meanOf(cross.map((m) => m.sharedFraction!)));
    }
  }
  const upper = matrix.flatMap((row, a) => row.filter((_, b) => b > a));
  return {
    pwmccMax: { matrix, ...meanStd(upper) }, pwmccOneToOne: meanStd(oneToOne),
    sharedFraction: shared.length === oneToOne.length && shared.length > 0 ? meanStd(shared) : null, units: U, pairs,
  };
}

function priceOf(seeds: SeedOutcome[]): ComparisonRow['price'] {
  const known = (xs: (number | null | undefined)[]) => (xs.every((x) => typeof x === 'number') ? meanStd(xs as number[]) : null);
  return {
    fvu: meanStd(seeds.map((s) => s.fvu)), l0: meanStd(seeds.map((s) => s.l0)), deadFraction: meanStd(seeds.map((s) => s.deadFraction)),
    fourierShare: known(seeds.map((s) => s.fourierShare)), stableFourier: known(seeds.map((s) => s.stableFourier)),
  };
}

/** An arm's name in the table, e.g. "consistency · shared init" or "plain · 12 shared rows". */
export const armLabel = (arm: Pick<Arm, 'method' | 'init' | 'sharedRows' | 'reference'>): string =>
  arm.method +
  (arm.init === 'shared' ? ' · shared init' : arm.init === 'sharedRows' ? ` · ${arm.sharedRows ?? 0} shared rows` : '') +
  (arm.reference === 'shared' ? ' · shared reference' : '');

/** Whether an arm's seeds are independent SAEs: own init unless a control, and no single shared reference. */
function roleAndHeldOut(arm: Arm): { role: RowRole; heldOut: boolean; note: string } {
  if (arm.method === 'plain') {
    if (arm.init === 'own') return { role: 'baseline', heldOut: true, note: 'plain training, each seed its own initialisation' };
    return arm.init === 'shared'
      ? { role: 'control', heldOut: false, note: 'control: plain training with every seed starting from the same weights — what init alone explains' }
      : { role: 'control', heldOut: false, note: `control: plain training with the first ${arm.sharedRows ?? 0} decoder rows the same random rows for every seed` };
  }
  if (arm.init !== 'own') return { role: 'control', heldOut: false, note: 'control: the method with every seed starting from the same weights' };
  if (arm.reference === 'shared') return { role: 'control', heldOut: false, note: 'not held out: every seed was pulled towards one shared reference' };
  const m = getStabiliser(arm.method);
  const held = m.trainsTogether ? 'stability measured only between independently trained groups' : 'stability measured between seeds, none of them a reference';
  return { role: 'method', heldOut: true, note: m.sharedByConstruction ? `${held}; its init is shared by construction, so it must beat plain training with as many rows shared` : held };
}

function rowOf(arm: Arm, nulls: Partial<Record<NullName, NullLevel>>): ComparisonRow {
  const s = heldOutStability(arm.seeds);
  const { role, heldOut, note } = roleAndHeldOut(arm);
  const verdict = judgeStability({ pwmccMax: s.pwmccMax, pwmccOneToOne: s.pwmccOneToOne }, nulls);
  const strongest = verdict ? nulls[verdict.against]! : null;
  return {
    label: armLabel(arm), method: arm.method, init: arm.init, role, heldOut, inVerdict: role === 'method' && heldOut, note,
    units: s.units, pairs: s.pairs, pwmccMax: s.pwmccMax, pwmccOneToOne: s.pwmccOneToOne, sharedFraction: s.sharedFraction,
    excess: { pwmccMax: strongest ? s.pwmccMax.mean - strongest.pwmccMax.mean : null, pwmccOneToOne: strongest ? s.pwmccOneToOne.mean - strongest.pwmccOneToOne.mean : null },
    verdict, gain: null, price: priceOf(arm.seeds),
  };
}

/** Each seed against its own reference: labelled, shown for what it is, never used in the verdict. */
function ownReferenceRow(arm: Arm): ComparisonRow | null {
  if (!arm.references) return null;
  const per = arm.seeds.map((s, i) => pairMeasures(s.dictionary, arm.references![i]));
  const values = per.map((m) => m.pwmccMax);
  const shared = per.every((m) => m.sharedFraction !== null) ? meanStd(per.map((m) => m.sharedFraction!)) : null;
  return {
    label: `${armLabel(arm)} vs its own reference`, method: arm.method, init: arm.init, role: 'ownReference', heldOut: false, inVerdict: false,
    note: 'each seed scored against the reference it was trained towards — excluded from the verdict',
    units: arm.seeds.length, pairs: arm.seeds.length,
    pwmccMax: { matrix: [], ...meanStd(values) }, pwmccOneToOne: meanStd(per.map((m) => m.pwmccOneToOne)), sharedFraction: shared,
    excess: { pwmccMax: null, pwmccOneToOne: null }, verdict: null, gain: null, price: priceOf(arm.seeds),
  };
}

export interface Comparison {
  rows: ComparisonRow[];
  /** The plan's question in one sentence: which methods make SAEs agree beyond geometry and shared init, at what cost. */
  answer: string;
}

/**
 * The comparison table: one row per arm (plus each own-reference row). A method is credited only when its held-out
 * stability beats the strongest null in every pair and beats its baseline (plain; plain · shared init for an init
 * shared by construction) by more than the baseline's margin (3 × its pair std, at least 0.01), and it still
 * reconstructs: its FVU is within fvuLimit of the baseline's (stability bought by giving up reconstruction is shown,
 * not credited).
 */
/** The highest FVU a credited method may have: twice its baseline's, or the baseline's + 0.01 when that is larger. */
export const fvuLimit = (baseFvu: number): number => Math.max(2 * baseFvu, baseFvu + 0.01);

export function compareArms(arms: Arm[], nulls: Partial<Record<NullName, NullLevel>>): Comparison {
  const rows: ComparisonRow[] = [];
  const armRows: [Arm, ComparisonRow][] = [];
  for (const arm of arms) {
    const row = rowOf(arm, nulls);
    rows.push(row);
    armRows.push([arm, row]);
    const own = ownReferenceRow(arm);
    if (own) rows.push(own);
  }
  const plainWith = (init: Arm['init'], sharedRows?: number) =>
    armRows.find(([a]) => a.method === 'plain' && a.init === init && (init !== 'sharedRows' || a.sharedRows === sharedRows))?.[1];
  const plain = plainWith('own');
  for (const [arm, row] of armRows) {
    if (row.role !== 'method') continue;
    // An init shared by construction is judged against plain training that shares as many random rows (or all of them).
    const base = getStabiliser(row.method).sharedByConstruction ? (plainWith('sharedRows', arm.fixedRows) ?? plainWith('shared')) : plain;
    if (!base) continue;
    const margin = marginFor(base.pwmccMax.std);
    const gain = row.pwmccMax.mean - base.pwmccMax.mean;
    const reconstructs = row.price.fvu.mean <= fvuLimit(base.price.fvu.mean);
    row.gain = { over: base.label, pwmccMax: gain, margin, reconstructs, credited: row.inVerdict && gain > margin && row.verdict?.kind === 'beats' && reconstructs };
  }
  return { rows, answer: comparisonAnswer(rows) };
}

/** The plan's question answered from a table's rows (also for tables merged from several runs, merge.ts). */
export function comparisonAnswer(rows: ComparisonRow[]): string {
  const plain = rows.find((r) => r.method === 'plain' && r.init === 'own');
  if (!plain) return 'No plain baseline was trained, so no method can be judged.';
  const judged = rows.filter((r) => r.inVerdict && r.gain);
  if (judged.length === 0) return 'No method was trained beside the plain baseline.';
  const credited = judged.filter((r) => r.gain!.credited);
  const cost = (r: ComparisonRow) => `FVU ${r.price.fvu.mean.toFixed(3)} against ${plain.price.fvu.mean.toFixed(3)}`;
  // Gains that would be credited but for the reconstruction they cost: said, so the reader sees the trade.
  const priced = judged.filter((r) => !r.gain!.credited && r.gain!.reconstructs === false && r.gain!.pwmccMax > r.gain!.margin && r.verdict?.kind === 'beats');
  const pricedText = priced.length
    ? ` ${priced.map((r) => `${r.label} gains +${r.gain!.pwmccMax.toFixed(3)} PWMCC but reconstructs far worse (${cost(r)})`).join('; ')}: not credited.`
    : '';
  if (credited.length === 0) {
    return `None of ${judged.map((r) => r.label).join(', ')} makes SAEs agree beyond what geometry (the strongest null) and shared initialisation explain while still reconstructing.${pricedText}`;
  }
  const list = credited.map((r) => `${r.label} (+${r.gain!.pwmccMax.toFixed(3)} PWMCC over ${r.gain!.over}, ${cost(r)})`).join('; ');
  return `Beyond the strongest null and its baseline: ${list}.${pricedText}`;
}
