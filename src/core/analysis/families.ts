import type { LatentStability } from './stability.ts';

/**
 * Feature families across seeds: latents linked when each is the other's best match (by decoder |cos|) and that
 * match beats the chance threshold; a family is a connected group of such links. A family present in all N seeds is
 * a feature every seed found; a latent with no link is an orphan.
 */

export interface LatentRef {
  seed: number;
  latent: number;
}

export interface FeatureFamily {
  members: LatentRef[];
  /** Number of distinct seeds among the members. */
  seedCount: number;
  /** Mean |cos| over the family's links. */
  meanCos: number;
}

export interface FeatureFamilies {
  /** Families of two or more latents, largest seedCount first (then by meanCos). */
  families: FeatureFamily[];
  /** Latents with no mutual above-chance match in any other seed. */
  orphans: LatentRef[];
  /** familyCountBySeeds[s] = number of families spanning exactly s seeds (index 0, 1 unused). */
  familyCountBySeeds: number[];
}

export function featureFamilies(latents: LatentStability): FeatureFamilies {
  const { bestMatch, threshold } = latents;
  const N = bestMatch.length;
  const sizes = bestMatch.map((row) => row.find((m) => m !== null)?.index.length ?? 0);
  const offsets = sizes.map((_, s) => sizes.slice(0, s).reduce((a, b) => a + b, 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  const parent = Int32Array.from({ length: total }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const linkCos = new Float64Array(total); // summed over links, credited to the lower-index endpoint
  const linkCount = new Int32Array(total);
  for (let s = 0; s < N; s++) {
    for (let t = s + 1; t < N; t++) {
      const st = bestMatch[s][t];
      const ts = bestMatch[t][s];
      if (!st || !ts) continue;
      for (let i = 0; i < sizes[s]; i++) {
        const j = st.index[i];
        if (j < 0 || ts.index[j] !== i || st.cos[i] <= threshold[t] || ts.cos[j] <= threshold[s]) continue;
        const a = offsets[s] + i;
        parent[find(offsets[t] + j)] = find(a);
        linkCos[a] += st.cos[i];
        linkCount[a]++;
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let k = 0; k < total; k++) {
    const root = find(k);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(k);
  }
  const seedOf = (k: number) => {
    let s = 0;
    while (s + 1 < N && offsets[s + 1] <= k) s++;
    return s;
  };
  const ref = (k: number): LatentRef => ({ seed: seedOf(k), latent: k - offsets[seedOf(k)] });
  const families: FeatureFamily[] = [];
  const orphans: LatentRef[] = [];
  for (const members of groups.values()) {
    if (members.length === 1) {
      orphans.push(ref(members[0]));
      continue;
    }
    const cosSum = members.reduce((sum, k) => sum + linkCos[k], 0);
    const links = members.reduce((sum, k) => sum + linkCount[k], 0);
    const refs = members.map(ref);
    families.push({ members: refs, seedCount: new Set(refs.map((r) => r.seed)).size, meanCos: cosSum / links });
  }
  families.sort((x, y) => y.seedCount - x.seedCount || y.meanCos - x.meanCos);
  const familyCountBySeeds = new Array(N + 1).fill(0);
  for (const f of families) familyCountBySeeds[f.seedCount]++;
  return { families, orphans, familyCountBySeeds };
}
