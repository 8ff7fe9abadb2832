/** Viridis at five stops, interpolated to 256 RGB entries: the colour scale of the page's heatmaps and thumbnails. */
const VIRIDIS_STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

export const VIRIDIS: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let v = 0; v < 256; v++) {
    const x = (v / 255) * (VIRIDIS_STOPS.length - 1);
    const i = Math.min(Math.floor(x), VIRIDIS_STOPS.length - 2);
    for (let c = 0; c < 3; c++) lut[v * 3 + c] = Math.round(VIRIDIS_STOPS[i][c] + (x - i) * (VIRIDIS_STOPS[i + 1][c] - VIRIDIS_STOPS[i][c]));
  }
  return lut;
})();
