/**
 * zlib deflate (RFC 1950) through the platform's CompressionStream, present in Chromium and globally in Node 20.
 * zlib rather than raw deflate: its Adler-32 checksum turns a mangled link that still inflates into an error
 * instead of a silently different experiment. Inflation stops at a hard cap on output bytes, so a small link
 * cannot expand into megabytes (a zip bomb) and freeze the tab.
 */
const FORMAT = 'deflate';

const streamOf = (bytes: Uint8Array<ArrayBuffer>): ReadableStream<BufferSource> =>
  new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

async function readAll(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const out = await readAll(streamOf(bytes).pipeThrough(new CompressionStream(FORMAT)), Infinity);
  return out!;
}

export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Inflates at most `maxBytes`; corrupt or truncated data and oversized output are errors, never exceptions. */
export async function inflate(bytes: Uint8Array<ArrayBuffer>, maxBytes: number): Promise<Inflated> {
  try {
    // pipeThrough marks its internal pipe promise as handled, so a corrupt stream rejects only our read.
    const out = await readAll(streamOf(bytes).pipeThrough(new DecompressionStream(FORMAT)), maxBytes);
    return out ? { ok: true, bytes: out } : { ok: false, error: `it expands to more than ${maxBytes} bytes` };
  } catch {
    return { ok: false, error: 'its data is corrupt or cut short (decompression failed)' };
  }
}
