/**
 * State of the Fourier notebook section: the latest analysis of the transformer run, the progress measures over
 * training, the selected neuron's and head's views, and the verdict in words. Results belong to one transformer
 * run (its runId); `fourierReceive` drops messages of any other run and starts afresh when a new run reports.
 */
import type { FourierDetail, FourierSelection, FourierSnapshot } from '../core/experiment/fourierViews.ts';
import type { ProgressPoint } from '../core/report.ts';
import type { FromWorker } from '../worker/protocol.ts';

/** One analysis, as a point of the curves drawn over training (report.json `progress` holds the same points). */
export type FourierPoint = ProgressPoint;

export interface FourierState {
  /** The transformer run the results below belong to. */
  runId: number;
  snapshot: FourierSnapshot | null;
  history: FourierPoint[];
  detail: FourierDetail | null;
  /** What the page asks the worker to show in detail (kept across runs). */
  selection: FourierSelection;
  error: string | null;
}

export function initialFourier(): FourierState {
  return { runId: 0, snapshot: null, history: [], detail: null, selection: { neuron: 0, head: 0 }, error: null };
}

const pointOf = (s: FourierSnapshot): FourierPoint => ({
  step: s.step,
  restrictedLoss: s.restrictedLoss,
  excludedLoss: s.excludedLoss,
  keyFraction: s.keyFraction,
  keyFrequencies: s.keyFrequencies,
});

/** Appends a point in step order; a second analysis of the same step replaces the first. */
function withPoint(history: FourierPoint[], point: FourierPoint): FourierPoint[] {
  const last = history.at(-1);
  if (!last || point.step > last.step) return [...history, point];
  if (point.step === last.step) return [...history.slice(0, -1), point];
  return history; // an older step arriving late: the curve keeps its order
}

/** `runId` is the transformer section's current run: only its analyses are kept. */
export function fourierReceive(state: FourierState, msg: FromWorker, runId: number): FourierState {
  if (!('section' in msg) || msg.section !== 'fourier' || msg.runId !== runId) return state;
  const base = state.runId === runId ? state : { ...initialFourier(), runId, selection: state.selection };
  switch (msg.type) {
    case 'snapshot':
      return { ...base, snapshot: msg.snapshot, detail: msg.detail, history: withPoint(base.history, pointOf(msg.snapshot)), error: null };
    case 'detail':
      return { ...base, detail: msg.detail };
    case 'error':
      return { ...base, error: msg.message };
    default:
      return state;
  }
}

/** The results to show for transformer run `runId`: nothing while they belong to an earlier run. */
export function fourierFor(state: FourierState, runId: number): FourierState {
  return state.runId === runId ? state : { ...initialFourier(), runId, selection: state.selection };
}

export type VerdictTone = 'none' | 'no' | 'forming' | 'yes';

export interface Verdict {
  tone: VerdictTone;
  headline: string;
  detail: string;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
const list = (ks: number[]) => ks.join(', ');

/** The plain-language answer to "does this transformer use Fourier features?" at the snapshot's step. */
export function fourierVerdict(s: FourierSnapshot | null): Verdict {
  if (!s) {
    return { tone: 'none', headline: 'No analysis yet', detail: 'Start the transformer in section 1: its Fourier structure is analysed live while it trains.' };
  }
  const keys = s.keyFrequencies;
  const onKey = s.clusters.filter((c) => keys.includes(c.frequency)).reduce((n, c) => n + c.units.length, 0);
  const neurons = `${onKey} of ${s.dMlp} MLP neurons are single-frequency neurons at these frequencies`;
  if (keys.length === 0) {
    return {
      tone: 'no',
      headline: 'It does not (yet): no key frequencies',
      detail: `At step ${s.step} the embedding's energy is spread over all ${s.embeddingNorms.length} frequencies; no frequency stands out.`,
    };
  }
  const headline = `This transformer uses Fourier features k = ${list(keys)}, holding ${percent(s.keyFraction)} of the embedding`;
  const harmonics = s.harmonics.length > 0
    ? ` Left out as harmonics of a stronger key frequency: ${s.harmonics.map((h) => `${h.frequency} (${h.order}×${h.of})`).join(', ')}.` : '';
  const check = ` ${s.neuronCheck.note}${harmonics}`;
  if (s.keyFraction < 0.5) {
    return { tone: 'forming', headline, detail: `Still forming at step ${s.step}: most of the embedding is elsewhere. ${neurons}.${check}` };
  }
  return { tone: 'yes', headline, detail: `At step ${s.step}, ${neurons}.${check}` };
}
