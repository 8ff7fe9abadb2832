/**
 * Every SAE architecture, by name (STYLE.md 9). Adding one: a file in this folder (architecture.ts says what it
 * declares), its two lines here (the list and its knob type), and its tests. This list is free of tfjs: the page
 * reads it for the spec fields.
 */
import type { SaeArchitecture } from '../architecture.ts';
import { type BatchtopkKnobs, batchtopk } from './batchtopk.ts';
import { type JumpreluKnobs, jumprelu } from './jumprelu.ts';
import { type ReluKnobs, relu } from './relu.ts';
import { type TopkKnobs, topk } from './topk.ts';

export const saeArchitectureList: readonly SaeArchitecture[] = [topk, relu, batchtopk, jumprelu];

/** Each architecture's own knobs, by the spec's `architecture` value: spec/sae.ts builds the SaeSpec union from it. */
export interface SaeArchitectureKnobs {
  topk: TopkKnobs;
  relu: ReluKnobs;
  batchtopk: BatchtopkKnobs;
  jumprelu: JumpreluKnobs;
}
