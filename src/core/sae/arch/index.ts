/**
 * Every SAE architecture, by name (STYLE.md 9). Adding one: a file in this folder (architecture.ts says what it
 * declares), its line here, and its tests. This list is free of tfjs: the page reads it for the spec fields.
 */
import type { SaeArchitecture } from '../architecture.ts';
import { batchtopk } from './batchtopk.ts';
import { jumprelu } from './jumprelu.ts';
import { relu } from './relu.ts';
import { topk } from './topk.ts';

export const saeArchitectureList: readonly SaeArchitecture[] = [topk, relu, batchtopk, jumprelu];
