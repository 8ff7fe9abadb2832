import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSae } from '../../src/core/io/saeFiles.ts';
import { decodeSafetensors } from '../../src/core/io/safetensors.ts';
import { cosines, embeddingFrequencyNorms, hungarianPlain, pwmccMaxPlain, pwmccOneToOnePlain, unitRows } from '../helpers/independent.ts';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');

describe('report.json numbers agree with an independent implementation on the exported weights', () => {
  it('stability (max-cosine and one-to-one PWMCC) and the key-frequency fraction, to 1e-3', () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-independent-'));
    const specFile = join(out, 'spec.json');
    writeFileSync(specFile, JSON.stringify({
      version: 1,
      transformer: { p: 11, dModel: 16, nHeads: 2, dMlp: 32, steps: 150, trainFraction: 0.6, lr: 0.003 },
      saes: { architecture: 'topk', k: 4, expansion: 2, epochs: 3, batchSize: 32, seeds: [1, 2, 3], evalEvery: 10 },
    }));
    execFileSync(tsx, ['cli/experiment.ts', '--spec', specFile, '--out', out, '--quiet']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const dicts = report.saes.map((s: { name: string }) => {
      const w = decodeSae(new Uint8Array(readFileSync(join(out, 'saes', s.name, 'sae_weights.safetensors'))));
      return unitRows(w.W_dec, w.dSae, w.dIn);
    });
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        const absC = cosines(dicts[a], dicts[b]).map((r) => r.map(Math.abs));
        expect(report.stability.pwmccMax.matrix[a][b]).toBeCloseTo(pwmccMaxPlain(absC), 3);
        expect(report.stability.pwmccOneToOne.matrix[a][b]).toBeCloseTo(pwmccOneToOnePlain(absC), 3);
      }
    }
    expect(report.stability.randomBaseline.n).toBe(32);
    expect(report.stability.initial.pwmccMax.mean).toBeGreaterThan(0);

    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'transformer/model.safetensors'))));
    const norms = embeddingFrequencyNorms(tensors['embed.W_E'].data, 11, 16);
    const total = Array.from(tensors['embed.W_E'].data.subarray(0, 11 * 16)).reduce((s, x) => s + x * x, 0);
    const keyEnergy = report.fourier.keyFrequencies.reduce((s: number, k: number) => s + norms[k - 1], 0);
    expect(report.fourier.keyFrequencyFraction).toBeCloseTo(keyEnergy / total, 3);
    norms.forEach((x, i) => expect(report.fourier.embeddingNorms[i]).toBeCloseTo(x, 3));
  });

  it('the plain Hungarian used as reference is itself optimal (brute force on 6 × 6)', () => {
    const c = [[4, 1, 3, 2, 8, 5], [2, 0, 5, 3, 1, 9], [3, 2, 2, 7, 6, 1], [9, 4, 1, 0, 2, 3], [1, 6, 8, 3, 4, 2], [5, 3, 2, 8, 0, 4]];
    const perms = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((r) => [x, ...r])));
    const best = Math.min(...perms([0, 1, 2, 3, 4, 5]).map((p) => p.reduce((s, j, i) => s + c[i][j], 0)));
    const m = hungarianPlain(c);
    expect(m.reduce((s, j, i) => s + c[i][j], 0)).toBe(best);
  });
});
