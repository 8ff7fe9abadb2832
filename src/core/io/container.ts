/**
 * A small versioned binary container for JSON documents that hold typed arrays (the notebook file, docs/files.md):
 *
 *   0   8 bytes  magic  89 53 41 45 4C 41 42 0A  ("\x89SAELAB\n": a text-mode transfer or a truncated copy shows)
 *   8   u32 LE   container version (1)
 *   12  u32 LE   header length H (the header is padded with spaces so the data starts 8-byte aligned)
 *   16  u32 LE   CRC-32 of every byte from offset 24 to the end
 *   20  u32 LE   reserved, 0
 *   24  H bytes  UTF-8 JSON {"kind": "...", "arrays": [{"dtype", "offset", "length"}...], "body": ...}
 *   24+H         the arrays' little-endian bytes, each starting 8-byte aligned, back to back, nothing after
 *
 * In `body`, each typed array is replaced by {"$array": i} (its entry in `arrays`), and each number JSON cannot
 * hold by {"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}, so a document reads back bit-identical.
 * Reading checks everything before building anything: the file is untrusted input.
 */

export class ContainerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerError';
  }
}

export const CONTAINER_VERSION = 1;
const MAGIC = [0x89, 0x53, 0x41, 0x45, 0x4c, 0x41, 0x42, 0x0a];
const PREAMBLE = 24;

export interface ContainerLimits {
  maxFileBytes: number;
  maxHeaderBytes: number;
  maxArrays: number;
  /** Nesting depth of the body (objects and arrays). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ContainerLimits = {
  maxFileBytes: 512 * 2 ** 20,
  maxHeaderBytes: 64 * 2 ** 20,
  maxArrays: 100_000,
  maxDepth: 32,
};

type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array;
const DTYPES = {
  f32: { bytes: 4, make: (b: ArrayBuffer) => new Float32Array(b) },
  f64: { bytes: 8, make: (b: ArrayBuffer) => new Float64Array(b) },
  i32: { bytes: 4, make: (b: ArrayBuffer) => new Int32Array(b) },
  u32: { bytes: 4, make: (b: ArrayBuffer) => new Uint32Array(b) },
  u8: { bytes: 1, make: (b: ArrayBuffer) => new Uint8Array(b) },
} as const;
type Dtype = keyof typeof DTYPES;

function dtypeOf(a: ArrayBufferView): Dtype {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Uint8Array) return 'u8';
  throw new ContainerError(`cannot store a ${a.constructor.name}`);
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const align8 = (n: number) => Math.ceil(n / 8) * 8;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface ArrayEntry {
  dtype: Dtype;
  offset: number;
  length: number;
}

function pack(value: unknown, arrays: TypedArray[]): unknown {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { $num: 'NaN' };
    if (!Number.isFinite(value)) return { $num: value > 0 ? 'Infinity' : '-Infinity' };
    return Object.is(value, -0) ? { $num: '-0' } : value;
  }
  if (ArrayBuffer.isView(value)) {
    dtypeOf(value);
    arrays.push(value as TypedArray);
    return { $array: arrays.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => pack(v === undefined ? null : v, arrays));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = pack(v, arrays);
    return out;
  }
  return value;
}

/** Writes `body` (JSON values and typed arrays) as a container of `kind`. */
export function encodeContainer(kind: string, body: unknown): Uint8Array {
  const arrays: TypedArray[] = [];
  const packed = pack(body, arrays);
  const table: ArrayEntry[] = [];
  let end = 0;
  for (const a of arrays) {
    const offset = align8(end);
    table.push({ dtype: dtypeOf(a), offset, length: a.length });
    end = offset + a.byteLength;
  }
  const data = new Uint8Array(align8(end));
  const view = new DataView(data.buffer);
  arrays.forEach((a, i) => writeLittleEndian(data, view, table[i].offset, a));
  return assemble({ kind, arrays: table, body: packed }, data);
}

function writeLittleEndian(out: Uint8Array, view: DataView, at: number, a: TypedArray): void {
  if (isLittleEndian) return out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
  const d = dtypeOf(a);
  a.forEach((x: number, i: number) => {
    if (d === 'f32') view.setFloat32(at + i * 4, x, true);
    else if (d === 'f64') view.setFloat64(at + i * 8, x, true);
    else if (d === 'i32') view.setInt32(at + i * 4, x, true);
    else if (d === 'u32') view.setUint32(at + i * 4, x, true);
    else view.setUint8(at + i, x);
  });
}

/** Puts preamble, header (padded to 8 bytes) and data together and stamps the CRC. Tests build hostile files with it. */
export function assemble(header: unknown, data: Uint8Array): Uint8Array {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((PREAMBLE + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(PREAMBLE + headerBytes.length + data.length);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, CONTAINER_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, PREAMBLE);
  out.set(data, PREAMBLE + headerBytes.length);
  view.setUint32(16, crc32(out.subarray(PREAMBLE)), true);
  return out;
}

function readArray(bytes: Uint8Array, start: number, e: ArrayEntry): TypedArray {
  const { bytes: size, make } = DTYPES[e.dtype];
  const copy = bytes.slice(start, start + e.length * size); // own, aligned buffer
  if (!isLittleEndian && size > 1) {
    for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  }
  return make(copy.buffer);
}

function checkTable(raw: unknown, dataBytes: number, limits: ContainerLimits): ArrayEntry[] {
  if (!Array.isArray(raw)) throw new ContainerError('header "arrays" must be a list');
  if (raw.length > limits.maxArrays) throw new ContainerError(`file declares ${raw.length} arrays; at most ${limits.maxArrays} are read`);
  let end = 0;
  const table = raw.map((e: unknown, i: number): ArrayEntry => {
    const entry = e as Partial<ArrayEntry> | null;
    if (typeof entry !== 'object' || entry === null || Object.keys(entry).length !== 3) throw new ContainerError(`array ${i}: entry must be {dtype, offset, length}`);
    const { dtype, offset, length } = entry;
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPES, dtype)) throw new ContainerError(`array ${i}: unknown dtype ${JSON.stringify(dtype)}`);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || (offset as number) < 0 || (length as number) < 0) {
      throw new ContainerError(`array ${i}: offset and length must be non-negative integers`);
    }
    if (offset !== align8(end)) throw new ContainerError(`array ${i}: offset ${offset} is not where the previous array ends (${align8(end)})`);
    end = (offset as number) + (length as number) * DTYPES[dtype as Dtype].bytes;
    if (end > dataBytes) throw new ContainerError(`array ${i}: ${length} ${dtype} values at offset ${offset} run past the end of the data (${dataBytes} bytes)`);
    return { dtype: dtype as Dtype, offset: offset as number, length: length as number };
  });
  if (align8(end) !== dataBytes) throw new ContainerError(`data section holds ${dataBytes} bytes but the arrays fill ${align8(end)}`);
  return table;
}

