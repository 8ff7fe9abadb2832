/**
 * The SAE run at a glance: progress, speed and ETA for the whole batch of seeds, then one row per seed with its
 * latest metrics (docs/metrics.md defines each).
 */
import type { SaeSeedMetrics } from '../../core/sae/metrics.ts';
import { useLab } from '../../store/lab.ts';
import { formatDuration, formatInt, formatRate } from '../format.ts';
import { Readout } from '../Readout.tsx';
import { seedColor } from './seedColors.ts';

const sig = (x: number) => (!Number.isFinite(x) ? '—' : Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2));
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');

const COLUMNS: { key: keyof SaeSeedMetrics; label: string; title: string; format: (x: number) => string }[] = [
  { key: 'mse', label: 'MSE', title: 'mean of (x − x̂)² over all elements, in the activations\' units', format: sig },
  { key: 'fvu', label: 'FVU', title: 'fraction of variance unexplained: Σ‖x − x̂‖² / Σ‖x − mean(x)‖²', format: sig },
  { key: 'explainedVariance', label: 'explained var', title: '1 − FVU', format: pct },
  { key: 'l0', label: 'L0', title: 'mean number of active latents per input (exactly k for TopK)', format: (x) => x.toFixed(2) },
  { key: 'deadFraction', label: 'dead', title: 'latents that fire on no input of the activation set', format: pct },
];

function SeedTable({ seeds }: { seeds: SaeSeedMetrics[] }) {
  return (
    <table className="seed-table" data-testid="sae-seed-table">
      <thead>
        <tr>
          <th>seed</th>
          {COLUMNS.map((c) => <th key={c.key} title={c.title}>{c.label}</th>)}
        </tr>
      </thead>
      <tbody>
        {seeds.map((m, i) => (
          <tr key={m.seed} data-testid={`sae-seed-row-${m.seed}`}>
            <td><span className="swatch" style={{ background: seedColor(i) }} aria-hidden />{m.seed}</td>
            {COLUMNS.map((c) => (
              <td key={c.key} data-testid={`sae-${c.key}-${m.seed}`} data-value={m[c.key] as number}>{c.format(m[c.key] as number)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SaeReadouts() {
  const progress = useLab((s) => s.saes.progress);
  const last = useLab((s) => s.saes.metrics.at(-1) ?? null);
  const info = useLab((s) => s.saes.info);
  const status = useLab((s) => s.saes.status);
  const showEta = status === 'running' && progress !== null;
  const epochs = info ? info.totalSteps / info.stepsPerEpoch : 0;

  return (
    <div className="readouts-block">
      <div className="readouts">
        <Readout label="step" testId="sae-step" data={progress?.step}
          value={progress ? `${formatInt(progress.step)} / ${formatInt(progress.total)}` : '—'} />
        <Readout label="epoch" testId="sae-epoch" data={last?.epoch}
          value={last && info ? `${last.epoch.toFixed(1)} / ${formatInt(epochs)}` : '—'} />
        <Readout label="steps / s (all seeds)" testId="sae-rate" data={progress?.stepsPerSec} value={formatRate(progress?.stepsPerSec ?? 0)} />
        <Readout label="ETA" testId="sae-eta" data={showEta ? progress.etaSeconds : null} value={showEta ? formatDuration(progress.etaSeconds) : '—'} />
        <Readout label="latents per SAE" testId="sae-latents" data={info?.nLatents} value={info ? `${formatInt(info.nLatents)} (d_in ${info.dIn})` : '—'} />
      </div>
      {last && <SeedTable seeds={last.seeds} />}
    </div>
  );
}
