import { describe, expect, it } from 'vitest';
import { SafetensorsError, decodeSafetensors, encodeSafetensors, floatToHalf, halfToFloat } from '../../../src/core/io/safetensors.ts';

describe('safetensors', () => {
  it('writes the documented layout: u64 header length, JSON header, row-major little-endian data', () => {
    const bytes = encodeSafetensors({ a: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } }, { note: 'x' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(header.__metadata__).toEqual({ note: 'x' });
    expect((8 + n) % 8).toBe(0);
    expect(new DataView(bytes.buffer).getFloat32(8 + n + 12, true)).toBe(4);
  });

  it('reads F16 and BF16 into float32', () => {
    const header = JSON.stringify({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] } });
    const hb = new TextEncoder().encode(header);
    const bytes = new Uint8Array(8 + hb.length + 6);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(hb.length), true);
    bytes.set(hb, 8);
    view.setUint16(8 + hb.length, 0x3c00, true); // 1.0
    view.setUint16(8 + hb.length + 2, 0xc000, true); // -2.0
    view.setUint16(8 + hb.length + 4, 0x4040, true); // bf16 3.0
    const { tensors } = decodeSafetensors(bytes);
    expect(Array.from(tensors.h.data)).toEqual([1, -2]);
    expect(Array.from(tensors.b.data)).toEqual([3]);
  });

  const corrupt: [string, (b: Uint8Array) => Uint8Array][] = [
    ['empty', () => new Uint8Array(0)],
    ['truncated data', (b) => b.slice(0, b.length - 4)],
    ['header not JSON', (b) => { const c = b.slice(); c[9] = 0x7b; c[10] = 0x7b; return c; }],
  ];
  const good = encodeSafetensors({ a: { shape: [3], data: new Float32Array([1, 2, 3]) } });
  for (const [what, make] of corrupt) {
    it(`rejects ${what} with SafetensorsError`, () => {
      expect(() => decodeSafetensors(make(good))).toThrow(SafetensorsError);
    });
  }
});

describe('float16 writing', () => {
  it('rounds to the nearest half, ties to even, with overflow, subnormals and NaN', () => {
    const cases: [number, number][] = [
      [1, 0x3c00], [-2, 0xc000], [0, 0], [-0, 0x8000], [65504, 0x7bff], [65520, 0x7c00], [1e6, 0x7c00], [-Infinity, 0xfc00],
      [1 / 3, 0x3555], [2 ** -24, 0x0001], [2 ** -25, 0], [1.5 * 2 ** -25, 0x0001], [2 ** -14, 0x0400],
      [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [0.1, 0x2e66],
    ];
    for (const [x, bits] of cases) expect(floatToHalf(x), `${x}`).toBe(bits);
    expect(floatToHalf(NaN) & 0x7c00).toBe(0x7c00);
    expect(floatToHalf(NaN) & 0x3ff).not.toBe(0);
  });

  it('every finite half survives float → half → float exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // Infinity and NaN
      expect(floatToHalf(halfToFloat(h))).toBe(h);
    }
  });

  it('an F16 file is half the size and reads back within half precision', () => {
    const data = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 3);
    const f32 = encodeSafetensors({ w: { shape: [10, 10], data } }, { step: '7' });
    const f16 = encodeSafetensors({ w: { shape: [10, 10], data } }, { step: '7' }, 'F16');
    expect(f32.length - f16.length).toBe(200);
    const { tensors, metadata } = decodeSafetensors(f16);
    expect(metadata.step).toBe('7');
    expect(tensors.w.shape).toEqual([10, 10]);
    tensors.w.data.forEach((x, i) => expect(Math.abs(x - data[i])).toBeLessThanOrEqual(Math.abs(data[i]) * 2 ** -11 + 1e-7));
  });
});
