/**
 * A generated corpus of corrupt and hostile notebook files: truncations, bit flips (stale checksum), and
 * structurally wrong files with a valid checksum (what a crafted file looks like). Each must be rejected by a
 * deliberate check with a message, and the store must be exactly as before.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble, crc32, decodeContainer, encodeContainer } from '../../src/core/io/container.ts';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import { NOTEBOOK_FILE_KIND, NotebookFileError, encodeNotebook, importNotebookFile } from '../../src/storage/notebookFile.ts';
import { STORE_NAMES } from '../../src/storage/schema.ts';
import { sampleNotebook } from './notebookFixture.ts';

const good = encodeNotebook(sampleNotebook(), '2026-01-01T00:00:00.000Z');
const headerLength = new DataView(good.buffer).getUint32(12, true);
const dataStart = 24 + headerLength;

type Body = Record<string, any>; // crafted documents: any field may be set to anything
/** The decoded document (typed arrays included), to change and write again with a valid checksum. */
const body = (): Body => decodeContainer(good, NOTEBOOK_FILE_KIND) as Body;
const withBody = (edit: (b: Body) => void): Uint8Array => {
  const b = body();
  edit(b);
  return encodeContainer(NOTEBOOK_FILE_KIND, b);
};
/** The raw header (array table, placeholders) and data bytes, to write crafted headers with a valid checksum. */
const rawHeader = (): Body => JSON.parse(new TextDecoder().decode(good.subarray(24, dataStart)));
const withHeader = (edit: (h: Body) => void, data = good.subarray(dataStart)): Uint8Array => {
  const h = rawHeader();
  edit(h);
  return assemble(h, data);
};
const restamp = (bytes: Uint8Array): Uint8Array => {
  new DataView(bytes.buffer).setUint32(16, crc32(bytes.subarray(24)), true);
  return bytes;
};
const flip = (at: number, bit = 0): Uint8Array => {
  const b = good.slice();
  b[at] ^= 1 << bit;
  return b;
};
const setU32 = (at: number, v: number, stamp = true): Uint8Array => {
  const b = good.slice();
  new DataView(b.buffer).setUint32(at, v, true);
  return stamp ? restamp(b) : b;
};
const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

