/** A control for a choice field of the core's field table: a select with the field's label and doc line. */
import type { ChoiceField } from '../../core/spec/fields.ts';

export interface ChoiceInputProps {
  name: string;
  field: ChoiceField;
  value: string;
  disabled: boolean;
  /** Display text per option (defaults to the option itself). */
  labels?: Record<string, string>;
  onChange(value: string): void;
}

export function ChoiceInput({ name, field, value, disabled, labels, onChange }: ChoiceInputProps) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label" title={field.doc}>{field.label}</label>
      <select id={id} data-testid={id} className="field-input" value={value} disabled={disabled}
        aria-describedby={`${id}-help`} onChange={(e) => onChange(e.target.value)}>
        {field.options.map((o) => <option key={o} value={o}>{labels?.[o] ?? o}</option>)}
      </select>
      <span id={`${id}-help`} className="field-help">{field.doc}</span>
    </div>
  );
}
