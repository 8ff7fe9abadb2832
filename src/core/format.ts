/**
 * Number formats shared by the page, the CLI tables and the reports: three decimals, a true minus sign, a dash for a
 * number that is missing or not finite (a verdict never prints NaN).
 */
export const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

/** A difference with its sign: +0.123, −0.045. */
export const signed = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
