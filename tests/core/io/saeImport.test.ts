import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../../src/core/io/safetensors.ts';
import { type ImportFile, importedSaesProblem, readImportedSaes } from '../../../src/core/io/saeImport.ts';
import { Rng } from '../../../src/core/rng.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import { SpecError } from '../../../src/core/spec/fields.ts';
import { saePresets } from '../../../src/core/spec/sae.ts';
import { transformerPresets } from '../../../src/core/spec/transformer.ts';
import { saeLensFiles } from '../../../src/core/experiment/saeExport.ts';

const transformer = transformerPresets.tiny; // d_model 32, d_mlp 128
const spec = { ...saePresets.tiny, seeds: [42, 123] }; // TopK k 8, 4x: 128 latents on hook_resid_post
const controls = saePresets.phase1;

function weights(seed: number, dIn = 32, dSae = 128): SaeWeights {
  const r = new Rng(seed);
  return { dIn, dSae, W_enc: r.normals(dIn * dSae), b_enc: r.normals(dSae), W_dec: r.normals(dSae * dIn), b_dec: r.normals(dIn) };
}
const transpose = (a: Float32Array, rows: number, cols: number) => {
  const out = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
};
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** What the page's download saves: FOLDER__NAME files. */
function pageDownload(ws = [weights(1), weights(2)], s = spec): ImportFile[] {
  return saeLensFiles(s, ws).map((f) => ({ path: `${f.folder}__${f.name}`, bytes: f.bytes }));
}

function sparsifyFiles(w: SaeWeights, folder: string, cfg: Record<string, unknown> = {}): ImportFile[] {
  const tensors = {
    'encoder.weight': { shape: [w.dSae, w.dIn], data: transpose(w.W_enc, w.dIn, w.dSae) },
    'encoder.bias': { shape: [w.dSae], data: w.b_enc },
    W_dec: { shape: [w.dSae, w.dIn], data: w.W_dec },
    b_dec: { shape: [w.dIn], data: w.b_dec },
  };
  return [
    { path: `${folder}/sae.safetensors`, bytes: encodeSafetensors(tensors) },
    { path: `${folder}/cfg.json`, bytes: json({ expansion_factor: 4, normalize_decoder: true, num_latents: 0, k: 8, multi_topk: false, d_in: w.dIn, ...cfg }) },
  ];
}

function saeLensRaw(w: SaeWeights, cfg: Record<string, unknown>, tensors?: Record<string, { shape: number[]; data: Float32Array }>): ImportFile[] {
  const t = tensors ?? {
    W_enc: { shape: [w.dIn, w.dSae], data: w.W_enc }, b_enc: { shape: [w.dSae], data: w.b_enc },
    W_dec: { shape: [w.dSae, w.dIn], data: w.W_dec }, b_dec: { shape: [w.dIn], data: w.b_dec },
  };
  return [
    { path: 'x/sae_weights.safetensors', bytes: encodeSafetensors(t) },
    { path: 'x/cfg.json', bytes: json({ d_in: w.dIn, d_sae: w.dSae, architecture: 'topk', k: 8, hook_name: 'blocks.0.hook_resid_post', ...cfg }) },
  ];
}

