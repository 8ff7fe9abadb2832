/** Question 1: does the transformer have Fourier structure, and did it grok? */
import type { Block, Cell, ReportRun, Section } from '../model.ts';
import { f3, num, pct } from '../model.ts';
import type { Chart } from '../chart.ts';

/** The grokking curve: loss (log) and accuracy over training, from the run or the run that trained the loaded model. */
function grokking(run: ReportRun): Block[] {
  const own = run.report.transformer;
  const source = own.history.length > 0 ? run.report : run.transformerRun;
  if (!source || source.transformer.history.length === 0) {
    return [{ kind: 'notRun', what: `The grokking curve: this run loaded its transformer (${own.loadedFrom ?? 'from files'}) and no report.json with its training history was found beside it.`,
      command: 'npm run experiment -- --preset fast --out runs/fast   # trains the transformer and records its history' }];
  }
  const t = source.transformer;
  const rows = t.history; // [step, trainLoss, testLoss, trainAcc, testAcc]
  const floor = 1e-7; // a memorised loss reaches 0 in float32: drawn at the page's LOSS_FLOOR
  const loss: Chart = { kind: 'line', title: 'Loss over training (log scale)', x: { label: 'step' }, y: { label: 'cross-entropy', log: true },
    series: [{ name: 'train', points: rows.map((r) => [r[0], Math.max(r[1], floor)]) }, { name: 'test', points: rows.map((r) => [r[0], Math.max(r[2], floor)]) }] };
  const acc: Chart = { kind: 'line', title: 'Accuracy over training', x: { label: 'step' }, y: { label: 'accuracy', min: 0, max: 1 },
    series: [{ name: 'train', points: rows.map((r) => [r[0], r[3]]) }, { name: 'test', points: rows.map((r) => [r[0], r[4]]) }],
    refs: [{ y: 0.99, label: 'grokked: test accuracy ≥ 0.99' }] };
  const from = source === run.report ? '' : ` (from the report of the run that trained it${own.loadedFrom ? `, beside ${own.loadedFrom}` : ''})`;
  const grokked = t.stepsToGrok === null ? 'did not reach test accuracy 0.99' : `grokked at step ${t.stepsToGrok} (test accuracy ≥ 0.99 at the first evaluation there; evaluations every ${source.spec.transformer.evalEvery} steps)`;
  return [
    { kind: 'text', text: `The transformer ${grokked}${from}. A memorised loss of 0 is drawn at 1e-7.` },
    { kind: 'figure', id: 'grokking-loss', caption: 'Train and test loss: memorisation, plateau, then the test loss falls (grokking).', chart: loss },
    { kind: 'figure', id: 'grokking-accuracy', caption: 'Train and test accuracy; the dashed line is the grokking criterion.', chart: acc },
  ];
}

/** Restricted and excluded loss over training: the circuit forms (restricted loss falls) before memorisation is cleaned up. */
function progress(run: ReportRun, i: number): Block[] {
  const pr = run.report.progress;
  if (!pr || pr.points.length < 2) {
    return [{ kind: 'notRun', what: 'Restricted and excluded loss over training (Nanda et al.\'s progress measures) need snapshots of the transformer\'s training; this run kept none (report.json `progress`).',
      command: 'npm run experiment -- --preset fast --snapshot-every 100 --out runs/fast   # or --transformer public/pretrained/transformer, whose snapshots ship with the lab' }];
  }
  const floor = 1e-7;
  const pts = pr.points;
  const chart: Chart = { kind: 'line', title: 'Progress measures over training (log scale)', x: { label: 'step' }, y: { label: 'cross-entropy', log: true },
    series: [
      { name: 'restricted (test, key frequencies only)', points: pts.map((q) => [q.step, Math.max(q.restrictedLoss, floor)]) },
      { name: 'excluded (train, key frequencies removed)', points: pts.map((q) => [q.step, Math.max(q.excludedLoss, floor)]) },
    ] };
  const last = pts[pts.length - 1];
  const rows: Cell[][] = [0, Math.floor(pts.length / 2), pts.length - 1].filter((k, j, all) => all.indexOf(k) === j).map((k) => [
    String(pts[k].step), num(i, `progress.points.${k}.restrictedLoss`, pts[k].restrictedLoss.toExponential(2)),
    num(i, `progress.points.${k}.excludedLoss`, pts[k].excludedLoss.toExponential(2)), num(i, `progress.points.${k}.keyFraction`, f3(pts[k].keyFraction))]);
  return [
    { kind: 'text', text: `At step ${last.step} the logits kept to the key frequencies alone give a test loss of ${last.restrictedLoss.toExponential(2)} (restricted loss), and with them removed the training loss is ${last.excludedLoss.toExponential(2)} (excluded loss): ${last.restrictedLoss < 0.1 && last.excludedLoss > 1 ? 'the Fourier algorithm alone solves the task, and the model cannot memorise without it' : 'the Fourier algorithm does not yet carry the task alone'}. From ${pr.source}; each point uses the key frequencies found at its step, as the page's Fourier section does. A loss of 0 is drawn at 1e-7.` },
    { kind: 'table', caption: 'Progress measures (report.json `progress`)', head: ['step', 'restricted loss', 'excluded loss', 'key-frequency share of ‖W_E‖²'], rows },
    { kind: 'figure', id: 'progress-measures', caption: 'Restricted loss (the Fourier algorithm alone, on the test pairs) and excluded loss (everything but it, on the training pairs) over training.', chart },
  ];
}

