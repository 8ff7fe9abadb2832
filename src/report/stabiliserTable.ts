/** Question 5's table from a stabiliser comparison (stabilise.json of `npm run stabilise`, or the page's Stabilise section). */
import type { Comparison } from '../core/stabilise/controls.ts';
import { againstSentence, comparisonCells } from '../core/stabilise/table.ts';
import type { ExternalTable } from './model.ts';

export const stabiliserTable = (c: Comparison, command: string): ExternalTable =>
  ({ ...comparisonCells(c), answer: `${c.answer} ${againstSentence(c)}`, command });
