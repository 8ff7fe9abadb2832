/** The largest rounding error of x stored as float16 (half an ulp, relative 2^-11; absolute 2^-25 among subnormals). */
export const halfPrecision = (x: number): number => Math.max(Math.abs(x) * 2 ** -11, 2 ** -25);
