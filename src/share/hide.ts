/**
 * Classroom hide keys (TensorFlow Playground's `_hide`): a link can name controls the page it opens must not
 * render. The values still come from the link's spec; only the controls are gone. A key is one control — a spec
 * field by its path (`transformer.lr`, `saes.k`) or a page control (`backend`, the preset rows) — or a group that
 * stands for several (`saes.arch`: the architecture and its knobs).
 */
import { saeArchitectureList, saeFields } from '../core/spec/sae.ts';
import { transformerFields } from '../core/spec/transformer.ts';

const fieldControls = [
  ...Object.keys(transformerFields).map((k) => `transformer.${k}`),
  ...Object.keys(saeFields).map((k) => `saes.${k}`),
];

/** Page controls that are not spec fields, with what each one is. */
export const pageControls: Record<string, string> = {
  backend: 'the backend picker in the header',
  'transformer.presets': 'the transformer preset buttons',
  'saes.presets': 'the SAE preset buttons',
};

export interface HideGroup {
  label: string;
  members: readonly string[];
}

const t = (...keys: string[]) => keys.map((k) => `transformer.${k}`);
const s = (...keys: string[]) => keys.map((k) => `saes.${k}`);

export const hideGroups: Record<string, HideGroup> = {
  'transformer.model': { label: 'transformer: task and model size', members: t('p', 'trainFraction', 'nLayers', 'dModel', 'nHeads', 'dMlp') },
  'transformer.optimiser': { label: 'transformer: optimiser', members: t('lr', 'weightDecay', 'beta1', 'beta2', 'eps', 'warmupSteps', 'grokfastAlpha', 'grokfastLambda') },
  'transformer.run': { label: 'transformer: steps, seed, evaluation', members: t('steps', 'seed', 'evalEvery') },
  'saes.site': { label: 'SAEs: hook, layer, position', members: s('hook', 'layer', 'position') },
  'saes.arch': {
    label: 'SAEs: architecture and its knobs',
    members: s('architecture', 'expansion', ...new Set(saeArchitectureList.flatMap((a) => Object.keys(a.fields)))),
  },
  'saes.training': { label: 'SAEs: training recipe and seeds', members: s('lr', 'epochs', 'batchSize', 'seeds', 'deadWindow', 'gradClip', 'evalEvery') },
};

/** Every key a link may carry, in a stable order (groups, page controls, fields). */
export const hideKeys: readonly string[] = [...Object.keys(hideGroups), ...Object.keys(pageControls), ...fieldControls];
const known = new Set(hideKeys);

export const MAX_HIDE_KEYS = hideKeys.length;

/** The controls a set of keys hides: groups expanded to their members. */
export function hiddenControls(keys: readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const key of keys) {
    if (Object.hasOwn(hideGroups, key)) hideGroups[key].members.forEach((m) => out.add(m));
    else out.add(key);
  }
  return out;
}

export type HideParse = { ok: true; keys: string[] } | { ok: false; error: string };

/** `transformer.lr,backend` → the keys, deduplicated in the canonical order; an unknown key is an error. */
export function parseHide(text: string): HideParse {
  if (text === '') return { ok: true, keys: [] };
  const parts = text.split(',');
  if (parts.length > MAX_HIDE_KEYS) return { ok: false, error: `it hides ${parts.length} controls; at most ${MAX_HIDE_KEYS} exist` };
  const unknown = parts.find((k) => !known.has(k));
  if (unknown !== undefined) return { ok: false, error: `its hide list names "${unknown.slice(0, 40)}", which is not a control this lab can hide` };
  return { ok: true, keys: canonicalHide(parts) };
}

export const canonicalHide = (keys: readonly string[]): string[] => hideKeys.filter((k) => keys.includes(k));