export function fourierSection(runs: ReportRun[]): Section {
  const base: Section = { id: 'q1-fourier', title: '1. Does the transformer have Fourier structure?', blocks: [] };
  const i = runs.findIndex((r) => r.report.fourier);
  if (i < 0) {
    return { ...base, status: 'not run', blocks: [{ kind: 'notRun', what: 'No run in this report analysed a transformer.', command: 'npm run experiment -- --preset fast --out runs/fast' }] };
  }
  const { report } = runs[i];
  const f = report.fourier;
  const p = report.spec.transformer.p;
  const nFreq = f.embeddingNorms.length;
  // A spectrum with no structure spreads ‖W_E‖² evenly over the (p − 1)/2 frequencies: the key ones' share by chance.
  const flat = f.keyFrequencies.length / nFreq;
  const keys = f.keyFrequencies.join(', ');
  const clusters = f.neuronCheck?.clusterSizes ?? [];
  const answer = f.keyFrequencyFraction > 2 * flat
    ? `Yes. ${f.keyFrequencies.length} key frequencies (k = ${keys}) hold ${pct(f.keyFrequencyFraction)} of ‖W_E‖², against ${pct(flat)} if the embedding's norm were spread evenly over the ${nFreq} frequencies (the null of a structureless embedding).`
    : `Not clearly. The key frequencies (k = ${keys || 'none'}) hold ${pct(f.keyFrequencyFraction)} of ‖W_E‖², against ${pct(flat)} for an even spread over the ${nFreq} frequencies.`;
  const keySet = new Set(f.keyFrequencies);
  const spectrum: Chart = { kind: 'bars', title: `Embedding spectrum: ‖Ŵ_E‖² per frequency (p = ${p}; key frequencies highlighted)`,
    categories: f.embeddingNorms.map((_, k) => String(k + 1)), groups: [{ name: '‖Ŵ_E[k]‖²', values: f.embeddingNorms }],
    highlight: f.embeddingNorms.map((_, k) => keySet.has(k + 1)), y: { label: 'norm² (frequency k = 1 … (p−1)/2)' },
    refs: [{ y: f.embeddingNorms.reduce((a, b) => a + b, 0) / nFreq, label: 'even spread' }] };
  const table: Block = { kind: 'table', caption: 'The embedding and the neurons (report.json `fourier`)', head: ['quantity', 'value', 'null / check'], rows: [
    ['key frequencies', num(i, 'fourier.keyFrequencies', keys || 'none'), f.harmonicsExcluded.length ? `left out as harmonics: ${f.harmonicsExcluded.map((h) => `${h.frequency} (${h.order}×${h.of})`).join(', ')}` : 'no harmonic left out'],
    ['share of ‖W_E‖² in them', num(i, 'fourier.keyFrequencyFraction', f3(f.keyFrequencyFraction)), `${f3(flat)} for an even spread over ${nFreq} frequencies`],
    ['neuron clusters (frequency: neurons)', clusters.map((c) => `${c.frequency}: ${c.neurons}`).join(', ') || 'none', f.neuronCheck ? (f.neuronCheck.agree ? 'agree with the key frequencies' : `differ: only in the embedding ${f.neuronCheck.onlyEmbedding.join(', ') || 'none'}; only in the neurons ${f.neuronCheck.onlyNeurons.join(', ') || 'none'}`) : 'not checked'],
  ] };
  const blocks: Block[] = [
    { kind: 'text', text: answer },
    table,
    ...(f.neuronCheck ? [{ kind: 'text', text: f.neuronCheck.note } as Block] : []),
    { kind: 'figure', id: 'embedding-spectrum', caption: `The embedding's norm per frequency; the dashed line is the even spread (${f3(flat)} of the total in ${f.keyFrequencies.length} frequencies).`, chart: spectrum },
    ...grokking(runs[i]),
    ...progress(runs[i], i),
  ];
  return { ...base, status: 'answered', blocks };
}
