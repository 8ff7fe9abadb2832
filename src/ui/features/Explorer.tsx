/**
 * The feature explorer: pick a seed and a latent (typed, or from the gallery of thumbnails), and see it over the
 * p × p inputs beside its 2-D spectrum, its explained share per frequency, and its best match in every other seed
 * with that latent's heatmap and spectrum side by side.
 */
import { useEffect, useState } from 'react';
import { useLab } from '../../store/lab.ts';
import type { FeaturesSummary, LatentView } from '../../core/experiment/features.ts';
import { SpectrumHeatmap } from '../fourier/SpectrumHeatmap.tsx';
import { LatentFractions, LatentHeatmap } from './FeatureCharts.tsx';
import { Gallery } from './Gallery.tsx';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** One latent as two pictures: activation over (a, b) and its spectrum over (frequency in a, frequency in b). */
function LatentPair({ p, view, title, testId }: { p: number; view: LatentView; title: string; testId: string }) {
  return (
    <div className="features-row">
      <LatentHeatmap p={p} heatmap={view.heatmap} title={title} testId={`${testId}-heatmap`} />
      <SpectrumHeatmap p={p} spectrum={view.spectrum} title={`${title}: 2-D spectrum`} testId={`${testId}-spectrum`}
        filename={`${testId}-spectrum`} height={280} titleSize={13} />
    </div>
  );
}

export function Explorer({ summary: s }: { summary: FeaturesSummary }) {
  const { seedIndex, latent, order, detail } = useLab((st) => st.features);
  const inspectLatent = useLab((st) => st.inspectLatent);
  const setOrder = useLab((st) => st.setGalleryOrder);
  const [text, setText] = useState(String(latent));
  useEffect(() => setText(String(latent)), [latent]);
  const seed = Math.min(seedIndex, s.seeds.length - 1);
  const gallery = (order === 'stability' ? s.galleryByStability : s.galleryByFiring)[seed] ?? [];
  const pick = (sIdx: number, l: number) => {
    if (Number.isInteger(l) && l >= 0 && l < s.nLatents) inspectLatent(sIdx, l);
  };
  return (
    <div className="features-explorer">
      <div className="fourier-picker">
        <label>seed <select data-testid="features-seed" value={seed} onChange={(e) => pick(Number(e.target.value), latent)}>
          {s.seeds.map((sd, i) => <option key={sd} value={i}>{sd}</option>)}
        </select></label>
        <label>latent <input data-testid="features-latent-input" className="field-input" value={text} inputMode="numeric"
          onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && pick(seed, Number(text))}
          onBlur={() => pick(seed, Number(text))} /></label>
        <button type="button" data-testid="features-show" onClick={() => pick(seed, Number(text))}>show</button>
        <span className="fourier-picker-hint">0 – {s.nLatents - 1}</span>
        <label>gallery by <select data-testid="features-order" value={order} onChange={(e) => setOrder(e.target.value as 'firing' | 'stability')}>
          <option value="firing">firing rate</option>
          {s.families && <option value="stability">stability (min best-match cos)</option>}
        </select></label>
      </div>
      <Gallery summary={s} seedIndex={seed} latents={gallery} selected={detail?.seed === s.seeds[seed] ? detail.latent : null}
        onPick={(l) => pick(seed, l)} />
      {detail && (
        <div data-testid="features-detail" data-seed={detail.seed} data-latent={detail.latent}>
          <p className="stable-counts">
            <strong>seed {detail.seed}, latent {detail.latent}</strong>
            <span>fires on {pct(detail.firingRate)} of inputs</span>
            <span data-testid="features-detail-fourier" data-frequency={detail.fourierFrequency}>
              {detail.fourierFrequency > 0 ? `Fourier latent, k = ${detail.fourierFrequency}` : 'not a Fourier latent'}:
              pre-activation k = {detail.dominant} ({pct(detail.dominantFraction)})
            </span>
            <span title="the same spectrum of the activation after the gate: rectification moves energy to 2k, 3k, …">
              activation k = {detail.activationDominant} ({pct(detail.activationDominantFraction)})
            </span>
            {!Number.isNaN(detail.stability) && <span>min best-match cos {detail.stability.toFixed(3)}</span>}
          </p>
          <LatentPair p={s.p} view={detail} title={`seed ${detail.seed} · latent ${detail.latent}`} testId="features-latent" />
          <LatentFractions detail={detail} keys={s.keyFrequencies} threshold={s.threshold} />
          <div data-testid="features-matches">
            {detail.matches.map((m) => (
              <div key={m.seed} data-testid="features-match" data-seed={m.seed} data-latent={m.latent}>
                <LatentPair p={s.p} view={m} title={`seed ${m.seed} · latent ${m.latent} · cos ${m.cos.toFixed(3)}`} testId={`features-match-${m.seed}`} />
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
