/**
 * Notebook section 5: what the SAE latents are. Computed in the worker once an SAE run ends: the share of latents
 * that are Fourier features (token space, SCIENCE.md §2) beside the untrained SAEs; an explorer of single latents
 * with their best matches in the other seeds; feature families across seeds.
 */
import { useEffect, useState } from 'react';
import { useLab } from '../../store/lab.ts';
import type { FeaturesSummary } from '../../worker/featuresRun.ts';
import { Section } from '../Section.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { LatentFractions, LatentHeatmap, ShareChart } from './FeatureCharts.tsx';
import { FeaturesDownloads } from '../files/SectionDownloads.tsx';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function ShareTable({ summary: s }: { summary: FeaturesSummary }) {
  return (
    <table className="seed-table" data-testid="features-share-table">
      <thead>
        <tr><th>seed</th><th title="latents with any variation over the inputs">live</th><th>Fourier</th><th>share</th>
          <th title="share of Fourier latents on a key frequency of the transformer">on key k</th><th>untrained share</th><th>frequencies</th></tr>
      </thead>
      <tbody>
        {s.trained.map((r, i) => (
          <tr key={r.seed}>
            <td>{r.seed}</td><td>{r.nLive}</td><td>{r.nFourier}</td><td>{pct(r.share)}</td><td>{pct(r.keyAlignedShare)}</td>
            <td>{s.initial[i] ? pct(s.initial[i].share) : '–'}</td><td>{r.frequencies.join(', ') || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Families({ summary: s }: { summary: FeaturesSummary }) {
  const f = s.families;
  if (!f) return <p className="cell-purpose">Feature families need two or more seeds.</p>;
  const spans = f.countBySeeds.map((c, k) => ({ c, k })).filter(({ k }) => k >= 2);
  return (
    <p className="stable-counts" data-testid="features-families">
      <strong>{f.total} families</strong>
      {spans.map(({ c, k }) => <span key={k}>{c} across {k} of {s.seeds.length} seeds</span>)}
      <span>{f.fourier} are Fourier features</span>
      <span>{f.orphans} orphan latents</span>
    </p>
  );
}

function Explorer({ summary: s }: { summary: FeaturesSummary }) {
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
      <div className="features-gallery" data-testid="features-gallery">
        {gallery.map((l) => (
          <button key={l} type="button" className={l === latent && detail?.seed === s.seeds[seed] ? 'link active' : 'link'} onClick={() => pick(seed, l)}>{l}</button>
        ))}
      </div>
      {detail && (
        <div data-testid="features-detail" data-seed={detail.seed} data-latent={detail.latent}>
          <p className="stable-counts">
            <strong>seed {detail.seed}, latent {detail.latent}</strong>
            <span>fires on {pct(detail.firingRate)} of inputs</span>
            <span>dominant k = {detail.dominant} ({pct(detail.dominantFraction)})</span>
            {!Number.isNaN(detail.stability) && <span>min best-match cos {detail.stability.toFixed(3)}</span>}
          </p>
          <div className="features-row">
            <LatentHeatmap p={s.p} heatmap={detail.heatmap} title={`seed ${detail.seed} · latent ${detail.latent}`} testId="features-latent-heatmap" />
            <LatentFractions detail={detail} keys={s.keyFrequencies} threshold={s.threshold} />
          </div>
          <div className="features-row" data-testid="features-matches">
            {detail.matches.map((m) => (
              <div key={m.seed} data-testid="features-match" data-seed={m.seed}>
                <LatentHeatmap p={s.p} heatmap={m.heatmap} title={`seed ${m.seed} · latent ${m.latent} · cos ${m.cos.toFixed(3)}`} testId={`features-match-${m.seed}`} />
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

export function FeaturesSection() {
  const saes = useLab((st) => st.saes);
  const features = useLab((st) => st.features);
  const current = features.runId === saes.runId ? features : null;
  const summary = current?.summary ?? null;
  let chip: ChipStatus = 'idle';
  let detail: string | null = 'train SAEs in section 2; the features are analysed when the run ends';
  if (current?.error) [chip, detail] = ['error', current.error];
  else if (summary) [chip, detail] = ['done', null];
  else if (saes.status === 'done') [chip, detail] = ['running', 'analysing the latents…'];
  else if (saes.status === 'running' || saes.status === 'paused') detail = 'waiting for the SAE run to end';
  return (
    <Section id="features" index={5} title="SAE features" status={chip} statusDetail={detail}
      purpose="Are the SAE latents Fourier features, which ones recur across seeds, and what does each look like over the inputs?">
      {summary && (
        <>
          <h3>Fourier overlap (token space)</h3>
          <ShareTable summary={summary} />
          <ShareChart summary={summary} />
          <p className="cell-purpose">
            A latent is a Fourier feature when one frequency explains ≥ {summary.threshold} of its activation over all p² inputs; transformer
            key frequencies: {summary.keyFrequencies.join(', ') || 'none'}. Caveat: a rectified latent that is a clean function of one frequency
            keeps only ~0.84 of its energy there (the rest at 2k), so it can fall below the threshold (docs/metrics.md).
          </p>
          <h3>Feature explorer</h3>
          <Explorer summary={summary} />
          <h3>Feature families</h3>
          <Families summary={summary} />
          <FeaturesDownloads />
        </>
      )}
    </Section>
  );
}
