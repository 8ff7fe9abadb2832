/**
 * A note's markdown as React elements (markdown.ts reads it). Text goes in as text — React escapes it — and no
 * element here takes HTML from the note, so script or markup in a note shows as the characters typed.
 */
import { type ReactNode, useMemo } from 'react';
import { type Block, type Inline, parseMarkdown } from './markdown.ts';

function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text': return n.v;
      case 'code': return <code key={i}>{n.v}</code>;
      case 'em': return <em key={i}>{inline(n.c)}</em>;
      case 'strong': return <strong key={i}>{inline(n.c)}</strong>;
      case 'link': return <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">{inline(n.c)}</a>;
    }
  });
}

/** Note headings sit below the section headings (h2): # is h3, ## is h4, deeper ones h5–h6. */
const HEADINGS = ['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const;

function block(b: Block, i: number): ReactNode {
  switch (b.t) {
    case 'heading': {
      const Tag = HEADINGS[b.level - 1];
      return <Tag key={i}>{inline(b.c)}</Tag>;
    }
    case 'p': return <p key={i}>{inline(b.c)}</p>;
    case 'code': return <pre key={i}><code>{b.v}</code></pre>;
    case 'ul': return <ul key={i}>{b.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ul>;
    case 'ol': return <ol key={i} start={b.start}>{b.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ol>;
    case 'quote': return <blockquote key={i}>{b.c.map(block)}</blockquote>;
    case 'hr': return <hr key={i} />;
  }
}

export function Markdown({ source, testId }: { source: string; testId?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <div className="markdown" data-testid={testId}>{blocks.map(block)}</div>;
}
