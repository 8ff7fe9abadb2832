/**
 * Every stability number beside every null (docs/metrics.md): one row for the trained SAEs, one for the untrained
 * ones, one per null with its description, Monte Carlo draws and standard error, the per-latent p < 0.01 level it
 * implies and the trained latents stable against that level. The strongest null (the verdict's yardstick) is marked.
 */
import type { ActivationDimensions } from '../../core/analysis/activationGeometry.ts';
import { NULL_NAMES } from '../../core/analysis/nullNames.ts';
import type { StabilityReport } from '../../core/experiment/analyze.ts';
import type { StabilitySnapshot } from '../../worker/saeMessages.ts';
import { nullShort } from './measures.ts';
import { f3 } from '../../core/format.ts';

const ms = (x: { mean: number; std: number } | null | undefined) => (x ? <>{f3(x.mean)} <small>± {f3(x.std)}</small></> : '—');
const meanOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

/** "participation ratio 4.1; 90 % of the variance in 4 of 32 dimensions, 99 % in 13". */
export function ActivationsLine({ activations }: { activations: ActivationDimensions | null }) {
  if (!activations) return null;
  const a = activations;
  return (
    <p className="stability-activations" data-testid="stability-activations" data-participation-ratio={a.participationRatio}
      data-dims90={a.dims90} data-dims99={a.dims99}>
      <strong>Where the activations lie:</strong> participation ratio <b>{a.participationRatio.toFixed(1)}</b> of d = {a.d};
      90 % of their variance in <b>{a.dims90}</b> dimensions, 99 % in <b>{a.dims99}</b>. Any two dictionaries fitted to
      them crowd into that subspace, so they agree more than isotropic chance says: the nulls below account for it.
    </p>
  );
}

export function NullsTable({ report, latest, initial }: { report: StabilityReport | null; latest: StabilitySnapshot | null; initial: StabilitySnapshot | null }) {
  if (!report?.nulls || !latest) {
    return (
      <p className="nulls-pending" data-testid="stability-nulls-pending">
        During training the numbers are compared with isotropic chance only; the nulls that respect the activations
        (random dictionaries in their principal subspace, drawn with their covariance, and the SAEs rotated inside that
        subspace) are computed when SAE training ends.
      </p>
    );
  }
  const n = latest.stableLatents.n;
  const stableMean = (xs: number[]) => `${meanOf(xs).toFixed(1)} / ${n}`;
  return (
    <div className="nulls-table-wrap">
      <table className="nulls-table" data-testid="stability-nulls">
        <caption>Every number beside every null (mean ± spread of one seed pair; stable latents per seed, mean)</caption>
        <thead>
          <tr>
            <th scope="col">dictionaries</th>
            <th scope="col">PWMCC (max-cosine, the plan's metric)</th>
            <th scope="col">PW-MCC (one-to-one, Song et al. 2025)</th>
            <th scope="col">shared fraction ≥ {report.sharedThreshold}</th>
            <th scope="col">p &lt; 0.01 best-match level</th>
            <th scope="col">trained latents stable against it</th>
          </tr>
        </thead>
        <tbody>
          <tr className="nulls-trained" data-testid="stability-nulls-trained">
            <th scope="row">trained SAEs</th>
            <td>{ms(report.pwmccMax)}</td><td>{ms(report.pwmccOneToOne)}</td><td>{ms(report.sharedFraction)}</td><td>—</td><td>—</td>
          </tr>
          <tr>
            <th scope="row">untrained SAEs</th>
            <td>{ms(initial?.pwmccMax)}</td><td>{ms(initial?.pwmccOneToOne)}</td><td>{ms(initial?.sharedFraction)}</td><td>—</td><td>—</td>
          </tr>
          {NULL_NAMES.map((name) => {
            const x = report.nulls[name];
            if (!x) return null;
            const strongest = report.verdict?.against === name;
            const se = Math.max(x.standardError.pwmccMax, x.standardError.pwmccOneToOne, x.standardError.sharedFraction);
            return (
              <tr key={name} data-testid={`stability-null-${name}`} data-strongest={strongest} className={strongest ? 'nulls-strongest' : undefined}>
                <th scope="row">
                  {nullShort(name, report.subspaceDims)}{strongest ? ' — strongest' : ''}
                  <small>{x.description}; {x.draws} draw{x.draws === 1 ? '' : 's'} × {x.pairsPerDraw} pair{x.pairsPerDraw === 1 ? '' : 's'}, standard error ≤ {se.toFixed(4)}</small>
                </th>
                <td data-value={x.pwmccMax.mean}>{ms(x.pwmccMax)}</td>
                <td data-value={x.pwmccOneToOne.mean}>{ms(x.pwmccOneToOne)}</td>
                <td data-value={x.sharedFraction.mean}>{ms(x.sharedFraction)}</td>
                <td data-value={x.bestMatchThreshold}>{f3(x.bestMatchThreshold)}</td>
                <td data-testid={`stability-null-${name}-stable`} data-value={meanOf(x.stableLatents)}>{stableMean(x.stableLatents)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
