/**
 * A one-line progress bar on stderr: redrawn in place on a terminal; otherwise (a log file) a line every 10 % and at
 * least once a minute, so a long run's log shows where it is.
 */
const LOG_EVERY_SECONDS = 60;

export class ProgressBar {
  private readonly started = performance.now();
  private lastDecile = -1;
  private lastLineAt = -Infinity;

  constructor(private readonly label: string, private readonly total: number, private readonly enabled = true) {}

  update(done: number, detail = ''): void {
    if (!this.enabled) return;
    const frac = Math.min(done / this.total, 1);
    const elapsed = (performance.now() - this.started) / 1000;
    const eta = frac > 0 ? elapsed * (1 / frac - 1) : NaN;
    const width = 30;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const line = `${this.label} [${bar}] ${done}/${this.total} ${elapsed.toFixed(0)}s elapsed, ETA ${Number.isFinite(eta) ? eta.toFixed(0) + 's' : '?'} ${detail}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(120)}`);
    else {
      const decile = Math.floor(frac * 10);
      if (decile > this.lastDecile || elapsed - this.lastLineAt >= LOG_EVERY_SECONDS) {
        this.lastDecile = decile;
        this.lastLineAt = elapsed;
        process.stderr.write(line + '\n');
      }
    }
  }

  finish(): void {
    if (this.enabled && process.stderr.isTTY) process.stderr.write('\n');
  }
}
