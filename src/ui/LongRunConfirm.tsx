/**
 * "This run will take about 3 h on wasm — start anyway?": a Start (or Run all) whose estimated duration exceeds a
 * few minutes asks first, inline, instead of starting (src/store/runEstimate.ts makes the estimate).
 */
import { useState } from 'react';
import { useLab } from '../store/lab.ts';
import { longRunQuestion } from '../store/runEstimate.ts';
import { selectDraftSpec } from '../store/specSelectors.ts';
import { formatDuration } from './format.ts';

/** "2 h 50 min", "33 min": seconds are noise in an estimate this rough. */
const roughly = (seconds: number) => (seconds < 3600 ? `${Math.round(seconds / 60)} min` : formatDuration(seconds));

/** `request()` starts at once when the controls' run is short, else raises the question `confirm`/`cancel` answer. */
export function useLongRunGuard(start: () => void): { question: string | null; request: () => void; confirm: () => void; cancel: () => void } {
  const [question, setQuestion] = useState<string | null>(null);
  const request = () => {
    const state = useLab.getState();
    const { backend } = state;
    const spec = selectDraftSpec(state);
    const ask = spec && backend.active ? longRunQuestion(spec, backend.active, roughly) : null;
    if (ask) setQuestion(ask);
    else start();
  };
  return {
    question,
    request,
    confirm: () => {
      setQuestion(null);
      start();
    },
    cancel: () => setQuestion(null),
  };
}

export function LongRunConfirm({ question, onConfirm, onCancel, testIdPrefix }: {
  question: string;
  onConfirm: () => void;
  onCancel: () => void;
  testIdPrefix: string;
}) {
  return (
    <div className="long-run-confirm" role="alertdialog" aria-label="long run" data-testid={`${testIdPrefix}long-run`}>
      <span>{question}</span>
      <button type="button" className="primary" data-testid={`${testIdPrefix}start-anyway`} onClick={onConfirm}>Start anyway</button>
      <button type="button" data-testid={`${testIdPrefix}start-cancel`} onClick={onCancel} autoFocus>Cancel</button>
    </div>
  );
}
