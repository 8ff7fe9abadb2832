import { checkSaeBudget } from './budget.ts';
import type { SaeArchitecture } from '../sae/architecture.ts';
import { type SaeArchitectureKnobs, saeArchitectureList } from '../sae/arch/index.ts';
import { type Field, type FieldTable, SpecError, defaultsOf, validateFields } from './fields.ts';
import type { TransformerSpec } from './transformer.ts';

/**
 * The sparse autoencoders trained on the transformer's activations (SCIENCE.md §3): where activations are read,
 * the architecture, and the training recipe shared by every seed of the run.
 *
 * `SaeSpec` is a union on `architecture`: `SaeSpecOf<'topk'>` has TopK's knobs (`k`, AuxK), `SaeSpecOf<'relu'>`
 * ReLU's (`l1`, …); each architecture file in core/sae/arch/ owns its knob type (arch/index.ts lists them).
 *
 * The other architectures' knobs are kept, as optional extras. Decided so because links, stored notebooks, drafts
 * and report.json files written before the union hold every architecture's knobs in one flat record, and the
 * controls keep the other architectures' values for when the user switches back: `validateSaes` accepts such a
 * record as it is (an old flat spec or link validates to the same values, tests/core/spec/saeUnion.test.ts) and
 * fills a missing knob of any architecture with its default, so every valid spec still holds every knob at run
 * time, whatever the type promises. An architecture reads only its own knobs; code outside the architecture
 * files narrows on `architecture` before it reads one.
 */
export const saeHooks = ['hook_resid_pre', 'hook_resid_mid', 'hook_resid_post', 'hook_mlp_out', 'mlp.hook_post'] as const;
export type SaeHook = (typeof saeHooks)[number];
/** Token position read: `a`, `b`, the answer position `=`, or `all` three stacked as rows. */
export const saePositions = ['a', 'b', '=', 'all'] as const;
export type SaePosition = (typeof saePositions)[number];
export { saeArchitectureList };

/** The registered architectures (src/core/sae/arch/): each owns its knobs, math and SAELens fields. */
export const saeArchitectures = saeArchitectureList.map((a) => a.name) as SaeArchitectureName[];
export type SaeArchitectureName = keyof SaeArchitectureKnobs;

/** The architecture registered under `name` (its fields, docs and SAELens names; no tfjs). */
export function saeArchitectureOf(name: string): SaeArchitecture {
  const arch = saeArchitectureList.find((a) => a.name === name);
  if (!arch) throw new SpecError(`unknown SAE architecture "${name}"; known: ${saeArchitectures.join(', ')}`);
  return arch;
}

/** The knobs every architecture shares: where activations are read, the size and the training recipe. */
interface SaeCommon {
  /** TransformerLens hook within block `layer`; the full name is `blocks.{layer}.{hook}`. */
  hook: SaeHook;
  layer: number;
  position: SaePosition;
  architecture: SaeArchitectureName;
  /** Latents = expansion × d_in. */
  expansion: number;
  lr: number;
  epochs: number;
  batchSize: number;
  /** One SAE per seed; a seed sets the initial weights and the data order. */
  seeds: number[];
  /** A latent is dead (for AuxK and the readouts) when it fired on none of the last deadWindow × N training inputs. */
  deadWindow: number;
  /** Per-seed gradient-norm clipping; 0 turns it off. */
  gradClip: number;
  evalEvery: number;
}

/** Every architecture's knobs at once (an intersection of the arch files' knob types). */
type EveryKnob = UnionToIntersection<SaeArchitectureKnobs[SaeArchitectureName]>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every field an SAE spec may carry: the field table's keys, the SAE controls' draft, a flat spec of old. */
export type SaeSpecFields = SaeCommon & EveryKnob;
export type SaeFieldKey = keyof SaeSpecFields;

/** A spec of the architecture(s) `A`: their own knobs present, the others' optional extras (see above). */
export type SaeSpecOf<A extends SaeArchitectureName> = A extends SaeArchitectureName
  ? Omit<SaeCommon, 'architecture'> & { architecture: A } & SaeArchitectureKnobs[A] & Partial<EveryKnob>
  : never;

/** A valid SAE spec: a union on `architecture`, narrowed by `spec.architecture === 'topk'` and the like. */
export type SaeSpec = SaeSpecOf<SaeArchitectureName>;

