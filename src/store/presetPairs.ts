/**
 * The SAE preset follows the transformer preset, so that Run all after a click on a preset trains a sensible
 * pipeline: a transformer preset with an SAE preset of the same name (tiny) brings it along; leaving such a pairing
 * for a preset without one (tiny → nanda) goes back to the default SAE preset; otherwise the SAE controls stay
 * (phase1 and phase2 both suit nanda and fast, and edited SAE settings are kept).
 */
import { saePresets } from '../core/spec/sae.ts';
import { type PresetName, presetNames } from '../core/spec/experiment.ts';
import { DEFAULT_SAE_PRESET, type SaePresetName } from './saeSlice.ts';

/** The SAE preset to load when the transformer preset `chosen` is clicked, or null to keep the SAE controls. */
export function saePresetFollowing(chosen: PresetName, current: SaePresetName | null): SaePresetName | null {
  if (Object.hasOwn(saePresets, chosen)) return chosen === current ? null : (chosen as SaePresetName);
  const pairedWithAnother = current !== null && (presetNames as string[]).includes(current);
  return pairedWithAnother ? DEFAULT_SAE_PRESET : null;
}
