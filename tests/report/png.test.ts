/** The report's thumbnails: a PNG that a real decoder (zlib) reads back to the same palette indices. */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/core/io/base64.ts';
import { palettePng, pngDataUrl } from '../../src/report/png.ts';
import { VIRIDIS } from '../../src/report/viridis.ts';

/** The PNG's chunks by type (length, type, data, CRC skipped). */
function chunks(png: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const view = new DataView(png.buffer, png.byteOffset);
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.set(type, png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return out;
}

describe('palettePng', () => {
  it('writes an indexed PNG whose pixels inflate back to the bytes given, with the viridis palette', () => {
    const [w, h] = [113, 113]; // p = 113: one row of filter byte + 113 pixels, 12,882 bytes in one stored block
    const pixels = Uint8Array.from({ length: w * h }, (_, g) => (g * 37) % 256);
    const png = palettePng(pixels, w, h);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const c = chunks(png);
    const ihdr = new DataView(c.get('IHDR')!.buffer, c.get('IHDR')!.byteOffset);
    expect([ihdr.getUint32(0), ihdr.getUint32(4), c.get('IHDR')![8], c.get('IHDR')![9]]).toEqual([w, h, 8, 3]);
    expect([...c.get('PLTE')!]).toEqual([...VIRIDIS]);
    const raw = inflateSync(c.get('IDAT')!); // throws on a bad stream or Adler-32
    for (let y = 0; y < h; y++) {
      expect(raw[y * (w + 1)]).toBe(0);
      expect([...raw.subarray(y * (w + 1) + 1, (y + 1) * (w + 1))]).toEqual([...pixels.subarray(y * w, (y + 1) * w)]);
    }
    expect(c.has('IEND')).toBe(true);
  });

  it('splits images over 65,535 bytes into several stored blocks', () => {
    const pixels = Uint8Array.from({ length: 300 * 300 }, (_, g) => g % 251);
    const raw = inflateSync(chunks(palettePng(pixels, 300, 300)).get('IDAT')!);
    expect(raw.length).toBe(300 * 301);
    expect(raw[301 * 299 + 1 + 299]).toBe(pixels[300 * 299 + 299]);
  });

  it('refuses a pixel count that is not width × height', () => {
    expect(() => palettePng(new Uint8Array(10), 3, 3)).toThrow('10 pixels for a 3 × 3 image');
  });
});

describe('base64', () => {
  it('matches Node\'s encoder and reads its own output back', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) % 256);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect([...decodeBase64(encodeBase64(bytes))!]).toEqual([...bytes]);
    }
    expect(pngDataUrl(new Uint8Array([1, 2, 3]))).toBe('data:image/png;base64,AQID');
    expect(decodeBase64('AQI')).toBeNull();
    expect(decodeBase64('A-_=')).toBeNull();
  });
});
