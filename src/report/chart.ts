/**
 * A small chart description and its SVG: line (with shaded bands), heatmap, bars, scatter and image rows. Pure
 * strings, no DOM, no script: the report's figures are these SVGs, inline in the HTML and as files beside the Markdown.
 */
import { decodeBase64 } from '../core/io/base64.ts';
import { palettePng, pngDataUrl } from './png.ts';


export interface Axis {
  label: string;
  log?: boolean;
  /** Fixed range; otherwise the data's. */
  min?: number;
  max?: number;
}

/** A horizontal reference line, e.g. a null's mean. */
export interface RefLine {
  y: number;
  label: string;
}

export interface LineSeries {
  name: string;
  points: [number, number][];
  /** Shaded band around the line: [x, low, high]. */
  band?: [number, number, number][];
  dashed?: boolean;
}

export type Chart =
  | { kind: 'line'; title: string; x: Axis; y: Axis; series: LineSeries[]; refs?: RefLine[] }
  | { kind: 'heatmap'; title: string; rows: string[]; cols: string[]; values: number[][]; min: number; max: number; /** A seed with itself: not drawn. */ blankDiagonal?: boolean }
  | { kind: 'bars'; title: string; categories: string[]; groups: { name: string; values: (number | null)[]; errors?: (number | null)[] }[]; y: Axis; refs?: RefLine[]; highlight?: boolean[] }
  | { kind: 'scatter'; title: string; x: Axis; y: Axis; points: { x: number; y: number; label: string }[]; refs?: RefLine[] }
  /** Rows of small square byte images (e.g. latents over the p × p inputs), each with up to two caption lines. */
  | { kind: 'images'; title: string; size: number; rows: { label: string; items: { caption: string[]; pixels: string }[] }[] };

const W = 640;
const H = 320;
const M = { left: 64, right: 16, top: 40, bottom: 64 };
/** Colour-blind-safe palette (Okabe–Ito). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (x: number) => Math.round(x * 10) / 10;

function extent(values: number[], axis: Axis): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && (!axis.log || v > 0));
  let lo = axis.min ?? Math.min(...finite);
  let hi = axis.max ?? Math.max(...finite);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = axis.log ? [1, 10] : [0, 1];
  if (lo === hi) [lo, hi] = axis.log ? [lo / 10, hi * 10] : [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** Maps data to pixels along one axis (log axes in decades). */
function scale(axis: Axis, values: number[], from: number, to: number) {
  const [lo, hi] = extent(values, axis);
  const t = (v: number) => (axis.log ? Math.log10(Math.max(v, lo)) : v);
  const [a, b] = [t(lo), t(hi)];
  const map = (v: number) => from + ((t(v) - a) / (b - a)) * (to - from);
  const ticks = axis.log
    ? Array.from({ length: Math.floor(b) - Math.ceil(a) + 1 }, (_, i) => 10 ** (Math.ceil(a) + i))
    : niceTicks(lo, hi);
  return { map, ticks, lo, hi };
}

function niceTicks(lo: number, hi: number): number[] {
  const step0 = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const tickText = (v: number, log?: boolean) => (log ? `1e${Math.round(Math.log10(v))}` : String(Number(v.toPrecision(4))));

/** Splits a title into lines of at most ~72 characters (the width of the plot at 13 px). */
function titleLines(title: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(' ')) {
    if (line && line.length + word.length + 1 > 72) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].slice(0, 2);
}

