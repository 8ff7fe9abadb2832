/**
 * The pretrained p = 113 transformer shipped with the app (public/pretrained/, made by scripts/make-pretrained.sh with
 * the lab's own CLI): fetched on demand and turned into a finished stored run with its checkpoint, so that opening
 * it works exactly like opening a run trained here (Run history, reload, SAEs, stability, Fourier, features).
 * The files are input like any other: the config and weights are validated by decodeTransformer, the report's
 * history is checked number by number.
 */
import { decodeTransformer } from '../core/io/transformerFiles.ts';
import type { ExperimentReport } from '../core/report.ts';
import { type ExperimentSpec, SPEC_VERSION } from '../core/spec/experiment.ts';
import { saePresets } from '../core/spec/sae.ts';
import { SpecError } from '../core/spec/fields.ts';
import type { TransformerSpec } from '../core/spec/transformer.ts';
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import { GROK_ACCURACY, type TransformerRunSummary } from '../core/train/loop.ts';
import type { TransformerMetrics } from '../core/train/transformerTrainer.ts';
import { weightShapes } from '../core/transformer/weights.ts';
import { NOTEBOOK_ID, type CheckpointRecord, type RunRecord } from '../storage/schema.ts';

export const PRETRAINED_DIR = 'pretrained/';
/** One fixed id: opening the pretrained model twice reuses the stored run instead of storing it again. */
export const PRETRAINED_RUN_ID = 'pretrained-p113';

export interface PretrainedFiles {
  /** report.json of the CLI run that made the model. */
  report: unknown;
  /** transformer/config.json */
  config: unknown;
  /** transformer/model.safetensors */
  model: Uint8Array;
}

/** SAEs that train on the pretrained model in about a minute on a laptop CPU (phase1's TopK, fewer epochs, 3 seeds). */
export const PRETRAINED_SAES = { ...saePresets.phase1, epochs: 5, seeds: [42, 123, 456] };

type HistoryRow = [number, number, number, number, number];
const isRow = (h: unknown): h is HistoryRow => Array.isArray(h) && h.length === 5 && h.every((x) => typeof x === 'number' && !Number.isNaN(x));

/** The curves of the report (the learning rate is not in it: it follows from the spec's warm-up). */
export function metricsOf(history: unknown, spec: TransformerSpec): TransformerMetrics[] {
  if (!Array.isArray(history) || !history.every(isRow)) throw new SpecError('report.json: transformer.history must be a list of [step, trainLoss, testLoss, trainAcc, testAcc]');
  const lr = (step: number) => (spec.warmupSteps > 0 ? spec.lr * Math.min(Math.max(step, 1) / spec.warmupSteps, 1) : spec.lr);
  return history.map(([step, trainLoss, testLoss, trainAcc, testAcc]) => ({ step, trainLoss, testLoss, trainAcc, testAcc, lr: lr(step) }));
}

/** The stored run and checkpoint that stand for the shipped model (AdamW moments zero: it is for analysis, not resuming). */
export function pretrainedRecords(files: PretrainedFiles, now = Date.now()): { run: RunRecord; checkpoint: Omit<CheckpointRecord, 'id'> } {
  const { spec: transformer, weights } = decodeTransformer(files.config, files.model);
  const report = files.report as Partial<ExperimentReport> | null;
  const t = report?.transformer;
  if (typeof t !== 'object' || t === null) throw new SpecError('report.json has no transformer part');
  const metrics = metricsOf(t.history, transformer);
  const last = metrics.at(-1);
  if (!last) throw new SpecError('report.json: the transformer history is empty');
  const step = last.step;
  const spec: ExperimentSpec = { version: SPEC_VERSION, name: 'pretrained', transformer, saes: PRETRAINED_SAES };
  const summary: TransformerRunSummary = {
    steps: step, final: last, wallSeconds: Number(t.wallSeconds) || 0, msPerStep: Number(t.msPerStep) || 0, stopped: false,
    stepsToGrok: metrics.find((m) => m.testAcc >= GROK_ACCURACY)?.step ?? null, secondsToGrok: t.secondsToGrok ?? null,
  };
  const zeros = weightShapes(transformer).map(([name]) => new Float32Array(weights[name].data.length));
  const state: TrainerCheckpoint = {
    kind: 'transformer', step, tensors: weights, rngs: [], counters: {},
    optimizers: [{ step, m: zeros, v: zeros.map((z) => z.slice()), ...(transformer.grokfastLambda > 0 ? { ema: zeros.map((z) => z.slice()) } : {}) }],
  };
  const run: RunRecord = {
    id: PRETRAINED_RUN_ID, experimentId: NOTEBOOK_ID, kind: 'transformer', spec, status: 'done', createdAt: now, updatedAt: now,
    name: `pretrained · p=${transformer.p} · seed ${transformer.seed} (shipped with the lab)`,
    backend: `${t.backend ?? 'wasm'} (CLI)`, step, metrics, summary, checkpointId: null,
  };
  return { run, checkpoint: { runId: PRETRAINED_RUN_ID, step, savedAt: now, state } };
}

/** Fetches the shipped files (relative to the page, so under any base path); a missing file is an Error that says which. */
export async function fetchPretrained(base = PRETRAINED_DIR): Promise<PretrainedFiles> {
  const get = async (path: string) => {
    const r = await fetch(base + path);
    if (!r.ok) throw new Error(`the pretrained model's ${path} could not be loaded (HTTP ${r.status})`);
    return r;
  };
  const [report, config, model] = await Promise.all([
    get('report.json').then((r) => r.json()),
    get('transformer/config.json').then((r) => r.json()),
    get('transformer/model.safetensors').then(async (r) => new Uint8Array(await r.arrayBuffer())),
  ]);
  return { report, config, model };
}
