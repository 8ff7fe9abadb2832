/**
 * The page's polite live region: screen readers read out each new line (announcements.ts) when the reader is
 * idle, without moving focus. A log keeps the last few lines, so that the same sentence twice (two runs that
 * both finish) is announced twice; it is visually hidden, since everything it says is also on screen.
 */
import { useEffect, useState } from 'react';
import { useLab } from '../store/lab.ts';
import { announcements } from './announcements.ts';
import './a11y.css';

const KEEP = 5;

export function Announcer() {
  const [lines, setLines] = useState<{ id: number; text: string }[]>([]);
  useEffect(() => {
    let id = 0;
    return useLab.subscribe((next, prev) => {
      const said = announcements(prev, next);
      if (said.length > 0) setLines((old) => [...old, ...said.map((text) => ({ id: ++id, text }))].slice(-KEEP));
    });
  }, []);
  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-label="notebook announcements" data-testid="announcer">
      {lines.map((l) => <p key={l.id}>{l.text}</p>)}
    </div>
  );
}
