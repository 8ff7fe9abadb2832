import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, parseArgs } from '../../cli/args.ts';
import { decodeSafetensors, floatToHalf } from '../../src/core/io/safetensors.ts';
import type { ExperimentReport } from '../../src/core/report.ts';
import { halfPrecision } from '../helpers/halfPrecision.ts';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const cli = (args: string[]) => execFileSync(tsx, ['cli/experiment.ts', ...args, '--quiet'], { encoding: 'utf8' });
const read = (path: string) => decodeSafetensors(new Uint8Array(readFileSync(path)));

describe('--snapshot-every', () => {
  it('must be a multiple of evalEvery, and not with --transformer', () => {
    expect(() => parseArgs(['--preset', 'tiny', '--out', 'x', '--snapshot-every', '15'])).toThrow(/multiple of transformer.evalEvery \(10\); got 15/);
    expect(() => parseArgs(['--preset', 'tiny', '--out', 'x', '--snapshot-every', '-10'])).toThrow(CliError);
    const o = parseArgs(['--preset', 'tiny', '--out', 'x', '--snapshot-every', '100']);
    expect(o !== 'help' && o.snapshotEvery).toBe(100);
  });

  it('writes float16 weights of exactly steps 0, N, 2N, … with an index', () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-cli-snap-'));
    const specFile = join(out, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ version: 1, transformer: { p: 11, dModel: 16, nHeads: 2, dMlp: 32, steps: 30, trainFraction: 0.5, evalEvery: 5 } }));
    cli(['--spec', specFile, '--out', join(out, 'run'), '--snapshot-every', '10']);
    const snaps = join(out, 'run/transformer/snapshots');
    expect(JSON.parse(readFileSync(join(snaps, 'index.json'), 'utf8'))).toEqual({ dtype: 'F16', steps: [0, 10, 20, 30] });
    // A separate 10-step run's float32 model, rounded to half precision, is the step-10 snapshot bit for bit:
    // the snapshot is of that step (not the one after) and loses only the rounding.
    cli(['--spec', specFile, '--out', join(out, 'ten'), '--steps', '10']);
    const ten = read(join(out, 'ten/transformer/model.safetensors')).tensors;
    const snap = read(join(snaps, 'step-000010.safetensors'));
    expect(snap.metadata.step).toBe('10');
    expect(Object.keys(snap.tensors).sort()).toEqual(Object.keys(ten).sort());
    for (const [name, t] of Object.entries(ten)) {
      expect(snap.tensors[name].shape).toEqual(t.shape);
      expect(Array.from(snap.tensors[name].data, floatToHalf), name).toEqual(Array.from(t.data, floatToHalf));
    }
    const last = read(join(snaps, 'step-000030.safetensors')).tensors['embed.W_E'].data;
    const final = read(join(out, 'run/transformer/model.safetensors')).tensors['embed.W_E'].data;
    final.forEach((x, i) => expect(Math.abs(last[i] - x)).toBeLessThanOrEqual(halfPrecision(x)));

    // report.json `progress`: the progress measures at every snapshot; the last is the final model at half precision.
    const report = JSON.parse(readFileSync(join(out, 'run/report.json'), 'utf8')) as ExperimentReport;
    const points = report.progress!.points;
    expect(points.map((q) => q.step)).toEqual([0, 10, 20, 30]);
    expect(points.at(-1)!.keyFrequencies).toEqual(report.fourier.keyFrequencies);
    expect(points.at(-1)!.keyFraction).toBeCloseTo(report.fourier.keyFrequencyFraction, 2);
    for (const q of points) expect(Number.isFinite(q.restrictedLoss) && Number.isFinite(q.excludedLoss)).toBe(true);
    expect(cli(['--spec', specFile, '--out', join(out, 'plain')]) && JSON.parse(readFileSync(join(out, 'plain/report.json'), 'utf8')).progress).toBeUndefined();
  }, 180_000);
});
