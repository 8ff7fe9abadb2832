/**
 * The Stabilise section (issue 14): pick stabilisers, train them beside plain training and every control with the
 * SAE section's seeds on the transformer in the engine, then read one comparison table, a chart of stability gained
 * against reconstruction lost, and the answer sentence. The comparison downloads as stabilise.json, the file
 * `npm run stabilise` writes (and `npm run report -- … --stabilisers FILE` reads).
 */
import { useLab } from '../../store/lab.ts';
import { selectSaeCheck } from '../../store/specSelectors.ts';
import { selectCarriedArms, stabiliseStartBlocker } from '../../store/stabiliseActions.ts';
import { isStopping } from '../../store/runPhase.ts';
import type { StabiliseState } from '../../store/stabiliseSlice.ts';
import { saveFile } from '../files/saveFile.ts';
import { formatDuration, formatInt } from '../format.ts';
import { Section } from '../Section.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { ComparisonTable } from './ComparisonTable.tsx';
import { GainChart } from './GainChart.tsx';
import { MethodPicker } from './MethodPicker.tsx';
import './stabilise.css';

/** "arm 3 of 6 (consistency · shared init): step 1,200 of 4,800, about 2 min left". */
function progressText(s: StabiliseState): string | null {
  if (s.status !== 'running' || !s.plan) return null;
  if (s.progress && s.progress.step >= s.plan.steps && s.message) return s.message; // training over: what runs now
  const arm = s.arm ? `arm ${s.arm.index + 1} of ${s.plan.arms.length} (${s.arm.label})` : 'starting';
  const p = s.progress;
  const steps = p ? `: step ${formatInt(p.step)} of ${formatInt(p.total)}${p.etaSeconds !== null ? `, about ${formatDuration(p.etaSeconds)} left` : ''}` : '';
  return arm + steps;
}