function unpack(value: unknown, arrays: TypedArray[], used: boolean[], depth: number, limits: ContainerLimits): unknown {
  if (depth > limits.maxDepth) throw new ContainerError(`document nests deeper than ${limits.maxDepth} levels`);
  if (Array.isArray(value)) return value.map((v) => unpack(v, arrays, used, depth + 1, limits));
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.includes('$array')) {
    const i = obj.$array;
    if (keys.length !== 1 || !Number.isInteger(i) || (i as number) < 0 || (i as number) >= arrays.length) {
      throw new ContainerError(`invalid array reference ${JSON.stringify(obj).slice(0, 80)}`);
    }
    if (used[i as number]) throw new ContainerError(`array ${i} is referenced twice`);
    used[i as number] = true;
    return arrays[i as number];
  }
  if (keys.includes('$num')) {
    const n = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 }[String(obj.$num)];
    if (keys.length !== 1 || n === undefined) throw new ContainerError(`invalid number ${JSON.stringify(obj).slice(0, 80)}`);
    return n;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === '__proto__') throw new ContainerError('document holds a "__proto__" key');
    out[k] = unpack(obj[k], arrays, used, depth + 1, limits);
  }
  return out;
}

/** Reads a container of `kind`, checking magic, version, CRC, sizes and every array's bounds; returns its body. */
export function decodeContainer(bytes: Uint8Array, kind: string, limits: ContainerLimits = DEFAULT_LIMITS): unknown {
  if (bytes.length > limits.maxFileBytes) throw new ContainerError(`file is ${bytes.length} bytes; at most ${limits.maxFileBytes} are read`);
  if (bytes.length < PREAMBLE || MAGIC.some((m, i) => bytes[i] !== m)) throw new ContainerError('not a notebook file (wrong magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CONTAINER_VERSION) throw new ContainerError(`container version ${version} is not supported (this lab reads version ${CONTAINER_VERSION})`);
  const headerBytes = view.getUint32(12, true);
  if (headerBytes > limits.maxHeaderBytes) throw new ContainerError(`header of ${headerBytes} bytes exceeds the ${limits.maxHeaderBytes}-byte cap`);
  if (PREAMBLE + headerBytes > bytes.length) throw new ContainerError(`header length ${headerBytes} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  if (view.getUint32(20, true) !== 0) throw new ContainerError('reserved field is not 0');
  if (crc32(bytes.subarray(PREAMBLE)) !== view.getUint32(16, true)) throw new ContainerError('checksum mismatch: the file is corrupt or truncated');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREAMBLE, PREAMBLE + headerBytes)));
  } catch {
    throw new ContainerError('header is not valid UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new ContainerError('header is not a JSON object');
  const h = header as Record<string, unknown>;
  if (h.kind !== kind) throw new ContainerError(`file holds ${JSON.stringify(h.kind)}, expected "${kind}"`);
  const dataStart = PREAMBLE + headerBytes;
  const table = checkTable(h.arrays, bytes.length - dataStart, limits);
  const arrays = table.map((e) => readArray(bytes, dataStart + e.offset, e));
  const used = new Array<boolean>(arrays.length).fill(false);
  const body = unpack(h.body, arrays, used, 0, limits);
  const unused = used.indexOf(false);
  if (unused >= 0) throw new ContainerError(`array ${unused} is declared but never referenced`);
  return body;
}