function corpus(): [string, Uint8Array, RegExp][] {
  const any = /./;
  const cases: [string, Uint8Array, RegExp][] = [];
  for (const n of [0, 1, 7, 8, 16, 23, 24, 40, 24 + (headerLength >> 1), dataStart, dataStart + 3, good.length - 1, good.length - 8]) {
    cases.push([`truncated to ${n} bytes`, good.slice(0, n), /magic|truncated|checksum|runs past/]);
  }
  for (let i = 0; i < 8; i++) cases.push([`bit flip in magic byte ${i}`, flip(i, i % 8), /magic/]);
  cases.push(['bit flip in the version', flip(8, 1), /version/]);
  for (let i = 12; i < 16; i++) cases.push([`bit flip in header length byte ${i - 12}`, flip(i, 7), /header|checksum|cap/]);
  cases.push(['bit flip in the checksum', flip(17, 3), /checksum/]);
  cases.push(['bit flip in the reserved word', flip(20, 0), /reserved/]);
  for (let k = 1; k <= 10; k++) cases.push([`bit flip in the header at ${k}/11`, flip(24 + Math.floor((headerLength * k) / 11), k % 8), /checksum/]);
  for (let k = 1; k <= 4; k++) cases.push([`bit flip in tensor data at ${k}/5`, flip(dataStart + Math.floor(((good.length - dataStart) * k) / 5), 6), /checksum/]);

  cases.push(['container version 2 (valid checksum)', setU32(8, 2), /container version 2/]);
  cases.push(['huge declared header length', setU32(12, 0xfffffff0), /cap/]);
  cases.push(['header length past the end', setU32(12, good.length), /runs past/]);
  cases.push(['header is not JSON', restamp(good.slice().fill(0x58, 24, 25)), /JSON/]);
  cases.push(['header is invalid UTF-8', restamp(good.slice().fill(0xff, 30, 34)), /UTF-8 JSON/]);
  cases.push(['header is a JSON list', assemble([1, 2], new Uint8Array(0)), /not a JSON object/]);
  cases.push(['another kind of file', withHeader((h) => (h.kind = 'sae-stability-lab/other')), /expected "sae-stability-lab\/notebook"/]);
  cases.push(['array table is not a list', withHeader((h) => (h.arrays = {})), /must be a list/]);
  cases.push(['array entry with an extra key', withHeader((h) => (h.arrays[0].evil = 1)), /entry must be/]);
  cases.push(['unknown dtype', withHeader((h) => (h.arrays[0].dtype = 'f16')), /unknown dtype/]);
  cases.push(['misaligned offset', withHeader((h) => (h.arrays[1].offset += 4)), /not where the previous array ends/]);
  cases.push(['negative length', withHeader((h) => (h.arrays[0].length = -1)), /non-negative/]);
  cases.push(['huge declared array length', withHeader((h) => (h.arrays[0].length = 2 ** 40)), /run past the end/]);
  cases.push(['array length one too long', withHeader((h) => (h.arrays.at(-1).length += 1)), /run past the end|fill/]);
  cases.push(['trailing bytes after the arrays', withHeader(() => {}, new Uint8Array([...good.subarray(dataStart), 0, 0, 0, 0, 0, 0, 0, 0])), /data section holds/]);
  cases.push(['reference to a missing array', withHeader((h) => (h.body.notes = [{ $array: 999 }])), /invalid array reference/]);
  cases.push(['array reference with an extra key', withHeader((h) => (h.body.runs[0].metrics[0] = { $array: 0, x: 1 })), /invalid array reference/]);
  cases.push(['unknown special number', withHeader((h) => (h.body.runs[0].step = { $num: 'eval()' })), /invalid number/]);
  cases.push(['__proto__ key', assemble(JSON.parse(JSON.stringify(rawHeader()).replace('"openRuns":{', '"openRuns":{"__proto__":{"polluted":1},')), good.subarray(dataStart)), /__proto__/]);
  cases.push(['nesting 100 deep', withBody((b) => (b.runs[0].summary = { deep: nested(100) })), /nests deeper/]);

  cases.push(['document version 2', withBody((b) => (b.version = 2)), /notebook file version 2/]);
  cases.push(['written by a newer store', withBody((b) => (b.schemaVersion = 99)), /newer lab/]);
  cases.push(['unknown top-level field', withBody((b) => (b.extra = 1)), /"extra" is not known/]);
  cases.push(['runs missing', withBody((b) => delete b.runs), /"runs" must be a list/]);
  cases.push(['10,001 notes', withBody((b) => (b.notes = Array.from({ length: 10_001 }, (_, i) => ({ ...b.notes[0], id: `n${i}` })))), /at most 10000/]);
  cases.push(['unknown run field', withBody((b) => (b.runs[0].onload = 'alert(1)')), /runs\[0\]\.onload is not a known field/]);
  cases.push(['empty run id', withBody((b) => (b.runs[0].id = '')), /runs\[0\]\.id must be a non-empty string/]);
  cases.push(['1,000-character id', withBody((b) => (b.notes[0].id = 'x'.repeat(1000))), /notes\[0\]\.id/]);
  cases.push(['10,000-character run name', withBody((b) => (b.runs[0].name = '<img src=x onerror=alert(1)>'.repeat(400))), /runs\[0\]\.name/]);
  cases.push(['unknown run status', withBody((b) => (b.runs[0].status = 'pwned')), /status must be one of/]);
  cases.push(['unknown run kind', withBody((b) => (b.runs[1].kind = 'evil')), /kind must be one of/]);
  cases.push(['negative step', withBody((b) => (b.runs[0].step = -1)), /step must be an integer/]);
  cases.push(['fractional step', withBody((b) => (b.runs[0].step = 1.5)), /step must be an integer/]);
  cases.push(['NaN time stamp', withBody((b) => (b.notes[0].createdAt = NaN)), /createdAt must be a time stamp/]);
  cases.push(['spec with p out of bounds', withBody((b) => (b.runs[0].spec.transformer.p = 1e9)), /runs\[0\]\.spec: .*p/]);
  cases.push(['spec of version 9', withBody((b) => (b.experiment.spec.version = 9)), /experiment\.spec: spec version 9/]);
  cases.push(['spec with an unknown field', withBody((b) => (b.runs[1].spec.saes.evil = 1)), /saes\.evil is not a known field/]);
  cases.push(['metrics not a list', withBody((b) => (b.runs[0].metrics = 'lots')), /metrics must be a list/]);
  cases.push(['metric point not an object', withBody((b) => (b.runs[0].metrics = [42])), /metrics\[0\] must be an object/]);
  cases.push(['unknown open-run kind', withBody((b) => (b.experiment.openRuns = { evil: 't1' })), /openRuns\.evil is not a known field/]);
  cases.push(['200,000-character note', withBody((b) => (b.notes[0].markdown = 'a'.repeat(200_000))), /markdown must be a string of at most 100000/]);
  cases.push(['note text not a string', withBody((b) => (b.notes[0].markdown = { html: '<script>' })), /markdown must be a string/]);
  cases.push(['note on a missing run', withBody((b) => (b.notes[0].runId = 'ghost')), /note is attached to a run the file lacks/]);
  cases.push(['checkpoint of a missing run', withBody((b) => ((b.checkpoints[0].runId = 'ghost'), (b.checkpoints[0].id = 'ghost@60'))), /belongs to a run the file lacks/]);
  cases.push(['run points at a missing checkpoint', withBody((b) => (b.runs[0].checkpointId = 't1@61')), /points at a checkpoint the file lacks/]);
  cases.push(['checkpoint id not its run and step', withBody((b) => (b.checkpoints[0].id = 'other')), /not named after its run and step|points at a checkpoint/]);
  cases.push(['checkpoint step differs from its state', withBody((b) => (b.checkpoints[0].state.step = 59)), /its state is at 59/]);
  cases.push(['tensor shape does not match its data', withBody((b) => (b.checkpoints[0].state.tensors['embed.W_E'].shape = [4, 4])), /holds 12 values, expected 16/]);
  cases.push(['tensor shape with a negative size', withBody((b) => (b.checkpoints[0].state.tensors['embed.W_E'].shape = [-3, -4])), /shape\[0\] must be an integer/]);
  cases.push(['tensor of rank 9', withBody((b) => (b.checkpoints[0].state.tensors['embed.W_E'].shape = [1, 1, 1, 1, 1, 1, 1, 3, 4])), /at most 8/]);
  cases.push(['tensor stored as float64', withBody((b) => (b.checkpoints[0].state.tensors['embed.W_E'].data = new Float64Array(12))), /must be float32 data/]);
  cases.push(['tensor data as a JSON list', withBody((b) => (b.checkpoints[0].state.tensors['embed.W_E'].data = Array(12).fill(0))), /must be float32 data/]);
  cases.push(['optimiser m and v of different sizes', withBody((b) => (b.checkpoints[0].state.optimizers[0].v = [new Float32Array(11)])), /holds 11 values, expected 12/]);
  cases.push(['optimiser with fewer v than m', withBody((b) => (b.checkpoints[1].state.optimizers[0].v.pop())), /m and v hold different numbers/]);
  cases.push(['RNG state of three words', withBody((b) => (b.checkpoints[1].state.rngs = [[1, 2, 3]])), /must hold 4 words/]);
  cases.push(['RNG word above 32 bits', withBody((b) => (b.checkpoints[1].state.rngs = [[1, 2, 3, 2 ** 32]])), /rngs\[0\]\[3\]/]);
  cases.push(['RNG word below a signed 32-bit word', withBody((b) => (b.checkpoints[1].state.rngs = [[1, 2, -(2 ** 31) - 1, 4]])), /rngs\[0\]\[2\]/]);
  cases.push(['counter holding NaN', withBody((b) => (b.checkpoints[1].state.counters.sinceFired = [NaN])), /finite numbers/]);
  cases.push(['two runs with one id', withBody((b) => (b.runs[1].id = 't1')), /two runs with id "t1"/]);
  cases.push(['two notes with one id', withBody((b) => (b.notes[1].id = 'n1')), /two notes with id "n1"/]);
  return cases;
}

describe('corrupt and hostile notebook files', () => {
  let db: LabDb;
  let before: unknown;
  const snapshot = async () => Object.fromEntries(await Promise.all(STORE_NAMES.map(async (s) => [s, await db.getAll(s)] as const)));

  beforeAll(async () => {
    db = await openLabDb({ name: 'notebook-corpus' });
    await importNotebookFile(db, good); // a store with contents, so "unchanged" means something
    before = await snapshot();
  });
  afterAll(() => db.close());

  it('the corpus holds at least 50 files and the untouched file imports', async () => {
    expect(corpus().length).toBeGreaterThanOrEqual(50);
    await expect(importNotebookFile(db, good)).resolves.toBeTruthy();
    expect(await snapshot()).toEqual(before);
  });

  it.each(corpus())('rejects: %s', async (_name, bytes, message) => {
    const error = await importNotebookFile(db, bytes).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookFileError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/^unreadable/); // a deliberate check, not a crash caught late
    expect(await snapshot()).toEqual(before);
  });
});
