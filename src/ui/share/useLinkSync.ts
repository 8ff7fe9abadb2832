/**
 * The address bar and the notebook: on startup a link in the fragment is opened (once); afterwards, as the user
 * edits the controls, the fragment follows them — debounced, through history.replaceState (no history entry per
 * change), keeping the query (`?backend=`) and the page's hide keys.
 */
import { useEffect } from 'react';
import { makeFragment } from '../../share/link.ts';
import { withOptions } from '../../share/options.ts';
import { useLab } from '../../store/lab.ts';
import { selectNotebookSpec } from '../../store/specSelectors.ts';

const SYNC_DELAY_MS = 400;

export function useLinkSync(): void {
  useEffect(() => {
    void useLab.getState().openLink(window.location.hash);
  }, []);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let token = 0; // a slower encode of older controls must not overwrite a newer one
    const write = async () => {
      const mine = ++token;
      const s = useLab.getState();
      const loaded = s.share.loaded;
      if (loaded && loaded.transformer === s.transformer.draft && loaded.saes === s.saes.draft) return; // as the link set them
      const spec = selectNotebookSpec(s);
      if (!spec) return; // a bad value: keep the last good link
      const fragment = await makeFragment(spec, s.share.hide);
      if (mine !== token) return;
      const url = new URL(window.location.href);
      const { run, view, lesson } = s.workshop;
      url.hash = withOptions(fragment, { run, view, lesson }); // the teaching options stay in the link
      window.history.replaceState(window.history.state, '', url);
    };
    const unsubscribe = useLab.subscribe((s, prev) => {
      if (s.transformer.draft === prev.transformer.draft && s.saes.draft === prev.saes.draft) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => void write().catch(() => undefined), SYNC_DELAY_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
}
