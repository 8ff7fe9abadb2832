/** One checkbox per registered stabiliser, with its knobs (from the method's field table) once it is picked. */
import { stabiliserInfo } from '../../core/stabilise/methodInfo.ts';
import { stabiliserFields } from '../../core/stabilise/spec.ts';
import type { StabiliserName } from '../../core/stabilise/spec.ts';
import { type StabiliseDraft, knobText, knobsOf, numberInput, pickMethod, pickableMethods, setKnob } from '../../store/stabiliseDraft.ts';

interface Props {
  draft: StabiliseDraft;
  disabled: boolean;
  onChange(draft: StabiliseDraft): void;
}

function Knobs({ name, draft, onChange }: { name: StabiliserName } & Omit<Props, 'disabled'>) {
  return (
    <div className="stabilise-knobs">
      {knobsOf(name).map((knob) => {
        const f = stabiliserFields[knob];
        const value = knobText(draft, name, knob);
        const set = (text: string) => onChange(setKnob(draft, name, knob, text));
        const id = `stabilise-${name}-${knob}`;
        const num = numberInput(knob);
        return (
          <label className="field" key={knob} title={f.doc}>
            <span className="field-label">{f.label}</span>
            {f.kind === 'choice' ? (
              <select className="field-input" data-testid={id} value={value} onChange={(e) => set(e.target.value)}>
                {f.options.map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            ) : (
              <input className="field-input" data-testid={id} type="number" {...num} value={value} onChange={(e) => set(e.target.value)} />
            )}
          </label>
        );
      })}
    </div>
  );
}

export function MethodPicker({ draft, disabled, onChange }: Props) {
  return (
    <fieldset className="stabilise-methods" disabled={disabled}>
      <legend>Methods (plain training and every control are always added)</legend>
      {pickableMethods.map((name) => {
        const picked = draft.picked.includes(name);
        const info = stabiliserInfo[name];
        return (
          <div className="stabilise-method" key={name} data-testid={`stabilise-method-${name}`}>
            <label className="stabilise-check">
              <input type="checkbox" data-testid={`stabilise-pick-${name}`} checked={picked} onChange={(e) => onChange(pickMethod(draft, name, e.target.checked))} />
              <span><strong>{name}</strong> <span className="stabilise-summary">{info.summary} — {info.source}</span></span>
            </label>
            {picked && <Knobs name={name} draft={draft} onChange={onChange} />}
          </div>
        );
      })}
    </fieldset>
  );
}