describe('importing SAEs trained elsewhere', () => {
  it('reads the page\'s own SAELens download back: the spec it was trained with, seeds and weights exact', () => {
    const ws = [weights(1), weights(2)];
    const got = readImportedSaes(pageDownload(ws), transformer, controls);
    expect(got.spec).toEqual(spec);
    expect(got.layouts).toEqual(['saelens', 'saelens']);
    expect(got.weights).toEqual(ws);
    expect(got.notes).toEqual([]);
    expect(importedSaesProblem(got.spec, got.weights, transformer)).toBeNull();
  });

  it('reads sparsify folders, transposing encoder.weight, with the hook from the folder name and the position from the controls', () => {
    const w = weights(3);
    const files = [...sparsifyFiles(weights(4), 'seed2/blocks.0.hook_resid_post'), ...sparsifyFiles(w, 'seed1/blocks.0.hook_resid_post')];
    const got = readImportedSaes(files, transformer, controls);
    expect(got.spec).toMatchObject({ architecture: 'topk', k: 8, expansion: 4, hook: 'hook_resid_post', layer: 0, position: controls.position, seeds: [0, 1] });
    expect(got.folders).toEqual(['seed1/blocks.0.hook_resid_post', 'seed2/blocks.0.hook_resid_post']);
    expect(got.weights[0].W_enc).toEqual(w.W_enc);
    expect(got.notes.join(' ')).toMatch(/no token position.*no distinct seeds/);
  });

  it('turns a W_dec stored as [d_in, d_sae] the right way round (by shape)', () => {
    const w = weights(5);
    const files = saeLensRaw(w, {}, {
      W_enc: { shape: [32, 128], data: w.W_enc }, b_enc: { shape: [128], data: w.b_enc },
      W_dec: { shape: [32, 128], data: transpose(w.W_dec, 128, 32) }, b_dec: { shape: [32], data: w.b_dec },
    });
    expect(readImportedSaes(files, transformer, controls).weights[0].W_dec).toEqual(w.W_dec);
  });

  it('says when d_in = d_sae leaves W_dec\'s orientation to convention', () => {
    const w = weights(6, 32, 32);
    const got = readImportedSaes(saeLensRaw(w, { k: 4 }), transformer, controls);
    expect(got.notes.join(' ')).toMatch(/orientation cannot be checked/);
    expect(got.spec.expansion).toBe(1);
  });

  it('folds b_dec into b_enc when the SAE does not subtract b_dec from its input (same pre-activations)', () => {
    const w = weights(7);
    const got = readImportedSaes(saeLensRaw(w, { apply_b_dec_to_input: false }), transformer, controls).weights[0];
    const x = new Rng(8).normals(32);
    for (const j of [0, 17, 127]) {
      let theirs = w.b_enc[j];
      let ours = got.b_enc[j];
      for (let i = 0; i < 32; i++) {
        theirs += x[i] * w.W_enc[i * 128 + j];
        ours += (x[i] - w.b_dec[i]) * w.W_enc[i * 128 + j];
      }
      expect(ours).toBeCloseTo(theirs, 4);
    }
  });

  const w = weights(9);
  const good = saeLensRaw(w, {});
  const flipped = (bytes: Uint8Array, at: number) => bytes.map((b, i) => (i === at ? b ^ 0x80 : b));
  const corrupt: [string, ImportFile[], RegExp][] = [
    ['no files', [], /choose the SAE files/],
    ['33 files', Array.from({ length: 33 }, (_, i) => ({ path: `f${i}/cfg.json`, bytes: json({}) })), /at most 32 are read/],
    ['17 SAEs', Array.from({ length: 17 }, (_, i) => ({ path: `f${i}/cfg.json`, bytes: json({}) })), /at most 16 are compared/],
    ['over the size cap', [{ path: 'a/cfg.json', bytes: { length: 3e8 } as Uint8Array }], /at most \d+ are read/],
    ['an unknown file', [...good, { path: 'x/model.pt', bytes: new Uint8Array(4) }], /"x\/model.pt" is not an SAE file/],
    ['a hostile file name', [{ path: '<img src=x onerror=alert(1)>.html', bytes: new Uint8Array(4) }], /is not an SAE file/],
    ['cfg.json without weights', [good[1]], /lacks its weights/],
    ['weights without cfg.json', [good[0]], /lacks cfg.json/],
    ['two weight files', [...good, { path: 'x/sae.safetensors', bytes: good[0].bytes }], /two weight files/],
    ['cfg.json not JSON', [good[0], { path: 'x/cfg.json', bytes: new TextEncoder().encode('{"d_in": 32,') }], /not valid JSON/],
    ['cfg.json a list', [good[0], { path: 'x/cfg.json', bytes: json([1]) }], /must hold a JSON object/],
    ['cfg.json of 2 MB', [good[0], { path: 'x/cfg.json', bytes: new Uint8Array(2 ** 21) }], /larger than/],
    ['cfg d_in differs from b_dec', saeLensRaw(w, { d_in: 64 }), /says d_in 64, but b_dec holds 32/],
    ['cfg d_in missing', saeLensRaw(w, { d_in: undefined }), /says d_in undefined/],
    ['cfg d_sae differs from b_enc', saeLensRaw(w, { d_sae: 256 }), /says 256 latents, but the weights hold 128/],
    ['sparsify num_latents differs', sparsifyFiles(w, 'blocks.0.hook_resid_post', { num_latents: 64 }), /says 64 latents/],
    ['gated architecture', saeLensRaw(w, { architecture: 'gated' }), /architecture "gated" is not supported \(topk, standard, jumprelu\)/],
    ['jumprelu SAE without its threshold', saeLensRaw(w, { architecture: 'jumprelu' }), /a jumprelu SAE needs its threshold/],
    ['TopK without k', saeLensRaw(w, { k: undefined }), /needs k/],
    ['k above d_sae', saeLensRaw(w, { k: 129 }), /needs k/],
    ['a transcoder', sparsifyFiles(w, 'blocks.0.hook_resid_post', { transcode: true }), /transcoder/],
    ['NaN weights', saeLensRaw({ ...w, W_dec: w.W_dec.map((v, i) => (i === 5 ? NaN : v)) }, {}), /W_dec holds NaN/],
    ['W_dec of a wrong shape', saeLensRaw(w, {}, {
      W_enc: { shape: [32, 128], data: w.W_enc }, b_enc: { shape: [128], data: w.b_enc },
      W_dec: { shape: [64, 64], data: w.W_dec }, b_dec: { shape: [32], data: w.b_dec } }), /W_dec has shape \[64,64\], expected \[128, 32\]/],
    ['encoder of a wrong shape', saeLensRaw(w, {}, {
      W_enc: { shape: [128, 32], data: w.W_enc }, b_enc: { shape: [128], data: w.b_enc },
      W_dec: { shape: [128, 32], data: w.W_dec }, b_dec: { shape: [32], data: w.b_dec } }), /encoder has shape \[128,32\], expected \[32,128\]/],
    ['b_enc of rank 2', saeLensRaw(w, {}, {
      W_enc: { shape: [32, 128], data: w.W_enc }, b_enc: { shape: [2, 64], data: w.b_enc },
      W_dec: { shape: [128, 32], data: w.W_dec }, b_dec: { shape: [32], data: w.b_dec } }), /b_enc has shape \[2,64\]/],
    ['b_dec missing', saeLensRaw(w, {}, { W_enc: { shape: [32, 128], data: w.W_enc } }), /lacks b_dec/],
    ['truncated safetensors', [{ ...good[0], bytes: good[0].bytes.slice(0, good[0].bytes.length - 9) }, good[1]], /data_offsets|header length/],
    ['8 bytes of safetensors', [{ ...good[0], bytes: good[0].bytes.slice(0, 8) }, good[1]], /header length|JSON/],
    ['bit flip in the header length', [{ ...good[0], bytes: flipped(good[0].bytes, 5) }, good[1]], /header length/],
    ['bit flip in the header JSON', [{ ...good[0], bytes: flipped(good[0].bytes, 9) }, good[1]], /not valid JSON/],
    ['SAEs of different widths', [...pageDownload([weights(1)], { ...spec, seeds: [42] }), ...saeLensRaw(weights(2, 32, 64), { k: 8 })], /differ in d_sae/],
    ['SAEs with different k', [...pageDownload([weights(1)], { ...spec, seeds: [42] }), ...saeLensRaw(weights(2), { k: 4 })], /differ in k/],
    ['SAEs at different hooks', [...pageDownload([weights(1)], { ...spec, seeds: [42] }), ...saeLensRaw(weights(2), { hook_name: 'blocks.0.hook_mlp_out' })], /differ in hook/],
    ['width of another hook', saeLensRaw(w, { hook_name: 'blocks.0.mlp.hook_post' }), /read 32 values per input, but blocks.0.mlp.hook_post of the current transformer has 128/],
    ['a layer the transformer lacks', saeLensRaw(w, { hook_name: 'blocks.3.hook_resid_post' }), /layer must be between 0 and 1/],
    ['d_sae not a multiple of d_in', saeLensRaw(weights(10, 32, 40), { k: 8 }), /whole multiple/],
    ['a bad training spec', saeLensRaw(w, { training: { lr: 'fast' } }), /training\.lr must be a finite number/],
  ];

  it.each(corrupt)('rejects %s with a message', (_name, files, message) => {
    let error: unknown = null;
    try {
      readImportedSaes(files, transformer, controls);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
  });

  it('the worker refuses imported weights that do not match the spec', () => {
    const got = readImportedSaes(pageDownload(), transformer, controls);
    expect(importedSaesProblem(got.spec, [got.weights[0]], transformer)).toMatch(/1 SAEs for 2 seeds/);
    expect(importedSaesProblem(got.spec, [got.weights[0], { ...got.weights[1], W_dec: new Float32Array(3) }], transformer)).toMatch(/shapes/);
    expect(importedSaesProblem({ ...got.spec, layer: 9 }, got.weights, transformer)).toMatch(/layer/);
  });
});
