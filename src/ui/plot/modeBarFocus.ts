/**
 * Keeps Plotly's mode-bar buttons out of the tab order. Each chart has six to eight of them (zoom, pan, reset…);
 * with ~30 charts they were most of the page's tab stops, for actions that need a mouse anyway (zoom and pan drag
 * on the plot) and shown only on hover. Keyboard users download a chart with the PNG / SVG buttons under it;
 * screen readers still find the mode-bar buttons, which keep their labels. Plotly creates the buttons when it
 * first draws and again when its set of buttons changes, so a MutationObserver catches every new one.
 */
import { type RefObject, useEffect } from 'react';

function untab(root: HTMLElement): void {
  for (const button of root.querySelectorAll<HTMLElement>('.modebar-btn:not([tabindex="-1"])')) button.tabIndex = -1;
}

export function useModeBarOutOfTabOrder(el: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = el.current;
    if (!root) return;
    untab(root);
    const observer = new MutationObserver(() => untab(root));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [el]);
}
