/**
 * The tables of docs/links.md, generated from the field tables and the hide keys, so the documented bounds are
 * the enforced ones (tests/share/docs.test.ts fails when the page drifts; `npx tsx scripts/links-doc.ts` prints
 * them).
 */
import type { Field, FieldTable } from '../core/spec/fields.ts';
import { saeFields } from '../core/spec/sae.ts';
import { stabiliserFields } from '../core/stabilise/spec.ts';
import { transformerFields } from '../core/spec/transformer.ts';
import { hideGroups, pageControls } from './hide.ts';

/** 200000 → "200,000"; 2³¹ − 1 by name; 0.000001 → "1e-6". */
function number(x: number): string {
  if (x === 2 ** 31 - 1) return '2³¹ − 1';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return x < 1e-3 ? x.toExponential() : String(x);
}

function bounds(f: Field): string {
  switch (f.kind) {
    case 'int':
      return `${number(f.min)} – ${number(f.max)}, integer`;
    case 'float':
      return `${number(f.min)} – ${number(f.max)}`;
    case 'choice':
      return f.options.map((o) => `\`${o}\``).join(' / ');
    case 'intList':
      return `${f.minLength} – ${f.maxLength} distinct integers in ${number(f.min)} – ${number(f.max)}`;
  }
}

function boundsRows<T>(part: string, table: FieldTable<T>): string[] {
  return (Object.entries(table) as [string, Field][]).map(([key, f]) => `| \`${part}.${key}\` | ${bounds(f)} |`);
}

/** Every field a link can set, with its bounds. */
export function boundsTable(): string {
  return [
    '| field | bounds |', '| --- | --- |', ...boundsRows('transformer', transformerFields), ...boundsRows('saes', saeFields),
    ...boundsRows('stabilise.methods[]', stabiliserFields),
  ].join('\n');
}

/** Every hide key a link can carry. */
export function hideTable(): string {
  const rows = [
    ...Object.entries(hideGroups).map(([key, g]) => `| \`${key}\` | ${g.label}: ${g.members.map((m) => `\`${m}\``).join(', ')} |`),
    ...Object.entries(pageControls).map(([key, label]) => `| \`${key}\` | ${label} |`),
    '| `transformer.<field>`, `saes.<field>` | that one control (any field of the table above) |',
  ];
  return ['| key | hides |', '| --- | --- |', ...rows].join('\n');
}
