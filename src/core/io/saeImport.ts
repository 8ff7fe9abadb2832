/**
 * SAEs trained elsewhere, read for analysis (docs/files.md): one or several SAEs ("seeds") of one shape, each a
 * folder with `cfg.json` and `sae_weights.safetensors` (SAELens, what the CLI and the page write) or
 * `sae.safetensors` (sparsify). The page's downloads, named `FOLDER__cfg.json`, are grouped by that prefix; other
 * files by their folder (a sparsify folder's name is its hook point).
 *
 * Everything is checked here, before anything is sent to the worker: the files themselves, cfg.json against the
 * tensor shapes (W_dec's orientation by shape), the SAEs against each other, and their width against the hook of
 * the current transformer. Errors are SpecErrors that name the folder and say what is wrong.
 */
import { SpecError } from '../spec/fields.ts';
import { type SaeArchitectureName, type SaeHook, type SaeSpec, saeArchitectureList, saeArchitectureOf, saeInputDim, saePositions, validateSaes } from '../spec/sae.ts';
import type { TransformerSpec } from '../spec/transformer.ts';
import type { SaeWeights } from '../sae/init.ts';
import { decodeSae } from './saeFiles.ts';

export interface ImportFile {
  /** File name, or a relative path (`FOLDER/cfg.json`), or the page's download name (`FOLDER__cfg.json`). */
  path: string;
  bytes: Uint8Array;
}

export interface ImportedSaes {
  /** The spec the analyses use: architecture, k, hook and position from the files; seeds label the SAEs. */
  spec: SaeSpec;
  weights: SaeWeights[]; // one per seed, SAELens orientation, acting on raw activations
  folders: string[];
  layouts: ('saelens' | 'sparsify')[];
  /** Things the user should know (assumed hook, renumbered seeds, square decoders). */
  notes: string[];
}

export const SAE_IMPORT_LIMITS = { files: 32, saes: 16, totalBytes: 256 * 2 ** 20, cfgBytes: 2 ** 20 };

const WEIGHT_NAMES = ['sae_weights.safetensors', 'sae.safetensors'];
const HOOK_RE = /^blocks\.(\d{1,3})\.(hook_resid_pre|hook_resid_mid|hook_resid_post|hook_mlp_out|mlp\.hook_post)$/;

/** Splits a path into its SAE folder and file name. */
function locate(path: string): { folder: string; name: string } {
  const parts = path.replace(/\\/g, '/').split('/').filter(Boolean);
  const base = parts.pop() ?? '';
  const cut = base.lastIndexOf('__');
  if (cut > 0) return { folder: [...parts, base.slice(0, cut)].join('/'), name: base.slice(cut + 2) };
  return { folder: parts.join('/'), name: base };
}

interface Folder {
  cfg?: Uint8Array;
  weights?: Uint8Array;
}

function groupFiles(files: ImportFile[]): Map<string, Folder> {
  if (files.length === 0) throw new SpecError('choose the SAE files: cfg.json with sae_weights.safetensors (SAELens) or sae.safetensors (sparsify)');
  if (files.length > SAE_IMPORT_LIMITS.files) throw new SpecError(`${files.length} files chosen; at most ${SAE_IMPORT_LIMITS.files} are read`);
  const total = files.reduce((a, f) => a + f.bytes.length, 0);
  if (total > SAE_IMPORT_LIMITS.totalBytes) throw new SpecError(`the files hold ${total} bytes; at most ${SAE_IMPORT_LIMITS.totalBytes} are read`);
  const folders = new Map<string, Folder>();
  for (const f of files) {
    const { folder, name } = locate(f.path);
    const entry = folders.get(folder) ?? {};
    const label = `"${f.path.slice(0, 120)}"`;
    if (name === 'cfg.json') {
      if (entry.cfg) throw new SpecError(`two cfg.json files for SAE "${folder}"`);
      entry.cfg = f.bytes;
    } else if (WEIGHT_NAMES.includes(name)) {
      if (entry.weights) throw new SpecError(`two weight files for SAE "${folder}"`);
      entry.weights = f.bytes;
    } else {
      throw new SpecError(`${label} is not an SAE file: expected cfg.json with sae_weights.safetensors (SAELens) or sae.safetensors (sparsify)`);
    }
    folders.set(folder, entry);
  }
  if (folders.size > SAE_IMPORT_LIMITS.saes) throw new SpecError(`${folders.size} SAEs chosen; at most ${SAE_IMPORT_LIMITS.saes} are compared`);
  return folders;
}

interface OneSae {
  folder: string;
  layout: 'saelens' | 'sparsify';
  weights: SaeWeights;
  architecture: SaeArchitectureName;
  /** The architecture's knobs read from cfg.json (TopK: k). */
  knobs: Record<string, unknown>;
  hook: { hook: SaeHook; layer: number } | null;
  position: SaeSpec['position'] | null;
  seed: number | null;
  training: SaeSpec | null;
  squareDecoder: boolean;
}

