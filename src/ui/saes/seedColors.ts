/** One colour per seed, the same in every SAE and stability chart (distinct on a projector, colour-blind aware). */
const PALETTE = [
  '#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777',
  '#4f46e5', '#65a30d', '#0d9488', '#c026d3', '#78716c', '#b45309', '#1e40af', '#be123c',
];

export const seedColor = (seedIndex: number): string => PALETTE[seedIndex % PALETTE.length];
