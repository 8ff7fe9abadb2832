/**
 * Notebook section 5: what the SAE latents are. Computed in the worker once an SAE run ends: the share of latents
 * that are Fourier features (token space, SCIENCE.md §2) beside the untrained SAEs and the plan's flawed metric
 * (labelled); whether the stable latents are the Fourier ones; an explorer of single latents with their best matches
 * in the other seeds; feature families across seeds; the numbers as JSON.
 */
import { FLAWED_PLAN_OVERLAP_REASON } from '../../core/analysis/latentFourier.ts';
import { useLab } from '../../store/lab.ts';
import type { FeaturesSummary } from '../../core/experiment/features.ts';
import { Section } from '../Section.tsx';
import { OpenedCellNote } from '../sweep/OpenedCellNote.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { Explorer } from './Explorer.tsx';
import { ShareChart } from './FeatureCharts.tsx';
import { FeaturesExport } from './FeaturesExport.tsx';
import { StableFourierTable } from './StableFourierTable.tsx';
import { FeaturesDownloads } from '../files/SectionDownloads.tsx';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function ShareTable({ summary: s }: { summary: FeaturesSummary }) {
  const flawed = s.flawedPlanOverlap;
  const flawedTitle = `the research plan's metric, FLAWED: ${FLAWED_PLAN_OVERLAP_REASON}`;
  return (
    <>
      <table className="seed-table" data-testid="features-share-table">
        <thead>
          <tr><th>seed</th><th title="latents with any variation over the inputs">live</th><th>Fourier</th><th>share</th>
            <th title="share of Fourier latents on a key frequency of the transformer">on key k</th><th>untrained share</th><th>frequencies</th>
            {flawed && <th title={flawedTitle}>plan's overlap (flawed)</th>}
            {flawed && <th title={flawedTitle}>flawed, untrained</th>}</tr>
        </thead>
        <tbody>
          {s.trained.map((r, i) => (
            <tr key={r.seed}>
              <td>{r.seed}</td><td>{r.nLive}</td><td>{r.nFourier}</td><td>{pct(r.share)}</td><td>{pct(r.keyAlignedShare)}</td>
              <td>{s.initial[i] ? pct(s.initial[i].share) : '–'}</td><td>{r.frequencies.join(', ') || '–'}</td>
              {flawed && <td data-testid={`features-flawed-${r.seed}`} data-value={flawed.trained[i]}>{flawed.trained[i].toFixed(3)}</td>}
              {flawed && <td data-testid={`features-flawed-initial-${r.seed}`} data-value={flawed.initial[i]}>{flawed.initial[i]?.toFixed(3) ?? '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="features-flawed" data-testid="features-flawed-note">
        <strong>The plan's "Fourier overlap" is flawed</strong> (shown only to compare; the sound number is the share): {FLAWED_PLAN_OVERLAP_REASON}.
        {flawed ? ' It is the mean best |cos| of each decoder direction\'s first p coordinates with a DFT row; compare it with the untrained SAEs\' value beside it.' : ' Not computed here: d < p.'}
      </p>
    </>
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
      purpose="Are the SAE latents Fourier features, are the stable ones the Fourier ones, which recur across seeds, and what does each look like over the inputs?">
      <OpenedCellNote section="features" />
      {summary && (
        <>
          <h3>Fourier overlap (token space)</h3>
          <ShareTable summary={summary} />
          <ShareChart summary={summary} />
          <p className="cell-purpose">
            A latent is a Fourier feature when it fires and one frequency explains ≥ {summary.threshold} of its pre-activation (before the
            ReLU / TopK gate, linear in the activations) over all p² inputs; transformer key frequencies: {summary.keyFrequencies.join(', ') || 'none'}.
            The activation itself is not judged: the gate moves a clean wave's energy to 2k, 3k, … (docs/metrics.md).
          </p>
          <h3>Are the stable latents the Fourier ones?</h3>
          <StableFourierTable report={summary.stableFourier} />
          <h3>Feature explorer</h3>
          <Explorer summary={summary} />
          <h3>Feature families</h3>
          <Families summary={summary} />
          <FeaturesExport />
          <FeaturesDownloads />
        </>
      )}
    </Section>
  );
}
