/** Question 3's feature view: families of latents found across seeds, and a gallery of stable and unstable latents. */
import type { GalleryLatent } from '../../core/experiment/featuresReport.ts';
import type { Chart } from '../chart.ts';
import type { Block, Cell, ReportRun } from '../model.ts';
import { f3, num, pct } from '../model.ts';

const caption = (g: GalleryLatent): string[] => [
  `latent ${g.latent}${g.frequency > 0 ? ` · k ${g.frequency}` : ''}`,
  `stab ${f3(g.stability)} · fires ${pct(g.firingRate, 1)}`,
];

/** Families spanning s seeds for s = N … 2, the Fourier ones and the orphans, of one run. */
function familiesTable(run: ReportRun, i: number, label: string): Block | null {
  const f = run.report.features?.families;
  const n = run.report.saes?.length ?? 0;
  if (!f || n < 2) return null;
  const rows: Cell[][] = [];
  for (let s = n; s >= 2; s--) rows.push([`in ${s} of ${n} seeds`, num(i, `features.families.countBySeeds.${s}`, String(f.countBySeeds[s] ?? 0))]);
  rows.push(['all families', num(i, 'features.families.total', String(f.total))],
    ['of which Fourier features (most members pass the test at one frequency)', num(i, 'features.families.fourier', String(f.fourier))],
    ['orphans (no mutual above-chance match in any other seed)', num(i, 'features.families.orphans', String(f.orphans))]);
  return { kind: 'table', caption: `${label}: feature families — latents linked when each is the other's best match (decoder |cos|) above isotropic chance`, head: ['families', 'count'], rows };
}

function galleryFigure(run: ReportRun, id: string, label: string): Block | null {
  const g = run.report.features?.gallery;
  if (!g || g.stable.length === 0) return null;
  const chart: Chart = { kind: 'images', title: `${label}: seed ${g.seed}'s most and least stable live latents over the inputs (a down, b across)`, size: g.p,
    rows: [{ label: 'most stable', items: g.stable.map((x) => ({ caption: caption(x), pixels: x.pixels })) },
      ...(g.unstable.length ? [{ label: 'least stable', items: g.unstable.map((x) => ({ caption: caption(x), pixels: x.pixels })) }] : [])] };
  return { kind: 'figure', id, caption: `Each latent's activation over the ${g.p} × ${g.p} inputs (viridis, scaled to its own range); "stab" is its smallest best-match |cos| over the other seeds, "k" the frequency when it passes the Fourier test. A Fourier feature shows diagonal stripes (it depends on a + b).`, chart };
}

/** The feature blocks of one run; none when its report.json predates them. */
export function featureBlocks(run: ReportRun, i: number, id: string, label: string): Block[] {
  return [familiesTable(run, i, label), galleryFigure(run, `gallery-${id}`, label)].filter((b): b is Block => b !== null);
}
