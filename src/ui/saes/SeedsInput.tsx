/** The list of seeds as one text box ("42, 123, 456"): one SAE is trained per seed. */
import type { IntListField } from '../../core/spec/fields.ts';

export interface SeedsInputProps {
  field: IntListField;
  text: string;
  error?: string;
  disabled: boolean;
  onChange(text: string): void;
}

export function SeedsInput({ field, text, error, disabled, onChange }: SeedsInputProps) {
  const id = 'field-sae-seeds';
  return (
    <div className={`field field-wide${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label" title={field.doc}>{field.label}</label>
      <input id={id} data-testid={id} className="field-input" type="text" spellCheck={false} value={text} disabled={disabled}
        aria-invalid={error ? true : undefined} aria-describedby={`${id}-help`} onChange={(e) => onChange(e.target.value)} />
      {error
        ? <span id={`${id}-help`} className="field-error" role="alert" data-testid="error-sae-seeds">{error}</span>
        : <span id={`${id}-help`} className="field-help">{field.doc} · {field.minLength}–{field.maxLength} seeds, comma-separated</span>}
    </div>
  );
}
