/** Timing for benchmarks: warm-up runs, then repeats; min and median in milliseconds. No DOM, no Node. */
export interface Timing {
  minMs: number;
  medianMs: number;
  repeats: number;
}

/** How many runs a case makes: `warmup` untimed, then `repeats` timed. */
export interface BenchPlan {
  repeats: number;
  warmup: number;
}

export async function measure(run: () => Promise<void> | void, { repeats, warmup }: BenchPlan): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { minMs: times[0], medianMs: times[times.length >> 1], repeats };
}
