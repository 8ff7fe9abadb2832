/**
 * A p × p byte image as a PNG data: URL, for the report's latent thumbnails: an indexed-colour PNG with the viridis
 * palette, its pixels in uncompressed ("stored") deflate blocks. No library and no DOM, so the page and the CLI
 * make the same bytes; the SVG that holds it stays self-contained (a data: URL is not a request).
 */
import { encodeBase64 } from '../core/io/base64.ts';
import { crc32 } from '../core/io/container.ts';
import { VIRIDIS } from './viridis.ts';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array(4 + data.length);
  typed.set([...type].map((c) => c.charCodeAt(0)));
  typed.set(data, 4);
  const crc = crc32(typed);
  return [...u32(data.length), ...typed, ...u32(crc)];
}

const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib stream of stored blocks (at most 65,535 bytes each). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  for (let i = 0; i < raw.length || i === 0; i += 65535) {
    const block = raw.subarray(i, i + 65535);
    const last = i + 65535 >= raw.length ? 1 : 0;
    out.push(last, block.length & 255, block.length >> 8, ~block.length & 255, (~block.length >> 8) & 255, ...block);
  }
  out.push(...u32(adler32(raw)));
  return Uint8Array.from(out);
}

/** `pixels` [height · width], 0..255, row-major; each byte picks a viridis colour. */
export function palettePng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  if (pixels.length !== width * height) throw new Error(`${pixels.length} pixels for a ${width} × ${height} image`);
  const raw = new Uint8Array(height * (width + 1)); // each row starts with filter type 0 (none)
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const header = Uint8Array.from([...u32(width), ...u32(height), 8, 3, 0, 0, 0]); // 8-bit, indexed colour
  return Uint8Array.from([...SIGNATURE, ...chunk('IHDR', header), ...chunk('PLTE', VIRIDIS), ...chunk('IDAT', zlibStored(raw)), ...chunk('IEND', new Uint8Array(0))]);
}

export const pngDataUrl = (png: Uint8Array): string => `data:image/png;base64,${encodeBase64(png)}`;
