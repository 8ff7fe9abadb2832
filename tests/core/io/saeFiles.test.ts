import { describe, expect, it } from 'vitest';
import { decodeSae, encodeSae } from '../../../src/core/io/saeFiles.ts';
import { encodeSafetensors } from '../../../src/core/io/safetensors.ts';
import { Rng } from '../../../src/core/rng.ts';

const rng = new Rng(1);
const w = { dIn: 3, dSae: 5, W_enc: rng.normals(15), b_enc: rng.normals(5), W_dec: rng.normals(15), b_dec: rng.normals(3) };

describe('SAE files', () => {
  it('round-trip the SAELens layout exactly', () => {
    const back = decodeSae(encodeSae(w));
    expect(back.layout).toBe('saelens');
    expect(Array.from(back.W_enc)).toEqual(Array.from(w.W_enc));
    expect(Array.from(back.W_dec)).toEqual(Array.from(w.W_dec));
    expect([back.dIn, back.dSae]).toEqual([3, 5]);
  });

  it('read sparsify layout, transposing encoder.weight [d_sae, d_in] into W_enc [d_in, d_sae]', () => {
    const encT = new Float32Array(15);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) encT[j * 3 + i] = w.W_enc[i * 5 + j];
    const bytes = encodeSafetensors({
      'encoder.weight': { shape: [5, 3], data: encT },
      'encoder.bias': { shape: [5], data: w.b_enc },
      W_dec: { shape: [5, 3], data: w.W_dec },
      b_dec: { shape: [3], data: w.b_dec },
    });
    const back = decodeSae(bytes);
    expect(back.layout).toBe('sparsify');
    expect(Array.from(back.W_enc)).toEqual(Array.from(w.W_enc));
  });

  it('detect a W_dec stored as [d_in, d_sae] by its shape and reorient it', () => {
    const decT = new Float32Array(15);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) decT[j * 5 + i] = w.W_dec[i * 3 + j];
    const bytes = encodeSafetensors({
      W_enc: { shape: [3, 5], data: w.W_enc }, b_enc: { shape: [5], data: w.b_enc },
      W_dec: { shape: [3, 5], data: decT }, b_dec: { shape: [3], data: w.b_dec },
    });
    expect(Array.from(decodeSae(bytes).W_dec)).toEqual(Array.from(w.W_dec));
  });

  it('reject inconsistent or corrupt files with a message', () => {
    const bytes = encodeSafetensors({ W_enc: { shape: [3, 5], data: w.W_enc }, b_dec: { shape: [3], data: w.b_dec } });
    expect(() => decodeSae(bytes)).toThrow(/needs W_enc, b_enc, W_dec, b_dec/);
    const good = encodeSae(w);
    expect(() => decodeSae(good.slice(0, 40))).toThrow();
    const tampered = good.slice();
    tampered[0] = 0xff; tampered[1] = 0xff; // header length beyond the file
    expect(() => decodeSae(tampered)).toThrow(/header length/);
  });
});
