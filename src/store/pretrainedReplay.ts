/**
 * The replay of the pretrained model's training run: its float16 weight snapshots (public/pretrained/transformer/
 * snapshots/, written by scripts/make-pretrained.ts with the CLI's `--snapshot-every`) turned into one frame per
 * snapshot — the embedding's Fourier spectrum and key frequencies at that step. Plain arithmetic on the page (W_E
 * is [p + 1, d]: ~15 k numbers a snapshot); nothing trains and the engine worker is not involved. The files are
 * input like any other: the index and every tensor are checked before use.
 */
import { embeddingSpectrum } from '../core/analysis/fourier.ts';
import { decodeSafetensors } from '../core/io/safetensors.ts';
import { snapshotFile, snapshotSteps } from '../core/io/snapshotIndex.ts';
import { SpecError } from '../core/spec/fields.ts';
import { PRETRAINED_DIR } from './pretrained.ts';

export { snapshotFile, snapshotSteps };
export const SNAPSHOT_DIR = 'transformer/snapshots/';
const EMBEDDING = 'embed.W_E';

/** One snapshot of the run, as the replay shows it. */
export interface ReplayFrame {
  step: number;
  /** ‖Ŵ_E[cos_k]‖² + ‖Ŵ_E[sin_k]‖² for k = 1..(p−1)/2 (index k − 1). */
  norms: number[];
  /** ‖W_E[0:p]‖²: constant part + Σ norms. */
  total: number;
  keyFrequencies: number[];
  /** Σ key-frequency norms / total. */
  keyFraction: number;
}

/** The frame of one snapshot file: its W_E must be [p + 1, d] (the '=' token last) or [p, d]. */
export function replayFrameOf(bytes: Uint8Array, step: number, p: number): ReplayFrame {
  const { tensors } = decodeSafetensors(bytes, (name) => name === EMBEDDING);
  const we = tensors[EMBEDDING];
  if (!we) throw new SpecError(`snapshot of step ${step}: no ${EMBEDDING}`);
  const [rows, d] = we.shape;
  if (we.shape.length !== 2 || (rows !== p && rows !== p + 1)) {
    throw new SpecError(`snapshot of step ${step}: ${EMBEDDING} has shape ${JSON.stringify(we.shape)}, not [${p + 1}, d] for p = ${p}`);
  }
  if (!we.data.every(Number.isFinite)) throw new SpecError(`snapshot of step ${step}: ${EMBEDDING} holds a value that is not a finite number`);
  const s = embeddingSpectrum(we.data, p, d);
  return { step, norms: Array.from(s.norms), total: s.total, keyFrequencies: s.keyFrequencies, keyFraction: s.keyFraction };
}

/** Fetches the index and every snapshot (relative to the page, so under any base path; precached for offline use). */
export async function fetchReplay(p: number, base = PRETRAINED_DIR + SNAPSHOT_DIR): Promise<ReplayFrame[]> {
  const get = async (path: string) => {
    const r = await fetch(base + path);
    if (!r.ok) throw new Error(`the pretrained run's ${SNAPSHOT_DIR}${path} could not be loaded (HTTP ${r.status})`);
    return r;
  };
  const steps = snapshotSteps(await (await get('index.json')).json());
  return Promise.all(steps.map(async (step) => replayFrameOf(new Uint8Array(await (await get(snapshotFile(step))).arrayBuffer()), step, p)));
}
