/** The controls a classroom link hides (spec field paths such as `transformer.lr`, or page controls such as `backend`). */
import { useMemo } from 'react';
import { hiddenControls } from '../../share/hide.ts';
import { useLab } from '../../store/lab.ts';

export function useHidden(): ReadonlySet<string> {
  const hide = useLab((s) => s.share.hide);
  return useMemo(() => hiddenControls(hide), [hide]);
}
