/** The 2-D grid's cells: the rows averaged per pair of values of two setting fields (pure; tested). */
import type { SweepRow } from '../../core/sweep/results.ts';
import type { SweepField, SweepValue } from '../../core/sweep/spec.ts';

export interface GridCell {
  /** Mean PWMCC (max-cosine) of the rows with these two values. */
  value: number;
  /** Mean excess over each row's strongest null; null when no row has one. */
  excess: number | null;
  runs: number;
}

export interface Grid {
  xs: SweepValue[];
  ys: SweepValue[];
  /** cells[y][x]; null where no finished row has the pair. */
  cells: (GridCell | null)[][];
}

const distinct = (rows: SweepRow[], f: SweepField): SweepValue[] => {
  const out: SweepValue[] = [];
  for (const r of rows) {
    const v = r.setting[f];
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
};

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export function gridCells(rows: SweepRow[], x: SweepField, y: SweepField): Grid {
  const xs = distinct(rows, x);
  const ys = distinct(rows, y);
  const cells = ys.map((yv) => xs.map((xv): GridCell | null => {
    const here = rows.filter((r) => r.setting[x] === xv && r.setting[y] === yv && r.pwmccMax.mean !== null);
    if (here.length === 0) return null;
    const excesses = here.map((r) => r.pwmccMax.excess).filter((e): e is number => e !== null);
    return { value: mean(here.map((r) => r.pwmccMax.mean!)), excess: excesses.length > 0 ? mean(excesses) : null, runs: here.length };
  }));
  return { xs, ys, cells };
}
