/** Question 3: which features converge across seeds, and are they the Fourier ones? Every number beside the nulls. */
import { NULL_NAMES } from '../../core/analysis/nullNames.ts';
import type { Block, Cell, ReportRun, Section } from '../model.ts';
import { f3, meanStd, num, pct, signed } from '../model.ts';
import type { Chart } from '../chart.ts';
import { SAE_RUN_COMMAND, architectureOf } from '../commands.ts';
import { featureBlocks } from './features.ts';

export const runLabel = (run: ReportRun): string => {
  const s = run.report.saes?.[0];
  const arch = architectureOf(run.report) ?? 'no SAE';
  const knob = s?.k !== undefined ? `k = ${s.k}` : s?.l1 !== undefined ? `L1 = ${s.l1}` : s?.l0Coef !== undefined ? `L0 coefficient ${s.l0Coef}` : null;
  return s ? `${arch} (${knob ? `${knob}, ` : ''}${s.dSae} latents)` : arch;
};

/** The three forms of the trained SAEs, the untrained ones and every null, the strongest marked. */
function formsTable(run: ReportRun, i: number): Block {
  const s = run.report.stability!;
  const strongest = s.verdict.against;
  const row = (label: string, path: string, v: { pwmccMax: { mean: number; std: number }; pwmccOneToOne: { mean: number; std: number }; sharedFraction: { mean: number; std: number } }): Cell[] => [
    label,
    num(i, `${path}.pwmccMax.mean`, meanStd(v.pwmccMax)),
    num(i, `${path}.pwmccOneToOne.mean`, meanStd(v.pwmccOneToOne)),
    num(i, `${path}.sharedFraction.mean`, meanStd(v.sharedFraction)),
  ];
  return { kind: 'table', caption: `${runLabel(run)}: stability over ${run.report.saes!.length} seeds (${run.report.saes!.length * (run.report.saes!.length - 1) / 2} pairs), mean ± std`,
    head: ['dictionaries', 'PWMCC (max-cosine, the plan\'s metric)', 'PW-MCC (one-to-one, Song et al. 2025)', `shared fraction (≥ ${s.sharedThreshold})`],
    rows: [
      row('trained SAEs', 'stability', s),
      row('untrained SAEs (same seeds)', 'stability.initial', s.initial),
      ...NULL_NAMES.filter((n) => s.nulls[n]).map((n) => row(`null: ${n}${n === strongest ? ' (strongest)' : ''}`, `stability.nulls.${n}`, s.nulls[n])),
    ] };
}

function matrixFigure(run: ReportRun, id: string): Block {
  const s = run.report.stability!;
  const seeds = run.report.saes!.map((x) => String(x.seed));
  const strong = s.nulls[s.verdict.against].pwmccMax.mean;
  const values = s.pwmccMax.matrix;
  const off = values.flatMap((r, a) => r.filter((_, b) => b !== a));
  const chart: Chart = { kind: 'heatmap', title: `${runLabel(run)}: PWMCC (max-cosine) per pair of seeds`, rows: seeds, cols: seeds, values, blankDiagonal: true,
    min: Math.min(...off, s.nulls.isotropic?.pwmccMax.mean ?? 1), max: Math.max(...off, strong) };
  return { kind: 'figure', id, caption: `PWMCC (max-cosine) of every seed pair; the colour scale runs from the lowest pair (or isotropic chance) to the strongest null, ${s.verdict.against} (${f3(strong)}).`, chart };
}

function stableLatentsFigure(run: ReportRun, id: string): Block {
  const s = run.report.stability!;
  const seeds = run.report.saes!.map((x) => `seed ${x.seed}`);
  const names = NULL_NAMES.filter((n) => s.nulls[n]);
  const chart: Chart = { kind: 'bars', title: `${runLabel(run)}: stable latents per seed, against each null's p < 0.01 level`, categories: seeds,
    groups: names.map((n) => ({ name: n, values: s.nulls[n].stableLatents })), y: { label: 'stable latents' } };
  return { kind: 'figure', id, caption: `Latents whose best match in every other seed clears the p < 0.01 level of one latent's best match under each null (of ${run.report.saes![0].dSae}).`, chart };
}

