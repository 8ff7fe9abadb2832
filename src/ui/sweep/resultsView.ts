/**
 * Sorting, filtering and pinning the results table (pure, so it is tested without a page). Pinned rows come first,
 * in the order pinned; the others follow, sorted by the chosen column; rows without the value sort last either way.
 */
import type { SweepRow } from '../../core/sweep/results.ts';

export type SortKey =
  | 'id' | 'fvu' | 'l0' | 'deadFraction' | 'pwmccMax' | 'pwmccMaxExcess' | 'pwmccOneToOneExcess' | 'sharedFractionExcess'
  | 'fourierShare' | 'stableFourier' | 'wallSeconds' | 'gainOverPlain' | 'gainOverSharedInit' | 'fvuPrice';

export interface ViewOptions {
  sort: SortKey;
  descending: boolean;
  /** Words that must all appear in the row's id or setting (case-insensitive). */
  filter: string;
  pinned: string[];
}

export const DEFAULT_VIEW: ViewOptions = { sort: 'id', descending: false, filter: '', pinned: [] };

export function sortValue(r: SweepRow, key: SortKey): number | string | null {
  switch (key) {
    case 'id': return r.id;
    case 'fvu': return r.fvu.mean;
    case 'l0': return r.l0.mean;
    case 'deadFraction': return r.deadFraction.mean;
    case 'pwmccMax': return r.pwmccMax.mean;
    case 'pwmccMaxExcess': return r.pwmccMax.excess;
    case 'pwmccOneToOneExcess': return r.pwmccOneToOne.excess;
    case 'sharedFractionExcess': return r.sharedFraction.excess;
    case 'fourierShare': return r.fourierShare.mean;
    case 'stableFourier': return r.stableFourierShare;
    case 'wallSeconds': return r.wallSeconds;
    case 'gainOverPlain': return r.stabiliser?.gainOverPlain ?? null;
    case 'gainOverSharedInit': return r.stabiliser?.gainOverSharedInit ?? null;
    case 'fvuPrice': return r.stabiliser?.fvuPrice ?? null;
  }
}

const matches = (r: SweepRow, words: string[]) => {
  const text = `${r.id} ${Object.entries(r.setting).map(([k, v]) => `${k}=${v}`).join(' ')}`.toLowerCase();
  return words.every((w) => text.includes(w));
};

export function viewRows(rows: SweepRow[], o: ViewOptions): SweepRow[] {
  const words = o.filter.toLowerCase().split(/\s+/).filter(Boolean);
  const pinned = o.pinned.map((id) => rows.find((r) => r.id === id)).filter((r): r is SweepRow => r !== undefined);
  const rest = rows.filter((r) => !o.pinned.includes(r.id) && matches(r, words));
  const sign = o.descending ? -1 : 1;
  rest.sort((a, b) => {
    const x = sortValue(a, o.sort);
    const y = sortValue(b, o.sort);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x < y ? -1 : x > y ? 1 : 0);
  });
  return [...pinned, ...rest];
}

export const togglePin = (o: ViewOptions, id: string): ViewOptions =>
  ({ ...o, pinned: o.pinned.includes(id) ? o.pinned.filter((p) => p !== id) : [...o.pinned, id] });

/** Clicking the sorted column flips the direction; another column sorts by it, ascending. */
export const sortBy = (o: ViewOptions, key: SortKey): ViewOptions =>
  (o.sort === key ? { ...o, descending: !o.descending } : { ...o, sort: key, descending: false });
