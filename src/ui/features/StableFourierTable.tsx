/**
 * "Are the stable latents the Fourier ones?" — the answer in one sentence, then the 2 × 2 counts per seed and pooled
 * (stable / unstable × Fourier / not), the shares, the count expected if the two were unrelated, Fisher's p, and
 * the untrained SAEs through the same criteria. Everything is computed in the worker (core/analysis/stableFourier.ts).
 */
import type { CrossTab, StableFourierKind, StableFourierReport } from '../../core/analysis/stableFourier.ts';

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '–');
const pValue = (p: number) => (p < 1e-4 ? p.toExponential(0) : p.toFixed(p < 0.01 ? 4 : 2));
const stableOf = (c: CrossTab) => c.stableFourier + c.stableOther;
const fourierOf = (c: CrossTab) => c.stableFourier + c.unstableFourier;
const VERDICT_CLASS: Record<StableFourierKind, string> = {
  'stable-are-fourier': 'beats', 'stable-more-fourier': 'mixed', 'stable-less-fourier': 'below', unrelated: 'chance',
  'no-fourier': 'chance', 'no-stable': 'chance', 'all-stable': 'mixed',
};

function Row({ label, t, u, testId }: { label: string; t: CrossTab; u: CrossTab | undefined; testId: string }) {
  return (
    <tr data-testid={testId} data-stable-fourier={t.stableFourier} data-stable-other={t.stableOther} data-unstable-fourier={t.unstableFourier}
      data-unstable-other={t.unstableOther} data-not-live-stable={t.notLiveStable} className={label === 'pooled' ? 'pooled' : undefined}>
      <td>{label}</td>
      <td>{t.stableFourier}</td><td>{t.stableOther}</td><td>{t.unstableFourier}</td><td>{t.unstableOther}</td>
      <td>{pct(t.fourierShareOfStable)}</td><td>{pct(t.fourierShareOfUnstable)}</td>
      <td>{t.expectedIfUnrelated.toFixed(1)}</td><td>{pValue(t.fisherP)}</td>
      <td>{u ? stableOf(u) : '–'}</td><td>{u ? fourierOf(u) : '–'}</td><td>{u ? u.stableFourier : '–'}</td>
    </tr>
  );
}

export function StableFourierTable({ report: r }: { report: StableFourierReport | null }) {
  if (!r) return <p className="cell-purpose">Needs two or more seeds: a latent is stable when the other seeds find it too.</p>;
  const { trained, initial } = r;
  const notLive = trained.pooled.notLive;
  return (
    <div className="features-stable-fourier" data-testid="features-stable-fourier">
      <div className={`verdict verdict-${VERDICT_CLASS[r.answer.kind]}`} data-testid="features-stable-fourier-answer" data-kind={r.answer.kind}>
        <span>{r.answer.sentence}</span>
      </div>
      <table className="seed-table" data-testid="features-stable-fourier-table">
        <thead>
          <tr>
            <th rowSpan={2}>seed</th>
            <th colSpan={2} className="group" title={r.definitions.stable}>stable</th>
            <th colSpan={2} className="group">unstable</th>
            <th colSpan={2} className="group" title={r.definitions.fourier}>share Fourier</th>
            <th rowSpan={2} title="stable & Fourier count expected if stability and Fourier-ness were unrelated: stable × Fourier / live">
              expected if unrelated</th>
            <th rowSpan={2} title={r.definitions.test}>Fisher p</th>
            <th colSpan={3} className="group" title="the same seeds' SAEs before training, through the same criteria">untrained SAEs</th>
          </tr>
          <tr>
            <th>Fourier</th><th>not</th><th>Fourier</th><th>not</th><th>of stable</th><th>of unstable</th>
            <th>stable</th><th>Fourier</th><th>both</th>
          </tr>
        </thead>
        <tbody>
          {trained.perSeed.map((t, s) => (
            <Row key={trained.seeds[s]} label={String(trained.seeds[s])} t={t} u={initial?.perSeed[s]} testId={`features-sf-row-${trained.seeds[s]}`} />
          ))}
          <Row label="pooled" t={trained.pooled} u={initial?.pooled} testId="features-sf-row-pooled" />
        </tbody>
      </table>
      <p className="cell-purpose">
        Stable: the latent's best decoder match is above the p &lt; 0.01 chance level ({r.chanceThreshold.toFixed(3)}) in every other seed — the
        Stability section's definition. Fourier: one frequency explains ≥ {r.fourierThreshold} of its activation over all p² inputs. Counted over
        the latents that vary over the inputs{notLive > 0 ? `; ${notLive} constant (dead) latents left out, ${trained.pooled.notLiveStable} of them stable` : ''}.
        Fisher p &lt; 0.01 in a seed means stability and Fourier-ness are linked there.
      </p>
    </div>
  );
}
