import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, parseArgs } from '../../cli/args.ts';
import { decodeSafetensors } from '../../src/core/io/safetensors.ts';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const run = (args: string[]) => spawnSync(tsx, ['cli/experiment.ts', ...args], { encoding: 'utf8' });

describe('CLI argument parsing', () => {
  it('applies --steps and --seed over a preset', () => {
    const o = parseArgs(['--preset', 'tiny', '--out', '/tmp/x', '--steps', '12', '--seed', '5']);
    if (o === 'help') throw new Error('unexpected help');
    expect(o.spec.transformer.steps).toBe(12);
    expect(o.spec.transformer.seed).toBe(5);
    expect(o.backend).toBe('auto');
  });

  const bad: [string[], RegExp][] = [
    [['--out', 'x'], /exactly one of --preset or --spec/],
    [['--preset', 'tiny'], /--out DIR is required/],
    [['--preset', 'nope', '--out', 'x'], /unknown preset "nope"/],
    [['--preset', 'tiny', '--out', 'x', '--steps', 'ten'], /--steps must be an integer/],
    [['--preset', 'tiny', '--out', 'x', '--steps', '0'], /transformer.steps must be between/],
    [['--preset', 'tiny', '--out', 'x', '--backend', 'webgpu'], /--backend must be wasm or cpu/],
    [['--preset', 'tiny', '--out', 'x', '--bogus'], /unknown argument "--bogus"/],
    [['--spec', '/no/such/file.json', '--out', 'x'], /cannot read/],
    [['--preset', 'tiny', '--out', 'x', '--checkpoint-every', '-1'], /--checkpoint-every must be between 0 and 86400/],
    [['--preset', 'tiny', '--out', 'x', '--resume', '--transformer', '.'], /give one of them/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(' ')}`, () => {
      expect(() => parseArgs(argv)).toThrow(CliError);
      expect(() => parseArgs(argv)).toThrow(message);
    });
  }
});

describe('npm run experiment', () => {
  it('writes report.json, model.safetensors with TransformerLens names and shapes, and config.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-cli-'));
    const specFile = join(out, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ version: 1, name: 'cli-test', transformer: { p: 11, dModel: 16, nHeads: 2, dMlp: 32, steps: 40, trainFraction: 0.5 } }));
    const stdout = execFileSync(tsx, ['cli/experiment.ts', '--spec', specFile, '--out', out, '--seed', '3', '--quiet'], { encoding: 'utf8' });
    expect(stdout).toMatch(/40 steps/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.spec.transformer.seed).toBe(3);
    expect(report.transformer.steps).toBe(40);
    expect(report.transformer.backend).toBe('wasm');
    for (const key of ['trainLoss', 'testLoss', 'trainAcc', 'testAcc']) expect(typeof report.transformer.final[key]).toBe('number');
    expect(report.transformer.msPerStep).toBeGreaterThan(0);
    expect('stepsToGrok' in report.transformer).toBe(true);
    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'transformer/model.safetensors'))));
    expect(tensors['embed.W_E'].shape).toEqual([12, 16]);
    expect(tensors['pos_embed.W_pos'].shape).toEqual([3, 16]);
    expect(tensors['blocks.0.attn.W_Q'].shape).toEqual([2, 16, 8]);
    expect(tensors['blocks.0.attn.W_O'].shape).toEqual([2, 8, 16]);
    expect(tensors['blocks.0.mlp.W_in'].shape).toEqual([16, 32]);
    expect(tensors['blocks.0.mlp.b_out'].shape).toEqual([16]);
    expect(tensors['unembed.W_U'].shape).toEqual([16, 11]);
    const config = JSON.parse(readFileSync(join(out, 'transformer/config.json'), 'utf8'));
    expect(config).toMatchObject({ n_layers: 1, d_model: 16, n_heads: 2, d_head: 8, d_mlp: 32, d_vocab: 12, d_vocab_out: 11, n_ctx: 3, p: 11 });
  });

  it('trains SAEs after the transformer, and again from the saved transformer, writing SAELens files', () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-cli-sae-'));
    const specFile = join(out, 'spec.json');
    const saes = { architecture: 'relu', expansion: 2, epochs: 2, batchSize: 32, seeds: [1, 2], evalEvery: 5 };
    writeFileSync(specFile, JSON.stringify({ version: 1, transformer: { p: 7, dModel: 8, nHeads: 2, dMlp: 16, steps: 20, trainFraction: 0.5 }, saes }));
    execFileSync(tsx, ['cli/experiment.ts', '--spec', specFile, '--out', out, '--quiet'], { encoding: 'utf8' });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.saes.map((s: { name: string }) => s.name)).toEqual(['relu_l1-1_seed1', 'relu_l1-1_seed2']);
    for (const s of report.saes) {
      expect(s).toMatchObject({ architecture: 'relu', l1: 1, dIn: 8, dSae: 16, hookName: 'blocks.0.hook_resid_post' });
      for (const key of ['fvu', 'l0', 'deadFraction', 'wallSeconds']) expect(typeof s[key]).toBe('number');
      const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'saes', s.name, 'sae_weights.safetensors'))));
      expect(tensors.W_enc.shape).toEqual([8, 16]);
      expect(tensors.W_dec.shape).toEqual([16, 8]);
      const cfg = JSON.parse(readFileSync(join(out, 'saes', s.name, 'cfg.json'), 'utf8'));
      expect(cfg).toMatchObject({ d_in: 8, d_sae: 16, architecture: 'standard', hook_name: 'blocks.0.hook_resid_post', seed: s.seed });
    }
    // Every null beside the trained numbers, the verdict against the strongest one, the activations' dimensionality.
    const { stability, activations } = report;
    expect(Object.keys(stability.nulls)).toEqual(['isotropic', 'subspace', 'covariance', 'rotation']);
    for (const [name, n] of Object.entries(stability.nulls) as [string, Record<string, { mean: number; std: number }> & { description: string }][]) {
      for (const key of ['pwmccMax', 'pwmccOneToOne', 'sharedFraction']) {
        expect(typeof n[key].mean, `${name}.${key}`).toBe('number');
        expect(n[key].std, `${name}.${key}`).toBeGreaterThanOrEqual(0);
      }
      expect(n.description.length, name).toBeGreaterThan(20);
    }
    expect(stability.randomBaseline.pwmccMax).toEqual({ mean: stability.nulls.isotropic.pwmccMax.mean, std: stability.nulls.isotropic.pwmccMax.std });
    const strongest = Object.entries(stability.nulls as Record<string, { pwmccMax: { mean: number } }>).sort((a, b) => b[1].pwmccMax.mean - a[1].pwmccMax.mean)[0];
    expect(stability.verdict.against).toBe(strongest[0]);
    expect(stability.verdict.excess.pwmccMax).toBeCloseTo(stability.pwmccMax.mean - strongest[1].pwmccMax.mean, 12);
    expect(typeof stability.verdict.excess.pwmccOneToOne).toBe('number');
    expect(stability.verdict.sentence).toMatch(/^PWMCC \(max-cosine, the plan's metric\) \d\.\d{3} ± /);
    expect(activations.d).toBe(8);
    expect(activations.participationRatio).toBeGreaterThanOrEqual(1);
    expect(activations.participationRatio).toBeLessThanOrEqual(8);
    expect(activations.dims90).toBeLessThanOrEqual(activations.dims99);
    expect(stability.subspaceDims).toBe(activations.dims99);
    // Stable × Fourier cross-tab: its stable latents are the stability report's, cell by cell plus the dead ones.
    const { stableFourier } = report;
    expect(stableFourier.trained.perSeed).toHaveLength(2);
    stableFourier.trained.perSeed.forEach((t: Record<string, number>, s: number) => {
      expect(t.stableFourier + t.stableOther + t.notLiveStable).toBe(report.stability.stableLatents.perSeed[s]);
      expect(t.stableFourier + t.stableOther + t.unstableFourier + t.unstableOther + t.notLive).toBe(16);
    });
    expect(stableFourier.initial.perSeed).toHaveLength(2);
    expect(stableFourier.answer.sentence).toMatch(/Untrained SAEs: \d+ stable and \d+ Fourier of \d+ live latents\.$/);
    // The key frequencies come with the harmonics left out and their check against the MLP neurons' clusters.
    expect(Array.isArray(report.fourier.harmonicsExcluded)).toBe(true);
    expect(report.fourier.neuronCheck).toMatchObject({ minClusterShare: 0.02, agree: expect.any(Boolean), note: expect.any(String) });
    expect(report.fourier.saes.map((r: { nFourier: number }) => typeof r.nFourier)).toEqual(['number', 'number']);
    // From the saved transformer: no training, the same activations, so the same SAEs.
    const again = join(out, 'again');
    execFileSync(tsx, ['cli/experiment.ts', '--spec', specFile, '--out', again, '--transformer', join(out, 'transformer'), '--quiet']);
    const report2 = JSON.parse(readFileSync(join(again, 'report.json'), 'utf8'));
    expect(report2.transformer.loadedFrom).toBe(join(out, 'transformer'));
    expect(report2.transformer.final.testAcc).toBeCloseTo(report.transformer.final.testAcc, 6);
    report2.saes.forEach((s: { fvu: number }, i: number) => expect(s.fvu).toBeCloseTo(report.saes[i].fvu, 4));
  });

  it('rejects bad input with exit code 2 and a message', () => {
    const r = run(['--preset', 'tiny', '--out', '/tmp/x', '--seed', '-4']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/transformer.seed must be between/);
  });

  it('--resume continues from the checkpoint bit-exactly: 20 + 20 steps end where 40 uninterrupted steps end', () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-cli-resume-'));
    const specFile = join(out, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ version: 1, transformer: { p: 11, dModel: 16, nHeads: 2, dMlp: 32, steps: 40, trainFraction: 0.5, evalEvery: 5 } }));
    const whole = join(out, 'whole');
    const parts = join(out, 'parts');
    execFileSync(tsx, ['cli/experiment.ts', '--spec', specFile, '--out', whole, '--quiet']);
    execFileSync(tsx, ['cli/experiment.ts', '--spec', specFile, '--out', parts, '--steps', '20', '--quiet']);
    const refused = run(['--spec', specFile, '--out', parts, '--resume', '--seed', '9', '--quiet']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/written by another spec \(seed 0 there, 9 here\); only --steps may change/);
    const stdout = execFileSync(tsx, ['cli/experiment.ts', '--spec', specFile, '--out', parts, '--resume', '--quiet'], { encoding: 'utf8' });
    expect(stdout).toMatch(/resumed at step 20, 40 steps/);
    const a = JSON.parse(readFileSync(join(whole, 'report.json'), 'utf8')).transformer;
    const b = JSON.parse(readFileSync(join(parts, 'report.json'), 'utf8')).transformer;
    expect(b.resumedFrom).toBe(20);
    expect(b.steps).toBe(40);
    expect(b.history).toEqual(a.history); // every evaluation, before and after the stop, identical
    expect(b.final).toEqual(a.final);
    expect(readFileSync(join(parts, 'transformer/model.safetensors')).equals(readFileSync(join(whole, 'transformer/model.safetensors')))).toBe(true);

    writeFileSync(join(parts, 'transformer/checkpoint.saelab'), 'not a checkpoint');
    const corrupt = run(['--spec', specFile, '--out', parts, '--resume', '--steps', '60', '--quiet']);
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr).toMatch(/is not a usable checkpoint/);
  });
});
