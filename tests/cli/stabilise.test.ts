/**
 * `npm run stabilise` end to end on a micro model: the comparison's files, and a log that says where a long run is
 * (each arm as it starts, a progress bar over every SAE step of the comparison).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StabiliseRecord } from '../../src/core/stabilise/record.ts';

const { base } = JSON.parse(readFileSync('tests/cli/fixtures/micro-stabilise-sweep.json', 'utf8'));

describe('npm run stabilise', () => {
  it('writes the comparison and logs each arm and the progress to the last step', () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-stabilise-'));
    const spec = join(out, 'spec.json');
    writeFileSync(spec, JSON.stringify({ ...base, saes: { ...base.saes, seeds: [1, 2] }, stabilise: { methods: [{ method: 'tiedInit' }] } }));
    const cli = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['cli/stabilise.ts', '--spec', spec, '--out', out, '--backend', 'cpu'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(out, 'stabilise.json'), 'utf8')) as StabiliseRecord;
    const arms = record.arms.map((a) => a.label);
    expect(arms).toEqual(['plain', 'plain · shared init', 'tiedInit', 'tiedInit · shared init']);
    // The log (not a terminal): one line per arm, and bar lines whose last one is the whole comparison.
    for (const arm of arms) expect(cli.stderr).toContain(`training ${arm} (2 seeds)...`);
    const bars = [...cli.stderr.matchAll(/^stabilise \[[#.]+\] (\d+)\/(\d+) /gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(bars.length).toBeGreaterThan(1);
    const [done, total] = bars.at(-1)!;
    expect(done).toBe(total);
    expect(total % 4).toBe(0); // four arms of the same length (tiedInit needs no references)
    rmSync(out, { recursive: true });
  }, 120_000);
});
