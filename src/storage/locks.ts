/**
 * One lock per stored run (Web Locks API), held by the tab that trains it for as long as it trains. A run stored as
 * running or paused whose lock is free has no live tab: it was interrupted (reload, crash, closed browser). Locks
 * vanish with their tab, so a crashed tab never leaves a run locked.
 */
export const runLockName = (recordId: string): string => `sae-stability-lab/run/${recordId}`;

/** A held lock; `release()` lets other tabs take it. */
export type Release = () => void;

/**
 * Takes the run's lock unless another tab holds it (null then). Without Web Locks (very old browsers) every run
 * counts as this tab's.
 */
export function tryLockRun(recordId: string): Promise<Release | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return Promise.resolve(() => {});
  return new Promise((resolve, reject) => {
    locks
      .request(runLockName(recordId), { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        return new Promise<void>((release) => resolve(release));
      })
      .catch(reject);
  });
}

/** True when some tab (this one included) holds the run's lock now. */
export async function isRunLocked(recordId: string): Promise<boolean> {
  const release = await tryLockRun(recordId);
  release?.();
  return release === null;
}
