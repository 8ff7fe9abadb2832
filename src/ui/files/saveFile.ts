/** Saves bytes or text as a download (a browser download cannot create folders: callers name files FOLDER__NAME). */
export function saveFile(content: Uint8Array | string, filename: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads chosen files as bytes, refusing any larger than `maxBytes` before reading it. */
export async function readFiles(files: FileList | File[], maxBytes: number): Promise<{ path: string; bytes: Uint8Array }[]> {
  const list = Array.from(files);
  const big = list.find((f) => f.size > maxBytes);
  if (big) throw new Error(`${big.name} is ${big.size} bytes; at most ${maxBytes} are read`);
  return Promise.all(list.map(async (f) => ({ path: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}
