/** The transformer's settings: preset buttons, the main fields, and the optimiser details folded away. */
import type { NumberField } from '../../core/spec/fields.ts';
import { presetNames } from '../../core/spec/experiment.ts';
import { transformerFields } from '../../core/spec/transformer.ts';
import { countParameters } from '../../core/transformer/weights.ts';
import { useLab } from '../../store/lab.ts';
import { selectDraftCheck } from '../../store/specSelectors.ts';
import type { FieldKey } from '../../store/transformerDraft.ts';
import { formatInt } from '../format.ts';
import { useHidden } from '../share/useHidden.ts';
import { FieldInput } from './FieldInput.tsx';

const MAIN: FieldKey[] = ['p', 'trainFraction', 'nLayers', 'dModel', 'nHeads', 'dMlp', 'lr', 'weightDecay', 'steps', 'seed'];
const ADVANCED: FieldKey[] = ['beta1', 'beta2', 'eps', 'warmupSteps', 'grokfastAlpha', 'grokfastLambda', 'evalEvery'];

const PRESET_NOTES: Record<string, string> = {
  nanda: 'Nanda et al.: p = 113, 30% train (groks after ~8k steps)',
  fast: 'p = 113, 50% train (groks after ~1k steps)',
  tiny: 'p = 23, small model (groks in ~450 steps)',
  teach: 'p = 31, half the pairs: memorises, plateaus, then groks (~700–1,800 steps)',
};

export function SpecControls({ locked }: { locked: boolean }) {
  const draft = useLab((s) => s.transformer.draft);
  const preset = useLab((s) => s.transformer.preset);
  const setField = useLab((s) => s.setField);
  const applyPreset = useLab((s) => s.applyPreset);
  const check = useLab(selectDraftCheck);
  const hidden = useHidden(); // controls a classroom link hides
  const main = MAIN.filter((key) => !hidden.has(`transformer.${key}`));
  const advanced = ADVANCED.filter((key) => !hidden.has(`transformer.${key}`));
  const advancedInvalid = advanced.some((key) => check.fieldErrors[key] !== undefined);

  const renderField = (key: FieldKey) => (
    <FieldInput
      key={key}
      name={key}
      field={transformerFields[key] as NumberField}
      text={draft[key]}
      error={check.fieldErrors[key]}
      disabled={locked}
      onChange={(text) => setField(key, text)}
    />
  );

  return (
    <div className="spec-controls">
      {!hidden.has('transformer.presets') && <div className="presets" role="group" aria-label="presets">
        <span className="presets-label">preset</span>
        {presetNames.map((name) => (
          <button
            key={name}
            type="button"
            className={`preset${preset === name ? ' preset-active' : ''}`}
            data-testid={`preset-${name}`}
            aria-pressed={preset === name}
            title={PRESET_NOTES[name]}
            disabled={locked}
            onClick={() => applyPreset(name)}
          >
            {name}
          </button>
        ))}
        <span className="presets-note">{preset ? PRESET_NOTES[preset] : 'custom settings'}</span>
      </div>}
      <div className="field-grid">{main.map(renderField)}</div>
      {advanced.length > 0 && <details className="advanced" open={advancedInvalid || undefined}>
        <summary>optimiser and evaluation details{advancedInvalid && <span className="field-error"> · fix the value below</span>}</summary>
        <div className="field-grid">{advanced.map(renderField)}</div>
      </details>}
      {check.formError && <p className="form-error" role="alert" data-testid="transformer-form-error">{check.formError}</p>}
      {check.spec && (
        <p className="spec-summary" data-testid="transformer-spec-summary">
          {formatInt(countParameters(check.spec))} parameters · {formatInt(Math.round(check.spec.trainFraction * check.spec.p ** 2))} training pairs
          of {formatInt(check.spec.p ** 2)} · d_head {check.spec.dModel / check.spec.nHeads}
        </p>
      )}
    </div>
  );
}
