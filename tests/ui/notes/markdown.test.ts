import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../../src/ui/notes/Markdown.tsx';
import { parseInline, parseMarkdown, safeHref } from '../../../src/ui/notes/markdown.ts';

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

/** Every tag in the markup with its attribute names (renderToStaticMarkup writes plain, quoted attributes). */
function tags(markup: string): { name: string; attrs: string[]; raw: string }[] {
  return [...markup.matchAll(/<([a-zA-Z0-9]+)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1].toLowerCase(), raw: m[0], attrs: [...m[2].matchAll(/\s+([^\s=>]+)(?:="[^"]*")?/g)].map((a) => a[1].toLowerCase()),
  }));
}

const ALLOWED_TAGS = ['div', 'h3', 'h4', 'h5', 'h6', 'p', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'blockquote', 'hr'];
const ALLOWED_ATTRS = ['class', 'href', 'target', 'rel', 'start'];

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">x</div>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1) )',
  '[click](java\tscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '[click](//evil.example/x)',
  '[click](https://ok.example/"onmouseover="alert(1))',
  '**<b onclick=alert(1)>bold</b>**',
  '`<script>alert(1)</script>`',
  '```\n<script>alert(1)</script>\n```',
  '# <h1 onclick=alert(1)>title</h1>',
  '- <li onclick=alert(1)>item</li>',
  '> <blockquote onclick=alert(1)>q</blockquote>',
  '[**nested [link](javascript:x)**](https://ok.example)',
];

describe('note markdown', () => {
  it('reads headings, paragraphs, emphasis, code, lists, quotes and links', () => {
    const blocks = parseMarkdown('# Plan\n\nTry **k = 8** and *seeds*,\nthen `npm test`.\n\n- one\n- two\n  continued\n\n3. three\n4. four\n\n> quoted\n\n---\n\n```\ncode <b>\n```');
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'p', 'ul', 'ol', 'quote', 'hr', 'code']);
    expect(blocks[1]).toEqual({ t: 'p', c: [
      { t: 'text', v: 'Try ' }, { t: 'strong', c: [{ t: 'text', v: 'k = 8' }] }, { t: 'text', v: ' and ' },
      { t: 'em', c: [{ t: 'text', v: 'seeds' }] }, { t: 'text', v: ', then ' }, { t: 'code', v: 'npm test' }, { t: 'text', v: '.' },
    ] });
    expect(blocks[2]).toEqual({ t: 'ul', items: [[{ t: 'text', v: 'one' }], [{ t: 'text', v: 'two continued' }]] });
    expect(blocks[3]).toMatchObject({ t: 'ol', start: 3 });
    expect(html('[SAELens](https://github.com/jbloomAus/SAELens) or [mail](mailto:a@b.org)')).toBe(
      '<div class="markdown"><p><a href="https://github.com/jbloomAus/SAELens" target="_blank" rel="noopener noreferrer">SAELens</a>' +
      ' or <a href="mailto:a@b.org" target="_blank" rel="noopener noreferrer">mail</a></p></div>');
  });

  it('leaves underscores inside words and delimiters next to spaces alone', () => {
    expect(parseInline('snake_case_name and a.__b = 1 then c.__d')).toEqual([{ t: 'text', v: 'snake_case_name and a.__b = 1 then c.__d' }]);
    expect(parseInline('2 * 3 * 4')).toEqual([{ t: 'text', v: '2 * 3 * 4' }]);
    expect(parseInline('_a_ and **b**')).toEqual([{ t: 'em', c: [{ t: 'text', v: 'a' }] }, { t: 'text', v: ' and ' }, { t: 'strong', c: [{ t: 'text', v: 'b' }] }]);
  });

  it('keeps only http(s) and mailto link targets', () => {
    expect(safeHref('https://example.org/a?b#c')).toBe('https://example.org/a?b#c');
    expect(safeHref('mailto:x@y.z')).toBe('mailto:x@y.z');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:x', 'java\nscript:x', 'data:text/html,x', '/relative', '//host/x', 'https:/x', 'file:///etc/passwd', '']) {
      expect(safeHref(bad)).toBeNull();
    }
    expect(parseInline('[x](javascript:alert(1))')).toEqual([{ t: 'text', v: '[x](javascript:alert(1))' }]);
  });

  it.each(HOSTILE)('renders %j as text: only the reader\'s own tags and attributes, only safe hrefs, nothing typed lost', (source) => {
    const markup = html(source);
    for (const tag of tags(markup)) {
      expect(ALLOWED_TAGS).toContain(tag.name);
      for (const attr of tag.attrs) expect(ALLOWED_ATTRS).toContain(attr);
    }
    const hrefs = [...markup.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/[^/]|mailto:)/);
    const visible = hrefs.join(' ') + markup.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
    const typed = source.replace(/[*`#>\-\n]/g, '');
    for (const word of ['alert(1)', 'script', 'onerror', 'onclick', 'onload'].filter((w) => typed.includes(w))) expect(visible).toContain(word);
  });

  it('reads 100,000-character notes of unclosed constructs, keeping every character (the scan looks a bounded span ahead)', () => {
    const textOf = (nodes: ReturnType<typeof parseInline>): string =>
      nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.v : textOf(n.c))).join('');
    for (const unit of ['[', '*', '`', '_x', '[a](', '**a']) {
      const source = unit.repeat(Math.floor(100_000 / unit.length));
      const [block] = parseMarkdown(source);
      expect(block.t).toBe(({ '*': 'hr', '`': 'code' } as Record<string, string>)[unit] ?? 'p'); // a row of * is a rule, of ` a fence
      if (unit === '[' || unit === '[a](') expect(block.t === 'p' && textOf(block.c)).toBe(source);
    }
  });

  it('the notes UI never hands HTML to React', () => {
    const dir = join(__dirname, '../../../src/ui/notes');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/dangerouslySetInnerHTML|innerHTML|insertAdjacentHTML/);
  });
});
