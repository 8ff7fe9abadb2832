import { type RefObject, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { RedrawQueue } from './redrawQueue.ts';

/**
 * The page's one redraw queue: it must be shared, since its point is that charts take turns on the main thread.
 * Stateless towards React (charts register and leave), so one module-level instance is safe.
 */
const queue = new RedrawQueue({
  now: () => performance.now(),
  setTimer: (fn, ms) => void setTimeout(fn, ms),
});

/** Set on the target while it has data not drawn yet (so a test can wait until a chart shows all it was given). */
const PENDING = 'data-redraw-pending';

/** Charts just outside the viewport count as visible, so they are drawn by the time they scroll in. */
const VISIBLE_MARGIN = '200px 0px';

export interface Redraw {
  /** The chart's data changed: draw it when its turn comes and it is on screen. */
  request: () => void;
  /** Draws a pending update now (before a download). */
  flush: () => void;
}

/**
 * Registers a chart with the redraw queue while mounted. `draw` should draw the newest data (it is called at most
 * once per interval however often `request` is); `target` is the element whose visibility decides.
 */
export function useRedraw(target: RefObject<HTMLElement | null>, draw: () => void): Redraw {
  const latestDraw = useRef(draw);
  useLayoutEffect(() => {
    latestDraw.current = draw;
  });
  const handle = useRef<ReturnType<RedrawQueue['register']> | null>(null);

  useEffect(() => {
    const h = queue.register(() => {
      target.current?.removeAttribute(PENDING);
      latestDraw.current();
    });
    handle.current = h;
    h.request(); // whatever was asked before this registration
    // The newest entry says whether the element is on screen now (one callback may carry several changes).
    const observer = new IntersectionObserver((entries) => h.setVisible(entries[entries.length - 1].isIntersecting), { rootMargin: VISIBLE_MARGIN });
    if (target.current) observer.observe(target.current);
    return () => {
      observer.disconnect();
      h.dispose();
      if (handle.current === h) handle.current = null;
    };
  }, [target]);

  return useMemo(() => ({
    request: () => {
      if (target.current && !target.current.hasAttribute(PENDING)) target.current.setAttribute(PENDING, '');
      handle.current?.request();
    },
    flush: () => handle.current?.flush(),
  }), [target]);
}
