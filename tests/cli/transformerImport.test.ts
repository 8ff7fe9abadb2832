import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../src/core/io/safetensors.ts';
import { type TransformerSpec, transformerPresets } from '../../src/core/spec/transformer.ts';
import { gridWeights, tlBiases, tlConfig, tlFixture, tlLogitsPlain } from '../helpers/transformerLens.ts';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const run = (args: string[]) => spawnSync(tsx, ['cli/experiment.ts', ...args], { encoding: 'utf8' });
const arch: TransformerSpec = { ...transformerPresets.tiny, p: 7, dModel: 8, nHeads: 2, dMlp: 16 };

/** A folder holding a TransformerLens model: config.json and `weightsName`. */
function tlFolder(root: string, name: string, config: unknown, bytes: Uint8Array | null, weightsName = 'tl_model.safetensors'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (config !== null) writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  if (bytes) writeFileSync(join(dir, weightsName), bytes);
  return dir;
}

describe('npm run experiment -- --transformer DIR with a TransformerLens model', () => {
  it('trains SAEs on it and reports accuracy and loss on all p² pairs, labelled so (the split is unknown)', () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-tl-'));
    const { config, bytes } = tlFixture(arch, 'BF16');
    const dir = tlFolder(root, 'tl', config, bytes);
    const specFile = join(root, 'spec.json');
    const saes = { architecture: 'topk', k: 2, expansion: 2, epochs: 2, batchSize: 16, seeds: [1, 2], evalEvery: 5 };
    writeFileSync(specFile, JSON.stringify({ version: 1, transformer: { p: 11 }, saes }));
    const out = join(root, 'out');
    const r = run(['--spec', specFile, '--transformer', dir, '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/loaded from .* \(no training block, split unknown\); on all 49 pairs: accuracy \d\.\d{4}, loss /);
    expect(r.stdout).toMatch(/converted BF16 to float32/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const t = report.transformer;
    expect(t.final).toBeUndefined(); // no train/test numbers for a split the model never had
    expect(t.splitKnown).toBe(false);
    expect(t.loadedFrom).toBe(dir);
    expect(report.spec.transformer).toMatchObject({ p: 7, dModel: 8, nHeads: 2, dMlp: 16, nLayers: 1 });
    // The same numbers from an independent float64 forward pass of the TransformerLens weights.
    const tl = { ...gridWeights(arch), ...tlBiases(arch) };
    let correct = 0;
    let loss = 0;
    for (let a = 0; a < 7; a++) {
      for (let b = 0; b < 7; b++) {
        const logits = tlLogitsPlain(tl, arch, a, b);
        const max = Math.max(...logits);
        const label = (a + b) % 7;
        loss += Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0)) + max - logits[label];
        if (logits.indexOf(max) === label) correct++;
      }
    }
    expect(t.allPairs.pairs).toBe(49);
    expect(t.allPairs.acc).toBeCloseTo(correct / 49, 6);
    expect(t.allPairs.loss).toBeCloseTo(loss / 49, 4);
    expect(report.saes.map((s: { name: string }) => s.name)).toEqual(['topk_k2_seed1', 'topk_k2_seed2']);
    for (const s of report.saes) expect(existsSync(join(out, 'saes', s.name, 'sae_weights.safetensors'))).toBe(true);
  });

  it('refuses bad files with error: …, exit status 2, and writes nothing (no output folder)', () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-tl-bad-'));
    const { config, bytes } = tlFixture(arch);
    const tl = { ...gridWeights(arch), ...tlBiases(arch) };
    const { 'blocks.0.attn.W_O': _, ...noWO } = tl;
    const cases: [string, string, RegExp][] = [
      [tlFolder(root, 'missing-key', config, encodeSafetensors(noWO)), 'missing-key', /lacks blocks\.0\.attn\.W_O/],
      [tlFolder(root, 'shape', config, encodeSafetensors({ ...tl, 'unembed.W_U': { shape: [8, 8], data: new Float32Array(64) } })), 'shape', /unembed\.W_U has shape \[8,8\], expected \[8,7\]/],
      [tlFolder(root, 'layernorm', tlConfig(arch, { normalization_type: 'LNPre' }), bytes), 'layernorm', /normalization_type is "LNPre"; the lab's transformer has no LayerNorm/],
      [tlFolder(root, 'json', '{"n_layers": 1', bytes), 'json', /config\.json is not valid JSON/],
      [tlFolder(root, 'no-weights', config, null), 'no-weights', /no \.safetensors file/],
      [tlFolder(root, 'no-config', null, bytes), 'no-config', /no config\.json/],
      [join(root, 'no-such-folder'), 'absent', /--transformer .*no-such-folder: ENOENT/],
    ];
    for (const [dir, name, message] of cases) {
      const out = join(root, `out-${name}`);
      const r = run(['--preset', 'tiny', '--transformer', dir, '--out', out, '--quiet']);
      expect(r.status, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr, name).toMatch(/^error: --transformer /);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(existsSync(out), `${name} wrote ${out}`).toBe(false);
    }
  });

  it('refuses SAEs that do not fit the loaded transformer before writing anything', () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-tl-sae-'));
    const { config, bytes } = tlFixture(arch);
    const dir = tlFolder(root, 'tl', config, bytes);
    const specFile = join(root, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ version: 1, transformer: { nLayers: 2, dModel: 32, dMlp: 64 }, saes: { architecture: 'relu', layer: 1, seeds: [1, 2] } }));
    const out = join(root, 'out');
    const r = run(['--spec', specFile, '--transformer', dir, '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: the SAEs do not fit the loaded transformer: /);
    expect(existsSync(out)).toBe(false);
  });
});