function frame(title: string, body: string, legend: string[]): string {
  let x = M.left;
  const items = legend.map((name, i) => {
    const item = `<g transform="translate(${x},${H - 14})"><rect width="12" height="12" y="-10" fill="${PALETTE[i % PALETTE.length]}"/><text x="16" font-size="11">${escapeXml(name)}</text></g>`;
    x += 28 + 6.5 * name.length;
    return item;
  }).join('');
  const heading = titleLines(title).map((line, i) => `<text x="${M.left}" y="${14 + 14 * i}" font-size="13" font-weight="600">${escapeXml(line)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif">`
    + `<title>${escapeXml(title)}</title><rect width="${W}" height="${H}" fill="#fff"/>${heading}${body}${items}</svg>`;
}

function axes(x: ReturnType<typeof scale> | null, y: ReturnType<typeof scale>, xAxis: Axis | null, yAxis: Axis): string {
  const bottom = H - M.bottom;
  let s = `<line x1="${M.left}" y1="${bottom}" x2="${W - M.right}" y2="${bottom}" stroke="#333"/><line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${bottom}" stroke="#333"/>`;
  for (const t of y.ticks) {
    const py = r1(y.map(t));
    s += `<line x1="${M.left - 4}" y1="${py}" x2="${W - M.right}" y2="${py}" stroke="#ddd"/><text x="${M.left - 6}" y="${py + 4}" font-size="10" text-anchor="end">${tickText(t, yAxis.log)}</text>`;
  }
  if (x && xAxis) {
    for (const t of x.ticks) {
      const px = r1(x.map(t));
      s += `<line x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 4}" stroke="#333"/><text x="${px}" y="${bottom + 15}" font-size="10" text-anchor="middle">${tickText(t, xAxis.log)}</text>`;
    }
    s += `<text x="${(M.left + W - M.right) / 2}" y="${bottom + 30}" font-size="11" text-anchor="middle">${escapeXml(xAxis.label)}</text>`;
  }
  s += `<text transform="translate(14,${(M.top + bottom) / 2}) rotate(-90)" font-size="11" text-anchor="middle">${escapeXml(yAxis.label)}</text>`;
  return s;
}

function refLines(refs: RefLine[] | undefined, y: ReturnType<typeof scale>): string {
  return (refs ?? []).filter((r) => r.y >= y.lo && r.y <= y.hi).map((r) => {
    const py = r1(y.map(r.y));
    return `<line x1="${M.left}" y1="${py}" x2="${W - M.right}" y2="${py}" stroke="#555" stroke-dasharray="4 3"/><text x="${W - M.right - 2}" y="${py - 3}" font-size="10" text-anchor="end" fill="#333">${escapeXml(r.label)}</text>`;
  }).join('');
}

const path = (pts: [number, number][]) => pts.map(([x, y], i) => `${i ? 'L' : 'M'}${r1(x)} ${r1(y)}`).join('');

function lineSvg(c: Extract<Chart, { kind: 'line' }>): string {
  const xs = c.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [...c.series.flatMap((s) => [...s.points.map((p) => p[1]), ...(s.band ?? []).flatMap((b) => [b[1], b[2]])]), ...(c.refs ?? []).map((r) => r.y)];
  const x = scale(c.x, xs, M.left, W - M.right);
  const y = scale(c.y, ys, H - M.bottom, M.top);
  const clampY = (v: number) => y.map(Math.min(Math.max(v, y.lo), y.hi));
  const body = c.series.map((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const band = s.band && s.band.length > 1
      ? `<path d="${path([...s.band.map(([bx, lo]) => [x.map(bx), clampY(lo)] as [number, number]), ...[...s.band].reverse().map(([bx, , hi]) => [x.map(bx), clampY(hi)] as [number, number])])}Z" fill="${colour}" fill-opacity="0.18" stroke="none"/>` : '';
    return `${band}<path d="${path(s.points.map(([px, py]) => [x.map(px), clampY(py)]))}" fill="none" stroke="${colour}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
  }).join('');
  return frame(c.title, axes(x, y, c.x, c.y) + refLines(c.refs, y) + body, c.series.map((s) => s.name));
}

function heatmapSvg(c: Extract<Chart, { kind: 'heatmap' }>): string {
  const size = Math.min((W - M.left - 120) / c.cols.length, (H - M.top - M.bottom + 30) / c.rows.length);
  const shade = (v: number) => {
    const t = Math.min(1, Math.max(0, (v - c.min) / (c.max - c.min || 1)));
    const light = Math.round(96 - 60 * t);
    return `hsl(210, 70%, ${light}%)`;
  };
  let body = '';
  c.values.forEach((row, i) => row.forEach((v, j) => {
    const px = r1(M.left + j * size);
    const py = r1(M.top + i * size);
    if (c.blankDiagonal && i === j) {
      body += `<rect x="${px}" y="${py}" width="${r1(size)}" height="${r1(size)}" fill="#eee" stroke="#fff"/><text x="${r1(px + size / 2)}" y="${r1(py + size / 2 + 4)}" font-size="11" text-anchor="middle" fill="#777">—</text>`;
      return;
    }
    body += `<rect x="${px}" y="${py}" width="${r1(size)}" height="${r1(size)}" fill="${shade(v)}" stroke="#fff"/>`
      + `<text x="${r1(px + size / 2)}" y="${r1(py + size / 2 + 4)}" font-size="11" text-anchor="middle" fill="${(v - c.min) / (c.max - c.min || 1) > 0.6 ? '#fff' : '#000'}">${v.toFixed(3)}</text>`;
  }));
  c.rows.forEach((label, i) => { body += `<text x="${M.left - 4}" y="${r1(M.top + (i + 0.5) * size + 4)}" font-size="10" text-anchor="end">${escapeXml(label)}</text>`; });
  c.cols.forEach((label, j) => { body += `<text x="${r1(M.left + (j + 0.5) * size)}" y="${r1(M.top + c.rows.length * size + 14)}" font-size="10" text-anchor="middle">${escapeXml(label)}</text>`; });
  const key = `<text x="${W - 110}" y="${M.top + 10}" font-size="10">scale ${c.min.toFixed(2)} – ${c.max.toFixed(2)}</text>`
    + `<rect x="${W - 110}" y="${M.top + 16}" width="40" height="10" fill="${shade(c.min)}" stroke="#999"/><rect x="${W - 70}" y="${M.top + 16}" width="40" height="10" fill="${shade(c.max)}" stroke="#999"/>`;
  return frame(c.title, body + key, []);
}

function barsSvg(c: Extract<Chart, { kind: 'bars' }>): string {
  const values = c.groups.flatMap((g) => g.values.flatMap((v, i) => (v === null ? [] : [v, v + (g.errors?.[i] ?? 0)])));
  const y = scale({ ...c.y, min: c.y.min ?? (c.y.log ? undefined : Math.min(0, ...values)) }, [...values, ...(c.refs ?? []).map((r) => r.y)], H - M.bottom, M.top);
  const slot = (W - M.left - M.right) / c.categories.length;
  const barW = Math.max(1, (slot * 0.8) / c.groups.length);
  const base = y.map(c.y.log ? y.lo : Math.max(0, y.lo));
  let body = '';
  c.groups.forEach((g, gi) => g.values.forEach((v, i) => {
    if (v === null) return;
    const px = M.left + i * slot + slot * 0.1 + gi * barW;
    const top = y.map(v);
    const colour = c.highlight ? (c.highlight[i] ? PALETTE[1] : '#9bb') : PALETTE[gi % PALETTE.length];
    body += `<rect x="${r1(px)}" y="${r1(Math.min(top, base))}" width="${r1(barW)}" height="${r1(Math.abs(base - top))}" fill="${colour}"/>`;
    const err = g.errors?.[i];
    if (err) body += `<line x1="${r1(px + barW / 2)}" x2="${r1(px + barW / 2)}" y1="${r1(y.map(v - err))}" y2="${r1(y.map(v + err))}" stroke="#000"/>`;
  }));
  const every = Math.ceil(c.categories.length / 24);
  c.categories.forEach((label, i) => {
    if (i % every) return;
    body += `<text x="${r1(M.left + (i + 0.5) * slot)}" y="${H - M.bottom + 14}" font-size="10" text-anchor="middle">${escapeXml(label)}</text>`;
  });
  return frame(c.title, axes(null, y, null, c.y) + body + refLines(c.refs, y), c.highlight ? [] : c.groups.map((g) => g.name));
}

function scatterSvg(c: Extract<Chart, { kind: 'scatter' }>): string {
  const x = scale(c.x, c.points.map((p) => p.x), M.left + 10, W - M.right - 10);
  const y = scale(c.y, [...c.points.map((p) => p.y), ...(c.refs ?? []).map((r) => r.y)], H - M.bottom - 10, M.top + 10);
  const body = c.points.map((p, i) => {
    const [px, py] = [r1(x.map(p.x)), r1(y.map(p.y))];
    return `<circle cx="${px}" cy="${py}" r="5" fill="${PALETTE[i % PALETTE.length]}"/><text x="${px + 7}" y="${py - 6}" font-size="10">${escapeXml(p.label)}</text>`;
  }).join('');
  return frame(c.title, axes(x, y, c.x, c.y) + refLines(c.refs, y) + body, []);
}

const IMAGE_PX = 80;
const IMAGE_SLOT = 140; // wide enough for a caption line of ~24 characters at 9.5 px

/** Up to 4 images a row, each row's label above it; two rows fit the frame. */
function imagesSvg(c: Extract<Chart, { kind: 'images' }>): string {
  let body = '';
  c.rows.forEach((row, r) => {
    const top = M.top + 18 + r * (IMAGE_PX + 50);
    body += `<text x="${M.left}" y="${top - 6}" font-size="11" font-weight="600">${escapeXml(row.label)}</text>`;
    row.items.slice(0, 4).forEach((item, i) => {
      const x = M.left + i * IMAGE_SLOT;
      const bytes = decodeBase64(item.pixels);
      const href = bytes && bytes.length === c.size * c.size ? pngDataUrl(palettePng(bytes, c.size, c.size)) : '';
      body += href
        ? `<image x="${x}" y="${top}" width="${IMAGE_PX}" height="${IMAGE_PX}" href="${href}" style="image-rendering:pixelated"/>`
        : `<rect x="${x}" y="${top}" width="${IMAGE_PX}" height="${IMAGE_PX}" fill="#eee"/>`;
      item.caption.slice(0, 2).forEach((line, j) => {
        body += `<text x="${x}" y="${top + IMAGE_PX + 12 + 11 * j}" font-size="9.5">${escapeXml(line)}</text>`;
      });
    });
  });
  return frame(c.title, body, []);
}

/** The chart as a standalone SVG document (also valid inline in HTML). */
export function renderSvg(chart: Chart): string {
  switch (chart.kind) {
    case 'line': return lineSvg(chart);
    case 'heatmap': return heatmapSvg(chart);
    case 'bars': return barsSvg(chart);
    case 'scatter': return scatterSvg(chart);
    case 'images': return imagesSvg(chart);
  }
}
