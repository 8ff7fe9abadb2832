/**
 * The page's side of share links: opening the link in the address bar on startup (rebuild the controls, hide what
 * a classroom link hides, rerun with the same seeds) and what the banner says about it. Links themselves are made
 * and read by src/share/.
 */
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import { readLink } from '../share/link.ts';
import type { PipelineActions } from './pipeline.ts';
import type { SaeDraft } from './saeDraft.ts';
import type { SaeState } from './saeSlice.ts';
import type { TransformerDraft } from './transformerDraft.ts';
import type { TransformerState } from './transformerSlice.ts';

/** `ran` false: the link had run=0 and its experiment waits for Run all. */
export type LinkNotice = { kind: 'opened'; spec: ExperimentSpec; ran: boolean } | { kind: 'error'; message: string };

export interface ShareState {
  /** Hide keys of the link the page was opened from: the controls they name are not rendered. */
  hide: string[];
  /** What the banner says about the link the page was opened from. */
  notice: LinkNotice | null;
  /** The controls as the link set them; the address bar is rewritten only once the user changes them. */
  loaded: { transformer: TransformerDraft; saes: SaeDraft } | null;
  /** The address bar has been read (React mounts twice in development; a link opens once). */
  read: boolean;
}

export const initialShare = (): ShareState => ({ hide: [], notice: null, loaded: null, read: false });

export interface ShareActions {
  /** Opens the link in `hash` (location.hash), if it holds one: controls, hide keys, banner, then Run all (unless run=0). */
  openLink(hash: string): Promise<void>;
  dismissLinkNotice(): void;
}

interface Host extends PipelineActions {
  share: ShareState;
  transformer: TransformerState;
  saes: SaeState;
  loadSpec(spec: ExperimentSpec): void;
  /** True when the stored notebook fills the page instead (a reload; storageActions.ts). */
  storedNotebookWins(): Promise<boolean>;
  /** The link's teaching options (run=0, view, lesson; workshopSlice.ts). */
  readWorkshopOptions(hash: string): { run: boolean };
}
type Set = (partial: Partial<Pick<Host, 'share'>>) => void;

export function shareActions(set: Set, get: () => Host): ShareActions {
  return {
    async openLink(hash) {
      if (get().share.read) return;
      set({ share: { ...get().share, read: true } });
      const { run } = get().readWorkshopOptions(hash);
      const link = await readLink(hash);
      if (link === null) return;
      if (!link.ok) {
        set({ share: { ...get().share, notice: { kind: 'error', message: link.error } } });
        return;
      }
      if (await get().storedNotebookWins()) {
        set({ share: { ...get().share, hide: link.hide } }); // a classroom page stays one after a reload
        return;
      }
      get().loadSpec(link.spec);
      const loaded = { transformer: get().transformer.draft, saes: get().saes.draft };
      set({ share: { ...get().share, hide: link.hide, notice: { kind: 'opened', spec: link.spec, ran: run }, loaded } });
      if (run) get().runAll(link.spec.saes !== undefined);
    },

    dismissLinkNotice() {
      set({ share: { ...get().share, notice: null } });
    },
  };
}
