/**
 * One control generated from the core's field table: label, text box, help line from the field's doc, the bounds,
 * a log-scale slider for fields marked `log`, and the validation message when the value is bad.
 */
import type { NumberField } from '../../core/spec/fields.ts';

export interface FieldInputProps {
  name: string;
  field: NumberField;
  text: string;
  error?: string;
  disabled: boolean;
  onChange(text: string): void;
}

/** 0.0030000001 → "0.003": slider values rounded to two significant digits. */
const roundForDisplay = (x: number) => String(Number(x.toPrecision(2)));

function LogSlider({ field, text, disabled, onChange }: Omit<FieldInputProps, 'name' | 'error'>) {
  const value = Number(text);
  const exponent = value > 0 ? Math.log10(value) : Math.log10(field.default);
  return (
    <input
      type="range"
      className="field-slider"
      aria-label={`${field.label} on a log scale`}
      min={Math.log10(field.min)}
      max={Math.log10(field.max)}
      step={0.05}
      value={exponent}
      disabled={disabled}
      onChange={(e) => onChange(roundForDisplay(10 ** Number(e.target.value)))}
    />
  );
}

export function FieldInput({ name, field, text, error, disabled, onChange }: FieldInputProps) {
  const id = `field-${name}`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label" title={field.doc}>{field.label}</label>
      <input
        id={id}
        data-testid={id}
        className="field-input"
        type="text"
        inputMode={field.kind === 'int' ? 'numeric' : 'decimal'}
        spellCheck={false}
        value={text}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-help`}
        onChange={(e) => onChange(e.target.value)}
      />
      {field.log && <LogSlider field={field} text={text} disabled={disabled} onChange={onChange} />}
      {error
        ? <span id={`${id}-help`} className="field-error" role="alert" data-testid={`error-${name}`}>{error}</span>
        : <span id={`${id}-help`} className="field-help">{field.doc} · {field.min}–{field.max}{field.log ? ' (log)' : ''}</span>}
    </div>
  );
}