const commonFields: FieldTable<SaeCommon> = {
  hook: { kind: 'choice', label: 'hook', doc: 'TransformerLens hook point to read (mlp.hook_post has d_mlp features, the others d_model)', options: saeHooks, default: 'hook_resid_post' },
  layer: { kind: 'int', label: 'layer', doc: 'transformer block of the hook point', min: 0, max: 1, default: 0 },
  position: { kind: 'choice', label: 'position', doc: 'token position: a, b, = (the answer position) or all three as separate rows', options: saePositions, default: '=' },
  architecture: {
    kind: 'choice', label: 'architecture', options: saeArchitectures, default: 'topk',
    doc: saeArchitectureList.map((a) => `${a.name}: ${a.doc}`).join('; '),
  },
  expansion: { kind: 'int', label: 'expansion', doc: 'latents = expansion × d_in', min: 1, max: 64, default: 8 },
  lr: { kind: 'float', label: 'learning rate', doc: 'Adam learning rate (betas 0.9, 0.999; eps 1e-8)', min: 1e-6, max: 0.1, default: 1e-3, log: true },
  epochs: { kind: 'int', label: 'epochs', doc: 'passes over the activation set', min: 1, max: 10_000, default: 20 },
  batchSize: { kind: 'int', label: 'batch size', doc: 'activations per training step', min: 1, max: 65_536, default: 256 },
  seeds: {
    kind: 'intList', label: 'seeds', doc: 'one SAE per seed; a seed changes the initial weights and the data order',
    min: 0, max: 2 ** 31 - 1, minLength: 1, maxLength: 16, default: [42, 123, 456, 789, 1011],
  },
  deadWindow: { kind: 'float', label: 'dead window (epochs)', doc: 'a latent that fired on no input for this many epochs counts as dead for AuxK', min: 0.01, max: 100, default: 1 },
  gradClip: { kind: 'float', label: 'grad clip', doc: 'clip each seed\'s gradient norm to this; 0 = off', min: 0, max: 1000, default: 1 },
  evalEvery: { kind: 'int', label: 'eval every', doc: 'training steps between evaluations on the full activation set', min: 1, max: 100_000, default: 50 },
};

/** The common fields, then each architecture's own (a key shared by two architectures is one Field object). */
function mergedFields(): FieldTable<SaeSpecFields> {
  const out: Record<string, Field> = { ...commonFields };
  for (const arch of saeArchitectureList) {
    for (const [key, field] of Object.entries(arch.fields)) {
      if (out[key] && out[key] !== field) throw new Error(`SAE field ${key} is declared twice (architecture ${arch.name})`);
      out[key] = field;
    }
  }
  return out as FieldTable<SaeSpecFields>;
}

export const saeFields: FieldTable<SaeSpecFields> = mergedFields();

/** The TransformerLens name of the hook the spec reads, e.g. `blocks.0.hook_resid_post`. */
export const saeHookName = (s: Pick<SaeCommon, 'layer' | 'hook'>): string => `blocks.${s.layer}.${s.hook}`;

/** Width of the activations read: d_mlp for the MLP hidden layer, d_model for residual-stream hooks. */
export const saeInputDim = (s: Pick<SaeCommon, 'hook'>, t: TransformerSpec): number => (s.hook === 'mlp.hook_post' ? t.dMlp : t.dModel);

export const saeLatents = (s: Pick<SaeCommon, 'hook' | 'expansion'>, t: TransformerSpec): number => s.expansion * saeInputDim(s, t);

/** Rows of activations per epoch: p² inputs, three times over for `all` positions. */
export const saeRows = (s: Pick<SaeCommon, 'position'>, t: TransformerSpec): number => t.p * t.p * (s.position === 'all' ? 3 : 1);

/** Validates the SAE part; with the transformer it also checks the layer and the architecture's own checks (k ≤ latents). */
export function validateSaes(raw: unknown, transformer?: TransformerSpec, path = 'saes'): SaeSpec {
  const spec: SaeSpec = validateFields(path, saeFields, raw);
  if (!transformer) return spec;
  if (spec.layer >= transformer.nLayers) {
    throw new SpecError(`${path}.layer (${spec.layer}) must be below the transformer's nLayers (${transformer.nLayers})`);
  }
  const n = saeLatents(spec, transformer);
  saeArchitectureOf(spec.architecture).check?.(spec, n, path);
  const shape = { rows: saeRows(spec, transformer), dIn: saeInputDim(spec, transformer), latents: n, seeds: spec.seeds.length, batchSize: spec.batchSize };
  checkSaeBudget(shape, path);
  return spec;
}

const base = defaultsOf(saeFields);

/**
 * The plan's runs on the Nanda transformer (d_model 128, answer position, 20 epochs, seeds 42..1011):
 * phase1 = 5 TopK SAEs with k = 32, phase2 = 5 ReLU + L1 SAEs, both 8× expansion (1,024 latents).
 * tiny = a few small SAEs on the tiny transformer, so the whole pipeline runs in about a minute on a CPU.
 */
export const saePresets = {
  phase1: { ...base, architecture: 'topk', k: 32, expansion: 8 },
  phase2: { ...base, architecture: 'relu', expansion: 8 },
  tiny: { ...base, expansion: 4, k: 8, epochs: 60, batchSize: 64, seeds: [42, 123, 456], evalEvery: 50 },
  /** The teaching preset's SAEs: tiny's recipe with all five seeds, for a full stability matrix in class. */
  teach: { ...base, expansion: 4, k: 8, epochs: 60, batchSize: 64, evalEvery: 50 },
} satisfies Record<string, SaeSpec>;
