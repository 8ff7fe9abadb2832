import { describe, expect, it } from 'vitest';
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from '../../../src/core/io/safetensors.ts';

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
