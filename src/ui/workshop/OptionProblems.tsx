/** Under the header: link options the lab did not understand, read as their defaults (src/share/options.ts). */
import { useLab } from '../../store/lab.ts';

export function OptionProblems() {
  const problems = useLab((s) => s.workshop.problems);
  const dismiss = useLab((s) => s.dismissOptionProblems);
  if (problems.length === 0) return null;
  return (
    <div className="option-problems" role="status" data-testid="link-option-problems">
      <p>Some link options were not understood and were ignored: {problems.join('; ')}.</p>
      <button type="button" className="link" onClick={dismiss}>Dismiss</button>
    </div>
  );
}
