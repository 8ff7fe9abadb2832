/** The report as one self-contained HTML page: inline SVG figures, no script, no external request, print CSS. */
import { escapeXml as esc, renderSvg } from './chart.ts';
import type { Block, ReportDoc } from './model.ts';
import { cellText } from './model.ts';

const CSS = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; max-width: 60rem; margin: 0 auto; padding: 1rem; }
p, li { overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.4rem; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.85rem; width: 100%; table-layout: auto; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { font-size: 0.85rem; color: #333; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: 0.5rem; font-size: 0.75rem; }
code { overflow-wrap: anywhere; }
.not-run { border-left: 4px solid #D55E00; background: #fff6f0; padding: 0.4rem 0.8rem; margin: 0.8rem 0; }
.status { font-size: 0.8rem; font-weight: normal; color: #555; }
.report-toolbar { display: flex; gap: 0.5rem; padding: 0.5rem 0; border-bottom: 1px solid #ccc; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  figure, .not-run, pre { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .report-toolbar { display: none; }
}`;

function block(b: Block): string {
  switch (b.kind) {
    case 'text': return `<p>${esc(b.text)}</p>`;
    case 'subhead': return `<h3>${esc(b.text)}</h3>`;
    case 'list': return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'code': return `<p><strong>${esc(b.caption)}</strong></p><pre>${esc(b.text)}</pre>`;
    case 'notRun': return `<div class="not-run" data-not-run><p><strong>Not run.</strong> ${esc(b.what)}</p><p>To run it: <code>${esc(b.command)}</code>${b.link ? ` — or ${esc(b.link)}` : ''}</p></div>`;
    case 'figure': return `<figure id="${esc(b.id)}">${renderSvg(b.chart)}<figcaption>${esc(b.caption)}</figcaption></figure>`;
    case 'table': return `<div class="table-wrap"><table><caption>${esc(b.caption)}</caption><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${
      b.rows.map((r) => `<tr>${r.map((c) => (typeof c === 'string' ? `<td>${esc(c)}</td>` : `<td data-key="${esc(c.key)}">${esc(cellText(c))}</td>`)).join('')}</tr>`).join('')}</tbody></table></div>`;
  }
}

export function renderHtml(doc: ReportDoc): string {
  const sections = doc.sections.map((s) => `<section id="${esc(s.id)}"${s.status ? ` data-status="${s.status}"` : ''}><h2>${esc(s.title)}${s.status ? ` <span class="status">(${esc(s.status)})</span>` : ''}</h2>${s.blocks.map(block).join('\n')}</section>`).join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
    + `<title>${esc(doc.title)}</title><style>${CSS}</style></head><body><h1>${esc(doc.title)}</h1><p>${esc(doc.subtitle)}</p>\n${sections}\n</body></html>\n`;
}
