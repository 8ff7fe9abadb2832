/**
 * Notebook section 3: do SAEs trained with different seeds learn the same latents? Three measures as N × N heatmaps
 * and means, each beside every null and the untrained SAEs; a verdict in words against the strongest null; the
 * activations' dimensionality; per-latent stability. All computed in the worker: max-cosine form against isotropic
 * chance live during SAE training, all three forms beside every null when it ends.
 */
import { useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import { stabilityVerdict, unitsText } from '../../store/stabilityVerdict.ts';
import { Section } from '../Section.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { useSaeStaleReason } from '../saes/SaeSection.tsx';
import { MeasureCard } from './MeasureCard.tsx';
import { MEASURES, nullReferences, statOf } from './measures.ts';
import { ActivationsLine, NullsTable } from './NullsTable.tsx';
import { BestMatchChart, LiveChart, MeansChart, StableLatentsChart } from './StabilityCharts.tsx';
import { StabilityExport } from './StabilityExport.tsx';
import { StabilityDownloads } from '../files/SectionDownloads.tsx';
import { OpenedCellNote } from '../sweep/OpenedCellNote.tsx';

function useChip(): { chip: ChipStatus; detail: string | null } {
  const saes = useLab((s) => s.saes);
  const stability = useLab((s) => s.stability);
  const stale = useSaeStaleReason();
  if (!saes.runSpec) return { chip: 'idle', detail: 'train SAEs with two or more seeds in section 2' };
  if (saes.runSpec.seeds.length < 2) return { chip: 'idle', detail: 'stability needs at least two seeds' };
  if (stability.error) return { chip: 'error', detail: stability.error };
  if (saes.status === 'error') return { chip: 'error', detail: 'the SAE run failed' };
  if (stale) return { chip: 'stale', detail: `${stale} — train the SAEs again` };
  if (saes.status === 'running') return { chip: 'running', detail: 'live: max-cosine form against isotropic chance while the SAEs train; all three forms and every null at the end' };
  if (saes.status === 'paused') return { chip: 'paused', detail: 'SAE training paused' };
  if (saes.status === 'done' && (!stability.report || stability.computing)) return { chip: 'running', detail: 'computing all three forms and the nulls…' };
  return { chip: saes.status === 'done' ? 'done' : 'idle', detail: null };
}

function ThresholdControl() {
  const value = useLab((s) => s.stability.sharedThreshold);
  const setSharedThreshold = useLab((s) => s.setSharedThreshold);
  return (
    <label className="threshold" title="signed-cosine threshold of the shared-latent fraction (Paulo & Belrose use 0.7)">
      <span>shared-latent threshold</span>
      <input type="range" min={0.3} max={0.95} step={0.05} value={value} data-testid="stability-threshold"
        onChange={(e) => setSharedThreshold(Number(e.target.value))} />
      <strong data-testid="stability-threshold-value">{value.toFixed(2)}</strong>
    </label>
  );
}

function Verdict() {
  const { latest, baseline, initial, report } = useLab((s) => s.stability);
  const verdict = useMemo(() => stabilityVerdict(latest, baseline, initial, report), [latest, baseline, initial, report]);
  if (!verdict) {
    const text = baseline ? 'waiting for the first analysis of the training SAEs…' : 'no SAEs to compare yet';
    return <div className="verdict verdict-pending" data-testid="stability-verdict" data-kind="pending">{text}</div>;
  }
  return (
    <div className={`verdict verdict-${verdict.kind}`} data-testid="stability-verdict" data-kind={verdict.kind} data-against={verdict.against}
      data-isotropic-only={verdict.isotropicOnly}>
      <strong>{verdict.headline}</strong>
      <span>{verdict.detail}</span>
      <span className="verdict-scale" data-testid="stability-verdict-scale">
        Yardstick: {verdict.isotropicOnly ? 'isotropic chance (the only null during training)' : `the strongest null, ${verdict.label}`}; one seed pair
        under it varies by ± {verdict.scale.spread.toFixed(3)}, a pair beats it above +{verdict.scale.margin.toFixed(3)}
        {verdict.scale.units !== null ? `; the trained SAEs are ${verdict.gap >= 0 ? '+' : '−'}${Math.abs(verdict.gap).toFixed(3)}, ${unitsText(verdict.scale.units)} × that spread` : ''}.
      </span>
    </div>
  );
}

function StableCounts() {
  const latest = useLab((s) => s.stability.latest);
  const baseline = useLab((s) => s.stability.baseline);
  const report = useLab((s) => s.stability.report);
  if (!latest) return null;
  const { perSeed, threshold, n } = latest.stableLatents;
  const against = latest.phase === 'final' ? report?.verdict?.against : undefined;
  const strong = against && against !== 'isotropic' ? report?.nulls?.[against] : undefined;
  return (
    <div className="stable-counts-block">
      <p className="stable-counts" data-testid="stability-stable-counts">
        <strong>Stable latents</strong> (best match above isotropic chance's p &lt; 0.01 level {threshold.toFixed(3)} in all {latest.seeds.length - 1} other
        seeds{baseline ? `; d = ${baseline.d}, n = ${baseline.n}` : ''}):{' '}
        {latest.seeds.map((seed, i) => (
          <span key={seed} className="stable-count" data-testid={`stability-stable-${seed}`} data-value={perSeed[i]}>seed {seed}: {perSeed[i]} / {n}</span>
        ))}
      </p>
      {strong && (
        <p className="stable-counts" data-testid="stability-stable-counts-strongest" data-against={against}>
          <strong>Against the strongest null</strong> ({strong.label}: its p &lt; 0.01 level {strong.bestMatchThreshold.toFixed(3)}, simulated):{' '}
          {latest.seeds.map((seed, i) => (
            <span key={seed} className="stable-count" data-testid={`stability-stable-strongest-${seed}`} data-value={strong.stableLatents[i]}>
              seed {seed}: {strong.stableLatents[i]} / {n}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

const NO_SEEDS: number[] = [];

export function StabilitySection() {
  const { chip, detail } = useChip();
  const seedCount = useLab((s) => s.saes.runSpec?.seeds.length ?? 0);

  return (
    <Section
      id="stability"
      index={3}
      title="Stability across seeds"
      purpose="Do SAEs trained with different seeds find the same latents — more than the shape of their data alone explains? Every number is shown beside random dictionaries of the same size (isotropic chance) and beside nulls that respect where the activations lie."
      status={chip}
      statusDetail={detail}
    >
      <OpenedCellNote section="stability" />
      {seedCount < 2 ? (
        <p className="empty-note" data-testid="stability-empty">
          Train SAEs with two or more seeds in section 2. This section then compares every pair of seeds with three
          measures — PWMCC (max-cosine form), PW-MCC (one-to-one form) and the shared-latent fraction — as N × N
          heatmaps and means, each beside random dictionaries of the same size, nulls that respect the activations'
          subspace, and the untrained SAEs, live while they train; then which latents are stable across all seeds.
        </p>
      ) : (
        <StabilityResults />
      )}
    </Section>
  );
}

/** Everything the section shows once an SAE run with two or more seeds exists. */
function StabilityResults() {
  const { latest, initial, baseline, history, sharedThreshold, report, activations } = useLab((s) => s.stability);
  const seeds = useLab((s) => s.stability.latest?.seeds ?? s.stability.initial?.seeds ?? NO_SEEDS);
  const totalSteps = useLab((s) => s.saes.info?.totalSteps);
  const shown = latest ?? null;
  // The final report's nulls belong to the final snapshot; during training only isotropic chance applies.
  const finalReport = latest?.phase === 'final' ? report : null;
  const references = useMemo(() => MEASURES.map((m) => nullReferences(m.key, baseline, initial, finalReport)), [baseline, initial, finalReport]);
  const pending = (key: string) => (!baseline ? 'waiting for the SAE run to start' : key === 'pwmccMax' ? 'after the first evaluations' : 'computed when SAE training ends');

  return (
    <>
      <Verdict />
      <ActivationsLine activations={activations} />
      <div className="stability-tools">
        <ThresholdControl />
        <StabilityExport />
        <StabilityDownloads />
      </div>
      <div className="measures">
        {MEASURES.map((m, k) => (
          <MeasureCard key={m.key} measure={m} stat={statOf(shown, m.key)} references={references[k]} untrained={statOf(initial, m.key)}
            seeds={seeds} sharedThreshold={sharedThreshold} pending={pending(m.key)} />
        ))}
      </div>
      <NullsTable report={finalReport} latest={shown} initial={initial} />
      <div className="charts">
        <MeansChart latest={shown} initial={initial} references={references} />
        <LiveChart history={history} baseline={baseline} totalSteps={totalSteps} />
      </div>
      <StableCounts />
      <div className="charts">
        <StableLatentsChart snapshot={shown} />
        <BestMatchChart snapshot={shown} baseline={baseline} report={finalReport} />
      </div>
    </>
  );
}
