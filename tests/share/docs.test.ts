import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_WORKING_FLOATS } from '../../src/core/spec/budget.ts';
import { boundsTable, hideTable } from '../../src/share/docsTables.ts';
import { MAX_FRAGMENT_CHARS, MAX_JSON_BYTES } from '../../src/share/link.ts';

const page = readFileSync(new URL('../../docs/links.md', import.meta.url), 'utf8');
const grouped = (n: number) => n.toLocaleString('en-US');

describe('docs/links.md', () => {
  it('shows the bounds the field tables enforce and every hide key (regenerate: npx tsx scripts/links-doc.ts)', () => {
    expect(page).toContain(boundsTable());
    expect(page).toContain(hideTable());
  });

  it('states the limits the link reader and the memory budget apply', () => {
    expect(page).toContain(`at most ${grouped(MAX_FRAGMENT_CHARS)} characters`);
    expect(page).toContain(`${grouped(MAX_JSON_BYTES)} bytes`);
    expect(page).toContain(`refuses specs above **${(MAX_WORKING_FLOATS * 4) / 2 ** 30} GiB**`);
  });
});
