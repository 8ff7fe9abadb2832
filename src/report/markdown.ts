/** The report as Markdown for a repository, its figures as SVG files beside it (`<prefix>-<figure id>.svg`). */
import { renderSvg } from './chart.ts';
import type { Block, ReportDoc } from './model.ts';
import { cellText } from './model.ts';

export interface MarkdownReport {
  markdown: string;
  /** File name (relative to the Markdown file) → SVG text. */
  files: Record<string, string>;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * `prefix` names the SVG files; `inline` puts each figure in the Markdown itself as a data: URI instead (one file to
 * download from the page; `files` is then empty).
 */
export function renderMarkdown(doc: ReportDoc, prefix: string, inline = false): MarkdownReport {
  const files: Record<string, string> = {};
  const block = (b: Block): string => {
    switch (b.kind) {
      case 'text': return b.text;
      case 'subhead': return `### ${b.text}`;
      case 'list': return b.items.map((i) => `- ${i}`).join('\n');
      case 'code': return `**${b.caption}**\n\n\`\`\`json\n${b.text}\n\`\`\``;
      case 'notRun': return `> **Not run.** ${b.what}\n>\n> To run it: \`${b.command}\`${b.link ? ` — or ${b.link}` : ''}`;
      case 'figure': {
        const svg = renderSvg(b.chart);
        const name = inline ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg).replace(/\(/g, '%28').replace(/\)/g, '%29')}` : `${prefix}-${b.id}.svg`;
        if (!inline) files[name] = svg;
        return `![${b.caption}](${name})\n\n*${b.caption}*`;
      }
      case 'table': return `*${b.caption}*\n\n| ${b.head.map(cell).join(' | ')} |\n|${b.head.map(() => ' --- ').join('|')}|\n${b.rows.map((r) => `| ${r.map((c) => cell(cellText(c))).join(' | ')} |`).join('\n')}`;
    }
  };
  const parts = [`# ${doc.title}`, doc.subtitle];
  for (const s of doc.sections) parts.push(`## ${s.title}${s.status ? ` (${s.status})` : ''}`, ...s.blocks.map(block));
  return { markdown: `${parts.join('\n\n')}\n`, files };
}
