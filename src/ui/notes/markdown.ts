/**
 * A small markdown reader for notes: headings, paragraphs, emphasis, code, lists, quotes, rules and links. It
 * builds a tree that Markdown.tsx turns into React elements, so nothing in a note is ever parsed as HTML: `<script>`
 * stays text. Links keep only http(s) and mailto addresses; anything else (javascript:, data:, relative) is shown as
 * the text the user typed. Inline constructs look at most MAX_SPAN characters ahead, so no note can make the
 * reader slow (a 100,000-character note reads in linear time).
 */
export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'em' | 'strong'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] };

export type Block =
  | { t: 'heading'; level: number; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'code'; v: string }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; start: number; items: Inline[][] }
  | { t: 'quote'; c: Block[] }
  | { t: 'hr' };

const MAX_SPAN = 2000;
const MAX_DEPTH = 6;

/** The address a link may point at, or null: http(s) with a host, or mailto; no whitespace or control characters. */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  if (url.length === 0 || url.length > MAX_SPAN || /[\s\u0000-\u001f\u007f]/.test(url)) return null;
  if (/^https?:\/\/[^/?#]/i.test(url) || /^mailto:[^/]/i.test(url)) return url;
  return null;
}

function closing(s: string, token: string, from: number): number {
  const at = s.slice(from, from + MAX_SPAN).indexOf(token);
  return at < 0 ? -1 : from + at;
}

/** `[label](url)` starting at s[i] === '[': the parts and where it ends, or null. */
function linkAt(s: string, i: number): { label: string; url: string; end: number } | null {
  const close = closing(s, '](', i + 1);
  if (close < 0) return null;
  let depth = 0;
  for (let j = close + 2; j < Math.min(s.length, close + 2 + MAX_SPAN); j++) {
    if (s[j] === '(') depth++;
    else if (s[j] === ')' && depth-- === 0) return { label: s.slice(i + 1, close), url: s.slice(close + 2, j), end: j + 1 };
  }
  return null;
}

export function parseInline(s: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && /[\\`*_[\]()#+\-.!>]/.test(s[i + 1])) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = closing(s, '`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ t: 'code', v: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if ((c === '*' || c === '_') && depth < MAX_DEPTH) {
      const token = s[i + 1] === c ? c + c : c;
      const end = closing(s, token, i + token.length);
      // CommonMark's flanking rules, simplified: no space inside the delimiters, and _ never inside a word.
      const word = /[\p{L}\p{N}]/u;
      const flanked = end > i + token.length && !/\s/.test(s[i + token.length]) && !/\s/.test(s[end - 1]) &&
        (c === '*' || (!word.test(s[i - 1] ?? '') && !word.test(s[end + token.length] ?? '')));
      if (flanked) {
        flush();
        out.push({ t: token.length === 2 ? 'strong' : 'em', c: parseInline(s.slice(i + token.length, end), depth + 1) });
        i = end + token.length;
        continue;
      }
      text += token; // a delimiter run that opens nothing is text as a whole
      i += token.length;
      continue;
    }
    if (c === '[' && depth < MAX_DEPTH) {
      const link = linkAt(s, i);
      const href = link && safeHref(link.url.replace(/\s+"[^"]*"\s*$/, ''));
      if (link && href) {
        flush();
        out.push({ t: 'link', href, c: parseInline(link.label, depth + 1) });
        i = link.end;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])( *\1){2,} *$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const FENCE = /^ {0,3}(```|~~~)/;

export function parseMarkdown(source: string, depth = 0): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | null = null;
  const endPara = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join(' ')) });
    para = [];
  };
  const endList = () => {
    if (list) {
      const items = list.items.map((x) => parseInline(x));
      blocks.push(list.ordered ? { t: 'ol', start: list.start, items } : { t: 'ul', items });
    }
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      endPara(), endList();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) body.push(lines[i]);
      blocks.push({ t: 'code', v: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      endPara(), endList();
      continue;
    }
    if (/^ {0,3}>/.test(line) && depth < MAX_DEPTH) {
      endPara(), endList();
      const quoted: string[] = [];
      for (; i < lines.length && /^ {0,3}>/.test(lines[i]); i++) quoted.push(lines[i].replace(/^ {0,3}> ?/, ''));
      i--;
      blocks.push({ t: 'quote', c: parseMarkdown(quoted.join('\n'), depth + 1) });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endPara(), endList();
      blocks.push({ t: 'heading', level: heading[1].length, c: parseInline(heading[2]) });
      continue;
    }
    if (RULE.test(line)) {
      endPara(), endList();
      blocks.push({ t: 'hr' });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet || numbered) {
      endPara();
      const ordered = !bullet;
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push(bullet ? bullet[1] : numbered![2]);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`; // an indented line continues the item
      continue;
    }
    endList();
    para.push(line.trim());
  }
  endPara(), endList();
  return blocks;
}
