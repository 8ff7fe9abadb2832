import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../src/core/io/csv.ts';

/** An independent RFC 4180 reader, character by character, to check what the writer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('CSV writer', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces, doubling inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
  });

  it('round-trips hostile strings and numbers through an independent reader', () => {
    const hostile = ['=cmd|"/c calc"!A1', 'a,"b",c', '\r\n', '"', '', 'tab\there', 'ünïcödé, “quotes”', ' lead', 'trail '];
    const rows = hostile.map((s, i) => [i, s, i / 3]);
    const parsed = parseCsv(toCsv({ columns: ['i', 'text', 'x'], rows }));
    expect(parsed[0]).toEqual(['i', 'text', 'x']);
    expect(parsed.slice(1)).toEqual(rows.map(([i, s, x]) => [String(i), s, String(x)]));
    expect(Number(parsed[2][2])).toBe(1 / 3); // full precision
  });

  it('writes non-finite numbers by name and rejects ragged rows', () => {
    expect(parseCsv(toCsv({ columns: ['a', 'b', 'c'], rows: [[NaN, Infinity, -Infinity]] }))[1]).toEqual(['NaN', 'Infinity', '-Infinity']);
    expect(() => toCsv({ columns: ['a', 'b'], rows: [[1]] })).toThrow(/row 1 has 1 fields/);
  });
});
