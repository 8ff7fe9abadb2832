/**
 * The SAE settings, generated from the core's `saeFields` table: preset buttons, where to read activations, the
 * architecture with only its own knobs (each architecture's `mainKeys`: k for TopK, λ for ReLU, …), the training
 * recipe and seeds, and the rest folded under "advanced". Validation is the store's
 * (`selectSaeCheck`, against the transformer the SAEs will read), so the page cannot disagree with what runs.
 */
import type { ChoiceField, IntListField, NumberField } from '../../core/spec/fields.ts';
import { type SaeSpec, saeArchitectureList, saeArchitectureOf, saeArchitectures, saeFields, saeInputDim, saeLatents, saeRows } from '../../core/spec/sae.ts';
import type { TransformerSpec } from '../../core/spec/transformer.ts';
import { useLab } from '../../store/lab.ts';
import type { SaeFieldKey } from '../../store/saeDraft.ts';
import { selectSaeCheck, selectSaeTransformer } from '../../store/specSelectors.ts';
import { saePresetNames } from '../../store/saeSlice.ts';
import { formatInt } from '../format.ts';
import { FieldInput } from '../transformer/FieldInput.tsx';
import { useHidden } from '../share/useHidden.ts';
import { ChoiceInput } from './ChoiceInput.tsx';
import { SeedsInput } from './SeedsInput.tsx';

const PRESET_NOTES: Record<string, string> = {
  phase1: 'the plan\'s Phase 1: 5 TopK SAEs, k = 32, 8× expansion, answer position',
  phase2: 'the plan\'s Phase 2: 5 ReLU + L1 SAEs, 8× expansion, answer position',
  tiny: '3 small TopK SAEs (k = 8, 4×) for the tiny transformer: about a minute on a CPU',
};

const POSITION_LABELS: Record<string, string> = { a: 'a (first operand)', b: 'b (second operand)', '=': '= (answer position)', all: 'all three positions' };
const POSITION_PHRASES: Record<string, string> = { a: 'position a', b: 'position b', '=': 'the answer position', all: 'all three positions' };
const ARCH_LABELS: Record<string, string> = Object.fromEntries(saeArchitectureList.map((a) => [a.name, a.label]));

/** The architecture of a draft (the default one while the draft names none the registry knows). */
const archOf = (name: string) => saeArchitectureOf(saeArchitectures.includes(name as SaeSpec['architecture']) ? name : saeFields.architecture.default as string);

function mainKeys(architecture: string): SaeFieldKey[] {
  const own = archOf(architecture).mainKeys as SaeFieldKey[];
  return ['hook', 'layer', 'position', 'architecture', ...own, 'expansion', 'lr', 'epochs', 'batchSize', 'seeds'];
}

function advancedKeys(architecture: string): SaeFieldKey[] {
  return [...(archOf(architecture).advancedKeys as SaeFieldKey[]), 'deadWindow', 'gradClip', 'evalEvery'];
}

/** What the advanced fold holds, by label: the architecture's own knobs first. */
const advancedSummary = (architecture: string) => [...archOf(architecture).advancedKeys.map((k) => saeFields[k as SaeFieldKey].label), 'dead window', 'clipping', 'evaluation'].join(', ');

function SpecSummary({ spec, transformer }: { spec: SaeSpec; transformer: TransformerSpec }) {
  const rows = saeRows(spec, transformer);
  const steps = spec.epochs * Math.ceil(rows / spec.batchSize);
  return (
    <p className="spec-summary" data-testid="sae-spec-summary">
      blocks.{spec.layer}.{spec.hook} at {POSITION_PHRASES[spec.position]} · d_in {saeInputDim(spec, transformer)}
      {' '}· {formatInt(saeLatents(spec, transformer))} latents per SAE · {formatInt(rows)} activation rows · {formatInt(steps)} steps
      {' '}× {spec.seeds.length} seed{spec.seeds.length === 1 ? '' : 's'}
    </p>
  );
}

export function SaeControls({ locked }: { locked: boolean }) {
  const draft = useLab((s) => s.saes.draft);
  const preset = useLab((s) => s.saes.preset);
  const transformer = useLab(selectSaeTransformer);
  const setSaeField = useLab((s) => s.setSaeField);
  const applySaePreset = useLab((s) => s.applySaePreset);
  const check = useLab((s) => selectSaeCheck(s)); // the store's one check of this draft: what Run all and the files read
  const hidden = useHidden(); // controls a classroom link hides
  const shown = (key: SaeFieldKey) => !hidden.has(`saes.${key}`);
  const advanced = advancedKeys(draft.architecture).filter(shown);
  const advancedInvalid = advanced.some((key) => check.fieldErrors[key] !== undefined);

  const renderField = (key: SaeFieldKey) => {
    const field = saeFields[key];
    const common = { disabled: locked, onChange: (text: string) => setSaeField(key, text) };
    if (field.kind === 'choice') {
      const labels = key === 'position' ? POSITION_LABELS : key === 'architecture' ? ARCH_LABELS : undefined;
      return <ChoiceInput key={key} name={`sae-${key}`} field={field as ChoiceField} value={draft[key]} labels={labels} {...common} />;
    }
    if (field.kind === 'intList') return <SeedsInput key={key} field={field as IntListField} text={draft[key]} error={check.fieldErrors[key]} {...common} />;
    return <FieldInput key={key} name={`sae-${key}`} field={field as NumberField} text={draft[key]} error={check.fieldErrors[key]} {...common} />;
  };

  return (
    <div className="spec-controls">
      {!hidden.has('saes.presets') && <div className="presets" role="group" aria-label="SAE presets">
        <span className="presets-label">preset</span>
        {saePresetNames.map((name) => (
          <button key={name} type="button" className={`preset${preset === name ? ' preset-active' : ''}`} data-testid={`sae-preset-${name}`}
            aria-pressed={preset === name} title={PRESET_NOTES[name]} disabled={locked} onClick={() => applySaePreset(name)}>
            {name}
          </button>
        ))}
        <span className="presets-note">{preset ? PRESET_NOTES[preset] : 'custom settings'}</span>
      </div>}
      <div className="field-grid">{mainKeys(draft.architecture).filter(shown).map(renderField)}</div>
      {advanced.length > 0 && <details className="advanced" open={advancedInvalid || undefined}>
        <summary>advanced: {advancedSummary(draft.architecture)}
          {advancedInvalid && <span className="field-error"> · fix the value below</span>}</summary>
        <div className="field-grid">{advanced.map(renderField)}</div>
      </details>}
      {check.formError && <p className="form-error" role="alert" data-testid="sae-form-error">{check.formError}</p>}
      {check.spec && transformer && <SpecSummary spec={check.spec} transformer={transformer} />}
    </div>
  );
}