const int = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);

function readCfg(folder: string, bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length > SAE_IMPORT_LIMITS.cfgBytes) throw new SpecError(`${folder}/cfg.json is larger than ${SAE_IMPORT_LIMITS.cfgBytes} bytes`);
  let cfg: unknown;
  try {
    cfg = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SpecError(`${folder}/cfg.json is not valid JSON`);
  }
  if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) throw new SpecError(`${folder}/cfg.json must hold a JSON object`);
  return cfg as Record<string, unknown>;
}

/**
 * Which registered architecture the cfg describes (each architecture's `saeLens.read`), with its knobs; anything
 * else is refused. A lab export names its training architecture: BatchTopK, written as the JumpReLU it is at
 * inference (as SAELens does), reads back as BatchTopK.
 */
function architectureOf(folder: string, cfg: Record<string, unknown>, layout: OneSae['layout'], dSae: number, training: SaeSpec | null) {
  if (cfg.transcode === true || cfg.skip_connection === true) throw new SpecError(`${folder} is a transcoder or has a skip connection: only plain SAEs can be compared`);
  const read = layout === 'sparsify' ? { ...cfg, architecture: 'topk' } : cfg;
  for (const arch of saeArchitectureList) {
    const knobs = arch.saeLens.read?.(read, dSae, folder);
    if (!knobs) continue;
    const trained = training && saeArchitectureOf(training.architecture);
    if (trained && trained.name !== arch.name && trained.saeLens.name === arch.saeLens.name) return { architecture: trained, knobs: {} };
    return { architecture: arch, knobs };
  }
  const known = [...new Set(saeArchitectureList.map((a) => a.saeLens.name))].join(', ');
  throw new SpecError(`${folder}: architecture ${JSON.stringify(cfg.architecture ?? 'standard').slice(0, 40)} is not supported (${known})`);
}

function readOne(folder: string, entry: Folder): OneSae {
  const where = folder || 'the SAE';
  if (!entry.cfg) throw new SpecError(`${where} lacks cfg.json`);
  if (!entry.weights) throw new SpecError(`${where} lacks its weights (sae_weights.safetensors or sae.safetensors)`);
  const cfg = readCfg(where, entry.cfg);
  let w: ReturnType<typeof decodeSae>;
  try {
    w = decodeSae(entry.weights);
  } catch (e) {
    throw new SpecError(`${where}: ${(e as Error).message}`);
  }
  for (const [name, data] of [['W_enc', w.W_enc], ['b_enc', w.b_enc], ['W_dec', w.W_dec], ['b_dec', w.b_dec]] as const) {
    if (!data.every(Number.isFinite)) throw new SpecError(`${where}: ${name} holds NaN or infinite values`);
  }
  const cfgDIn = int(cfg.d_in);
  if (cfgDIn !== w.dIn) throw new SpecError(`${where}: cfg.json says d_in ${JSON.stringify(cfg.d_in)?.slice(0, 20)}, but b_dec holds ${w.dIn} values`);
  const declared = w.layout === 'sparsify'
    ? (int(cfg.num_latents) || (int(cfg.expansion_factor) ?? 0) * w.dIn || null)
    : int(cfg.d_sae);
  if (declared !== null && declared !== w.dSae) throw new SpecError(`${where}: cfg.json says ${declared} latents, but the weights hold ${w.dSae}`);
  let training: SaeSpec | null = null;
  if (cfg.training !== undefined) {
    try {
      training = validateSaes(cfg.training, undefined, `${where}/cfg.json training`);
    } catch (e) {
      throw new SpecError((e as Error).message);
    }
  }
  const { architecture, knobs } = architectureOf(where, cfg, w.layout, w.dSae, training);
  if (architecture.threshold && !w.threshold) throw new SpecError(`${where}: a ${architecture.saeLens.name} SAE needs its threshold [d_sae] in the weights file`);
  const weights: SaeWeights = { dIn: w.dIn, dSae: w.dSae, W_enc: w.W_enc, b_enc: w.b_enc, W_dec: w.W_dec, b_dec: w.b_dec };
  if (architecture.threshold) weights.threshold = w.threshold;
  if (weights.threshold && !weights.threshold.every(Number.isFinite)) throw new SpecError(`${where}: threshold holds NaN or infinite values`);
  if (cfg.apply_b_dec_to_input === false) weights.b_enc = foldDecoderBias(weights); // this lab always subtracts b_dec
  const hookMatch = (typeof cfg.hook_name === 'string' ? cfg.hook_name : folder.split('/').pop() ?? '').match(HOOK_RE);
  const seed = int(cfg.seed);
  return {
    folder, layout: w.layout, weights, architecture: architecture.name as SaeArchitectureName, knobs, squareDecoder: w.squareDecoder, training,
    hook: hookMatch ? { layer: Number(hookMatch[1]), hook: hookMatch[2] as SaeHook } : null,
    position: saePositions.includes(cfg.position as SaeSpec['position']) ? (cfg.position as SaeSpec['position']) : null,
    seed: seed !== null && seed >= 0 && seed < 2 ** 31 ? seed : null,
  };
}