/** Are the stable latents the Fourier ones: the pooled 2 × 2 table, trained and untrained. */
function stableFourierBlocks(run: ReportRun, i: number): Block[] {
  const sf = run.report.stableFourier;
  if (!sf) return [];
  const row = (label: string, path: string, t: NonNullable<typeof sf.initial>['pooled']): Cell[] => [
    label, num(i, `${path}.stableFourier`, String(t.stableFourier)), num(i, `${path}.stableOther`, String(t.stableOther)),
    num(i, `${path}.unstableFourier`, String(t.unstableFourier)), num(i, `${path}.unstableOther`, String(t.unstableOther)),
    num(i, `${path}.expectedIfUnrelated`, t.expectedIfUnrelated.toFixed(1)), num(i, `${path}.fisherP`, t.fisherP.toExponential(2)),
  ];
  const fourier = run.report.fourier.saes ?? [];
  const initial = run.report.fourier.initialSaes ?? [];
  const shares: Cell[][] = fourier.map((x, s) => [`seed ${x.seed}`,
    num(i, `fourier.saes.${s}.share`, pct(x.share)), `${x.nFourier} of ${x.nLive}`,
    initial[s] ? num(i, `fourier.initialSaes.${s}.share`, pct(initial[s].share)) : '—']);
  return [
    { kind: 'text', text: `Are the stable latents the Fourier ones? ${sf.answer.sentence} Here "stable" is against isotropic chance's per-latent level (${f3(sf.chanceThreshold)}), the weakest null; the stable-latent counts against the stronger nulls are in the figure above.` },
    { kind: 'table', caption: `${runLabel(run)}: stable × Fourier, live latents pooled over seeds (stable: above ${f3(sf.chanceThreshold)}; Fourier: one frequency ≥ ${sf.fourierThreshold} of the pre-activation)`,
      head: ['SAEs', 'stable Fourier', 'stable other', 'unstable Fourier', 'unstable other', 'stable Fourier if unrelated', 'Fisher p (two-sided)'],
      rows: [row('trained', 'stableFourier.trained.pooled', sf.trained.pooled), ...(sf.initial ? [row('untrained (baseline)', 'stableFourier.initial.pooled', sf.initial.pooled)] : [])] },
    ...(shares.length ? [{ kind: 'table', caption: `${runLabel(run)}: share of live latents that are Fourier features`, head: ['seed', 'trained', 'Fourier / live', 'untrained (chance)'], rows: shares } as Block] : []),
  ];
}

export function stabilitySection(runs: ReportRun[]): Section {
  const base: Section = { id: 'q3-stability', title: '3. Which features converge across seeds, and are they the Fourier ones?', blocks: [] };
  const stable = runs.map((run, i) => ({ run, i })).filter(({ run }) => run.report.stability && (run.report.saes?.length ?? 0) >= 2);
  if (stable.length === 0) {
    return { ...base, status: 'not run', blocks: [{ kind: 'notRun', what: 'No run in this report trained SAEs with two or more seeds.', command: SAE_RUN_COMMAND, link: 'the page: SAEs → Train, then Stability' }] };
  }
  const blocks: Block[] = [{ kind: 'text', text: stable.map(({ run }) => `${architectureOf(run.report) ?? 'SAEs'}: ${run.report.stability!.verdict.headline}`).join('; ') + '.' }];
  for (const { run, i } of stable) {
    const s = run.report.stability!;
    const id = architectureOf(run.report) ?? `run${i + 1}`;
    blocks.push(
      { kind: 'subhead', text: runLabel(run) },
      { kind: 'text', text: `${s.verdict.headline}. ${s.verdict.sentence}` },
      formsTable(run, i),
      { kind: 'text', text: `Strongest null: ${s.verdict.against} — ${s.nulls[s.verdict.against].label}. Excess over it: PWMCC (max-cosine) ${signed(s.verdict.excess.pwmccMax)}, PW-MCC (one-to-one) ${s.verdict.excess.pwmccOneToOne === null ? '—' : signed(s.verdict.excess.pwmccOneToOne)}; the null's spread of one pair is ± ${f3(s.verdict.scale.spread)}, and a pair must clear ${f3(s.verdict.scale.margin)} to beat it.` },
      matrixFigure(run, `stability-matrix-${id}`),
      stableLatentsFigure(run, `stable-latents-${id}`),
      ...stableFourierBlocks(run, i),
      ...featureBlocks(run, i, id, runLabel(run)),
    );
  }
  if (!stable.some(({ run }) => run.report.features)) {
    blocks.push({ kind: 'notRun', what: 'Feature families and the gallery of stable and unstable latents: these runs\' report.json predates them (report.json `features`).',
      command: stable[0].run.command ?? SAE_RUN_COMMAND });
  }
  return { ...base, status: 'answered', blocks };
}
