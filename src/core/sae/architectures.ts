/**
 * The trainer's side of the architecture registry (arch/index.ts): each architecture with its math built over
 * tfjs. The page never imports this file.
 */
import * as tf from '../tf.ts';
import type { SaeArchitectureName } from '../spec/sae.ts';
import { saeArchitectureOf } from '../spec/sae.ts';
import type { SaeArchitecture, SaeKit, SaeMath } from './architecture.ts';
import * as ops from './ops.ts';
import * as topkStep from './topkStep.ts';

export type { LossContext, LossTerm, SeedStepContext } from './architecture.ts';
export { effectiveKAux } from './arch/topk.ts';

/** An architecture with its math: what the trainer, the analyses and tests use. */
export type SaeArchitectureRuntime = SaeArchitecture & SaeMath & { name: SaeArchitectureName; infer: NonNullable<SaeMath['infer']> };

const kit: SaeKit = { tf, ops, topkStep };
const built = new Map<string, SaeArchitectureRuntime>();

export function getArchitecture(name: string): SaeArchitectureRuntime {
  let arch = built.get(name);
  if (!arch) {
    const spec = saeArchitectureOf(name);
    const math = spec.math(kit);
    arch = { ...spec, ...math, name: spec.name as SaeArchitectureName, infer: math.infer ?? math.activate };
    built.set(name, arch);
  }
  return arch;
}