/** b_enc + b_dec · W_enc: the same pre-activations when b_dec is subtracted from the input first. */
function foldDecoderBias(w: SaeWeights): Float32Array {
  const out = Float32Array.from(w.b_enc);
  for (let i = 0; i < w.dIn; i++) for (let j = 0; j < w.dSae; j++) out[j] += w.b_dec[i] * w.W_enc[i * w.dSae + j];
  return out;
}

/**
 * Reads and checks a set of SAE files against the current transformer. `fallback` (the page's SAE controls) gives
 * the hook and position when the files do not name them (sparsify).
 */
export function readImportedSaes(files: ImportFile[], transformer: TransformerSpec, fallback: SaeSpec): ImportedSaes {
  const folders = groupFiles(files);
  const saes = [...folders.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((f) => readOne(f, folders.get(f)!));
  const first = saes[0];
  const notes: string[] = [];
  for (const s of saes.slice(1)) {
    const differs = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new SpecError(`${s.folder} and ${first.folder} differ in ${what} (${JSON.stringify(b)} vs ${JSON.stringify(a)}): only SAEs of one shape can be compared`);
    };
    differs('d_in', first.weights.dIn, s.weights.dIn);
    differs('d_sae', first.weights.dSae, s.weights.dSae);
    differs('architecture', first.architecture, s.architecture);
    differs(Object.keys(first.knobs).join(', ') || 'knobs', first.knobs, s.knobs);
    differs('hook', first.hook, s.hook);
    differs('position', first.position, s.position);
  }
  const { dIn, dSae } = first.weights;
  const hook = first.hook ?? { hook: fallback.hook, layer: fallback.layer };
  if (!first.hook) notes.push(`the files name no TransformerLens hook: read as blocks.${hook.layer}.${hook.hook} (from the SAE controls)`);
  const position = first.position ?? fallback.position;
  if (!first.position) notes.push(`the files name no token position: read at "${position}" (from the SAE controls)`);
  if (first.squareDecoder) notes.push('d_in = d_sae: W_dec\'s orientation cannot be checked by its shape; read as [d_sae, d_in], the SAELens and sparsify convention');
  const seeds = saes.map((s) => s.seed);
  const distinct = seeds.every((s) => s !== null) && new Set(seeds).size === seeds.length;
  if (!distinct) notes.push(`the files carry no distinct seeds: the SAEs are numbered ${saes.map((_, i) => i).join(', ')} in folder order`);
  const expansion = dSae / dIn;
  const base = first.training ?? fallback;
  const raw = {
    ...base, ...hook, position, architecture: first.architecture, ...first.knobs, expansion,
    seeds: distinct ? (seeds as number[]) : saes.map((_, i) => i),
  };
  const width = saeInputDim(raw, transformer);
  if (dIn !== width) {
    throw new SpecError(`the SAEs read ${dIn} values per input, but blocks.${hook.layer}.${hook.hook} of the current transformer has ${width}`);
  }
  if (!Number.isInteger(expansion)) throw new SpecError(`d_sae (${dSae}) must be a whole multiple of d_in (${dIn}) in this lab`);
  let spec: SaeSpec;
  try {
    spec = validateSaes(raw, transformer, 'imported SAEs');
  } catch (e) {
    throw new SpecError((e as Error).message);
  }
  return { spec, weights: saes.map((s) => s.weights), folders: saes.map((s) => s.folder), layouts: saes.map((s) => s.layout), notes };
}

/** Why the worker must refuse imported SAEs (a message is input like any other), or null. */
export function importedSaesProblem(spec: SaeSpec, weights: SaeWeights[], transformer: TransformerSpec): string | null {
  try {
    validateSaes(spec, transformer);
  } catch (e) {
    return (e as Error).message;
  }
  const dIn = saeInputDim(spec, transformer);
  const n = spec.expansion * dIn;
  if (weights.length !== spec.seeds.length) return `${weights.length} SAEs for ${spec.seeds.length} seeds`;
  for (const w of weights) {
    const ok = w.dIn === dIn && w.dSae === n && w.W_enc?.length === dIn * n && w.W_dec?.length === n * dIn && w.b_enc?.length === n && w.b_dec?.length === dIn;
    if (!ok) return `imported SAE weights do not have the shapes [${dIn}, ${n}]`;
    if (saeArchitectureOf(spec.architecture).threshold && w.threshold?.length !== n) return `imported ${spec.architecture} SAEs need a threshold of ${n} values`;
  }
  return null;
}
