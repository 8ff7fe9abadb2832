// APIs that exist in every host the core runs in (browser page, Web Worker, Node ≥ 20), declared for the core's
// own type check only (tsconfig.core.json has no DOM lib, so a stray `document` still fails to compile).
declare const performance: { now(): number };
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
