import { describe, expect, it } from 'vitest';
import { ContainerError, assemble, crc32, decodeContainer, encodeContainer } from '../../../src/core/io/container.ts';

const KIND = 'test/kind';

describe('binary container', () => {
  it('computes the standard CRC-32 (check value of "123456789")', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('reads back typed arrays bit for bit, NaN payloads, -0 and infinities included', () => {
    const f = new Float32Array([1.5, -0, NaN, Infinity]);
    new Uint32Array(f.buffer)[2] = 0x7fc01234; // a NaN with a payload
    const body = { a: f, b: [new Float64Array([Math.PI]), new Uint8Array([1, 2, 3])], n: { x: NaN, y: -Infinity, z: -0 }, s: 'text' };
    const back = decodeContainer(encodeContainer(KIND, body), KIND) as typeof body;
    expect(new Uint32Array(back.a.buffer)).toEqual(new Uint32Array(f.buffer));
    expect(back.b[0]).toEqual(new Float64Array([Math.PI]));
    expect(back.b[1]).toEqual(new Uint8Array([1, 2, 3]));
    expect(Object.is(back.n.z, -0) && Number.isNaN(back.n.x) && back.n.y === -Infinity).toBe(true);
    expect(back.s).toBe('text');
  });

  it('starts every array 8-byte aligned and ends the file at the last padded array', () => {
    const bytes = encodeContainer(KIND, [new Uint8Array(3), new Float64Array(2)]);
    const headerLength = new DataView(bytes.buffer).getUint32(12, true);
    expect((24 + headerLength) % 8).toBe(0);
    expect(bytes.length).toBe(24 + headerLength + 8 + 16);
  });

  it('rejects a file of another kind, and one whose size exceeds the cap', () => {
    const bytes = encodeContainer('other/kind', {});
    expect(() => decodeContainer(bytes, KIND)).toThrow(/expected "test\/kind"/);
    expect(() => decodeContainer(bytes, 'other/kind', { maxFileBytes: 10, maxHeaderBytes: 1e6, maxArrays: 10, maxDepth: 8 })).toThrow(/at most 10/);
  });

  it('rejects a header that reuses or leaves out an array (valid CRC)', () => {
    const arrays = [{ dtype: 'u8', offset: 0, length: 8 }];
    const twice = assemble({ kind: KIND, arrays, body: [{ $array: 0 }, { $array: 0 }] }, new Uint8Array(8));
    expect(() => decodeContainer(twice, KIND)).toThrow(ContainerError);
    const unused = assemble({ kind: KIND, arrays, body: {} }, new Uint8Array(8));
    expect(() => decodeContainer(unused, KIND)).toThrow(/never referenced/);
  });
});
