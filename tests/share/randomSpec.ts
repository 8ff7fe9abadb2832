/** Random valid experiment specs drawn from the field tables (seeded: a failure names its seed and reproduces). */
import { Rng } from '../../src/core/rng.ts';
import { type ExperimentSpec, SPEC_VERSION, validateSpec } from '../../src/core/spec/experiment.ts';
import type { Field, FieldTable } from '../../src/core/spec/fields.ts';
import { saeFields } from '../../src/core/spec/sae.ts';
import { transformerFields } from '../../src/core/spec/transformer.ts';

function draw(rng: Rng, f: Field): unknown {
  switch (f.kind) {
    case 'choice':
      return f.options[rng.int(f.options.length)];
    case 'int':
      // A fifth of the time an edge of the range, so the bounds themselves are exercised.
      return rng.uniform() < 0.2 ? (rng.uniform() < 0.5 ? f.min : f.max) : f.min + rng.int(Math.min(f.max - f.min + 1, 2 ** 31));
    case 'float': {
      if (rng.uniform() < 0.2) return rng.uniform() < 0.5 ? f.min : f.max;
      const u = rng.uniform();
      // Log fields are drawn in log space; full-precision doubles (0.30000000000000004 and the like) on purpose.
      return f.log ? f.min * (f.max / f.min) ** u : f.min + u * (f.max - f.min);
    }
    case 'intList': {
      const n = f.minLength + rng.int(f.maxLength - f.minLength + 1);
      const seeds = new Set<number>();
      while (seeds.size < n) seeds.add(f.min + rng.int(f.max - f.min + 1));
      return [...seeds];
    }
  }
}

function drawPart<T>(rng: Rng, table: FieldTable<T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(table) as [string, Field][]) out[key] = draw(rng, f);
  return out;
}

const NAMES = ['', 'x', 'my "quoted" run', 'émigré ∑ 🧪', '\u0000\u001f\\', 'a'.repeat(200), '\ud800 lone surrogate'];

/** A random spec that validateSpec accepts (draws again until one does; most draws fail the memory budget). */
export function randomValidSpec(seed: number): ExperimentSpec {
  const rng = new Rng(seed, 991);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const transformer = drawPart(rng, transformerFields);
    // Keep what validation forbids in combination rare but not absent: heads must divide d_model.
    transformer.nHeads = [1, 2, 4, 8, 16][rng.int(5)];
    transformer.dModel = (transformer.nHeads as number) * (1 + rng.int(Math.floor(64 / (transformer.nHeads as number))));
    if ((transformer.dModel as number) < 4) transformer.dModel = 4 * (transformer.nHeads as number);
    transformer.p = 3 + rng.int(100);
    transformer.dMlp = 4 + rng.int(512);
    const raw: Record<string, unknown> = { version: SPEC_VERSION, name: NAMES[rng.int(NAMES.length)], transformer };
    if (rng.uniform() < 0.7) {
      const saes = drawPart(rng, saeFields);
      saes.layer = rng.int(transformer.nLayers as number);
      saes.expansion = 1 + rng.int(8);
      saes.k = 1 + rng.int(16);
      saes.kAux = rng.int(16);
      raw.saes = saes;
    }
    try {
      return validateSpec(raw);
    } catch {
      /* draw again */
    }
  }
  throw new Error(`no valid spec drawn from seed ${seed}`);
}
