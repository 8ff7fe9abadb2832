/**
 * safetensors (SCIENCE.md §5): 8-byte little-endian header length N, N bytes of JSON
 * {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}, then the raw
 * little-endian row-major buffer. F32 (default) or F16 is written; F32 (and F16/BF16/F64, converted) are read.
 * Reading validates everything before trusting it: files are untrusted input.
 */
import type { NamedArray, WeightMap } from '../transformer/weights.ts';

export type Metadata = Record<string, string>;

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const MAX_RANK = 8;
const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** F16 halves the size (e.g. training snapshots for replay); values round to the nearest half (about 3 digits). */
export function encodeSafetensors(tensors: WeightMap, metadata: Metadata = {}, dtype: 'F32' | 'F16' = 'F32'): Uint8Array {
  const bytesPer = DTYPE_BYTES[dtype];
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const { shape, data } = tensors[name];
    const n = shape.reduce((a, b) => a * b, 1);
    if (n !== data.length) throw new SafetensorsError(`${name}: shape ${JSON.stringify(shape)} does not hold ${data.length} values`);
    header[name] = { dtype, shape, data_offsets: [offset, offset + n * bytesPer] };
    offset += n * bytesPer;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8); // align the data to 8 bytes, as the reference does
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const { data } = tensors[name];
    if (dtype === 'F16') data.forEach((x, i) => view.setUint16(at + i * 2, floatToHalf(x), true));
    else if (isLittleEndian) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else data.forEach((x, i) => view.setFloat32(at + i * 4, x, true));
    at += data.length * bytesPer;
  }
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE binary16 bits of x, rounded to nearest even; overflow gives ±Infinity, tiny values subnormals or ±0. */
export function floatToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Infinity or NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    const m = mant | 0x800000; // the implicit 1, then shift into the subnormal range
    const shift = 14 - e;
    const half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa bumps the exponent, which is the right rounding (up to Infinity at the top).
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function readArray(view: DataView, start: number, dtype: string, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case 'F32': out[i] = view.getFloat32(start + i * 4, true); break;
      case 'F64': out[i] = view.getFloat64(start + i * 8, true); break;
      case 'F16': out[i] = halfToFloat(view.getUint16(start + i * 2, true)); break;
      case 'BF16': {
        const tmp = new DataView(new ArrayBuffer(4));
        tmp.setUint32(0, view.getUint16(start + i * 2, true) << 16, true);
        out[i] = tmp.getFloat32(0, true);
        break;
      }
    }
  }
  return out;
}

/**
 * `wanted`: when given, only tensors it accepts are decoded (their dtype must be a float one); the others are checked
 * for sound offsets but neither decoded nor dtype-checked, so a TransformerLens state dict's buffers (the BOOL
 * `attn.mask`) do not stop the file from loading. Their names are returned in `skipped`; `dtypes` has each decoded
 * tensor's dtype as stored.
 */
export function decodeSafetensors(bytes: Uint8Array, wanted?: (name: string) => boolean): { tensors: WeightMap; metadata: Metadata; skipped: string[]; dtypes: Record<string, string> } {
  if (bytes.length < 8) throw new SafetensorsError('file too short to be safetensors');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES || 8 + headerLen > bytes.length) {
    throw new SafetensorsError(`header length ${headerLen} does not fit a ${bytes.length}-byte file`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    throw new SafetensorsError('header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new SafetensorsError('header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors: WeightMap = {};
  const skipped: string[] = [];
  const dtypes: Record<string, string> = {};
  let metadata: Metadata = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null) throw new SafetensorsError('__metadata__ must be an object');
      metadata = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, String(v)]));
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null) throw new SafetensorsError(`${name}: entry is not an object`);
    if (wanted && !wanted(name)) {
      const o = e.data_offsets;
      if (!Array.isArray(o) || o.length !== 2 || !o.every((x) => Number.isInteger(x) && x >= 0 && x <= dataLen) || o[0] > o[1]) {
        throw new SafetensorsError(`${name}: invalid data_offsets ${JSON.stringify(e.data_offsets)}`);
      }
      skipped.push(name);
      continue;
    }
    if (typeof e.dtype !== 'string' || !(e.dtype in DTYPE_BYTES)) throw new SafetensorsError(`${name}: unsupported dtype ${JSON.stringify(e.dtype)} (F32, F16, BF16 and F64 are read)`);
    const shape = e.shape;
    if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((x) => Number.isInteger(x) && x >= 0)) {
      throw new SafetensorsError(`${name}: invalid shape ${JSON.stringify(shape)}`);
    }
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((x) => Number.isInteger(x) && x >= 0) || offs[0] > offs[1] || offs[1] > dataLen) {
      throw new SafetensorsError(`${name}: invalid data_offsets ${JSON.stringify(offs)}`);
    }
    const n = (shape as number[]).reduce((a, b) => a * b, 1);
    if (offs[1] - offs[0] !== n * DTYPE_BYTES[e.dtype]) throw new SafetensorsError(`${name}: data size does not match shape and dtype`);
    const arr: NamedArray = { shape: shape as number[], data: readArray(view, dataStart + offs[0], e.dtype, n) };
    tensors[name] = arr;
    dtypes[name] = e.dtype;
  }
  return { tensors, metadata, skipped, dtypes };
}