function SettingsLine() {
  const sae = useLab((s) => selectSaeCheck(s, s.transformer.runSpec).spec);
  const step = useLab((s) => (s.transformer.runSpec ? s.transformer.progress?.step ?? null : null));
  return (
    <p className="source-line" data-testid="stabilise-source">
      {sae ? <>Every arm trains the SAE section's settings ({sae.architecture}, expansion {sae.expansion}, {sae.epochs} epochs) with seeds {sae.seeds.join(', ')} · </> : 'Set the SAEs up in section 2 · '}
      {step !== null ? `on the transformer in the engine, read at step ${formatInt(step)}` : 'no transformer yet: train one in section 1'}
    </p>
  );
}

/** The arms a stopped or interrupted comparison kept, and whether Start continues with the missing ones. */
function KeptArms({ s }: { s: StabiliseState }) {
  const carried = useLab((x) => selectCarriedArms(x).length); // a number: a new array per call would re-render forever
  if (s.status === 'running' || s.finished.length === 0) return null;
  const missing = s.record?.missing ?? null;
  if (missing !== null && missing.length === 0) return null; // complete
  const labels = s.finished.map((f) => f.label).join(', ');
  return (
    <p className="field-help" data-testid="stabilise-kept" data-kept={s.finished.length} data-continues={carried > 0}>
      Kept {s.finished.length} finished arm{s.finished.length > 1 ? 's' : ''} ({labels})
      {missing && missing.length > 0 ? <>; not trained: {missing.join(', ')}</> : null}.{' '}
      {carried > 0
        ? 'Start continues with the missing arms (an arm that was training when the run ended continues from its last save).'
        : 'They were trained on other SAE settings, methods or transformer step: Start begins a new comparison.'}
    </p>
  );
}

/** Where the arm in training was last saved, and whether this run continued an earlier run's arm. */
function SavedArm({ s }: { s: StabiliseState }) {
  const complete = s.record !== null && (s.record.missing ?? []).length === 0;
  const { resumed, saved } = s;
  return (
    <>
      {resumed && (
        <p className="field-help" data-testid="stabilise-resumed" data-step={resumed.step ?? ''} data-label={resumed.label ?? ''}>
          {resumed.label !== null
            ? `Continued ${resumed.label} from step ${formatInt(resumed.step ?? 0)}, where the earlier run saved it.`
            : "The earlier run's save of its arm does not fit these activations (another backend read them): that arm trains again from its start."}
        </p>
      )}
      {saved && !complete && (
        <p className="field-help" data-testid="stabilise-saved" data-step={saved.step} data-label={saved.label}>
          {saved.label} saved at step {formatInt(saved.step)}: a reload or Stop continues it from there.
        </p>
      )}
    </>
  );
}

export function StabiliseSection() {
  const s = useLab((x) => x.stabilise);
  const blocked = useLab(stabiliseStartBlocker);
  const backendReady = useLab((x) => x.backend.active !== null && x.backend.error === null);
  const { setStabiliseDraft, startStabilise, stopStabilise } = useLab.getState();
  const running = s.status === 'running';
  const startBlocked = blocked ?? (!backendReady ? 'waiting for the engine to start' : null);
  const chip: ChipStatus = s.status === 'running' ? 'running' : s.status === 'error' ? 'error' : s.status === 'done' ? 'done' : 'idle';
  const record = s.record;
  return (
    <Section id="stabilise" index={9} title="Stabilise" status={chip} statusDetail={progressText(s) ?? s.message}
      purpose="Can training make SAEs agree across seeds? Each method beside plain training and the controls that expose a trivial win.">
      <MethodPicker draft={s.draft} disabled={running} onChange={setStabiliseDraft} />
      <SettingsLine />
      <div className="run-buttons">
        <button type="button" className="primary" data-testid="stabilise-start" disabled={running || startBlocked !== null} onClick={startStabilise}
          title={startBlocked ?? 'train plain SAEs, each method and every control with the same seeds'}>Start</button>
        {running && <button type="button" className="secondary" data-testid="stabilise-stop" disabled={isStopping(s)} onClick={stopStabilise}>Stop</button>}
        {record && (
          <button type="button" className="secondary" data-testid="stabilise-download"
            onClick={() => saveFile(JSON.stringify(record, null, 2) + '\n', 'stabilise.json', 'application/json')}>Download stabilise.json</button>
        )}
        {startBlocked && !running && <span className="run-hint" data-testid="stabilise-blocked">{startBlocked}</span>}
      </div>
      {running && s.plan && (
        <p className="field-help" data-testid="stabilise-progress" role="status" data-step={s.progress?.step ?? 0} data-total={s.plan.steps}>
          {progressText(s)}
        </p>
      )}
      <SavedArm s={s} />
      <KeptArms s={s} />
      {record ? (
        <>
          {record.missing && record.missing.length > 0 && (
            <p className="stabilise-stopped" data-testid="stabilise-stopped">
              This run was stopped: the table shows the {record.arms.length} arm{record.arms.length > 1 ? 's' : ''} it finished;
              missing: {record.missing.join(', ')}.
            </p>
          )}
          <p className="stabilise-answer" data-testid="stabilise-answer">{record.answer}</p>
          <p className="source-line" data-testid="stabilise-record-source">
            {record.spec.stabilise.methods.length} method{record.spec.stabilise.methods.length > 1 ? 's' : ''} in {record.arms.length} arms,
            seeds {record.spec.saes?.seeds.join(', ')}, on the transformer at step {formatInt(record.transformerStep ?? 0)} ({record.backend})
          </p>
          <ComparisonTable record={record} />
          <GainChart record={record} />
        </>
      ) : (
        <p className="empty-note" data-testid="stabilise-empty">
          When a comparison ends, this shows one row per arm — plain training, each method, each with every seed
          started from the same weights, and each seed against its own reference — with both PWMCC forms and the
          shared fraction as excess over the strongest null, and the price (FVU, L0, dead, Fourier share); then a chart
          of stability gained against reconstruction lost and the sentence that answers which methods, if any, earn it.
        </p>
      )}
    </Section>
  );
}
