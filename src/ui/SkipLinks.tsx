/**
 * Skip links, the first tab stops of the page (shown only while one has focus): jump to a section without tabbing
 * through every control above it. They move focus themselves instead of following `#…`: the page's fragment holds
 * the share link (useLinkSync.ts), which a plain in-page anchor would overwrite.
 */
import type { MouseEvent } from 'react';
import './a11y.css';
import { NOTEBOOK_SECTIONS } from './sections.ts';

const SECTIONS: [id: string, label: string][] = NOTEBOOK_SECTIONS.map(({ id, title }, i) => [id, `${i + 1} ${title}`]);

function jump(e: MouseEvent<HTMLAnchorElement>, id: string): void {
  e.preventDefault();
  const section = document.getElementById(`section-${id}`);
  section?.focus({ preventScroll: true }); // focus alone scrolls a tall section by its nearest edge, often its end
  section?.scrollIntoView({ block: 'start' });
}

export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip to section" data-testid="skip-links">
      {SECTIONS.map(([id, label]) => (
        <a key={id} href={`#section-${id}`} data-testid={`skip-${id}`} onClick={(e) => jump(e, id)}>{label}</a>
      ))}
    </nav>
  );
}
