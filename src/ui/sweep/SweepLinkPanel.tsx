/**
 * "Share sweep link": the whole sweep (base experiment, axes, seeds, budget) as a `#sweep=` link (src/share/sweepLink.ts),
 * shown as text to select and copied to the clipboard where the browser allows it. A sweep too large for a link
 * (over 8,192 characters) says so: its file is the way to share it.
 */
import { useEffect, useState } from 'react';
import type { SweepSpec } from '../../core/sweep/spec.ts';
import { makeSweepFragment } from '../../share/sweepLink.ts';

/** `testIdPrefix`: the header's Share panel shows one too (`share-sweep-share`, `share-sweep-link`). */
export function SweepLinkPanel({ sweep, testIdPrefix = '' }: { sweep: SweepSpec | null; testIdPrefix?: string }) {
  const [link, setLink] = useState<{ url: string } | { error: string } | null>(null);
  useEffect(() => setLink(null), [sweep]); // a link to an older draft would share the wrong sweep

  const share = async () => {
    if (!sweep) return;
    try {
      const url = new URL(window.location.href);
      url.hash = await makeSweepFragment(sweep);
      setLink({ url: url.href });
      await navigator.clipboard?.writeText(url.href).catch(() => undefined);
    } catch (e) {
      setLink({ error: (e as Error).message });
    }
  };

  return (
    <div className="sweep-controls">
      <button type="button" className="secondary" data-testid={`${testIdPrefix}sweep-share`} disabled={!sweep} onClick={() => void share()}>Share sweep link</button>
      {link && 'url' in link && (
        <input className="field-input sweep-link" readOnly aria-label="sweep link" data-testid={`${testIdPrefix}sweep-link`} value={link.url} onFocus={(e) => e.target.select()} />
      )}
      {link && 'error' in link && <span className="field-error" data-testid={`${testIdPrefix}sweep-link-too-long`}>{link.error}</span>}
    </div>
  );
}
