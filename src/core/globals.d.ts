// Timers and clocks that exist in every host the core runs in (browser page, Web Worker, Node), declared here
// because the core's tsconfig has no DOM lib.
declare const performance: { now(): number };
declare function setTimeout(handler: () => void, ms?: number): unknown;
