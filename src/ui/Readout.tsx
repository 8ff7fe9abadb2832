/** A labelled big number. `data` goes to data-value (empty when absent) so tests read the number, not its format. */
export function Readout({ label, value, testId, data, title }: {
  label: string;
  value: string;
  testId: string;
  data?: string | number | null;
  title?: string;
}) {
  return (
    <div className="readout" title={title}>
      <span className="readout-label">{label}</span>
      <span className="readout-value" data-testid={testId} data-value={data ?? ''}>{value}</span>
    </div>
  );
}
