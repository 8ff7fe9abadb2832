/**
 * The footer's link to the definitions of every number (docs/metrics.md). The build serves the file itself, beside
 * the app (Vite emits it as an asset): the link works offline and on any host the built site is copied to, and
 * opens the text the repository holds for this very version. (A link into a code host would leave the page and
 * could show another version.)
 */
import metricsDocUrl from '../../docs/metrics.md?url&no-inline';

export function MetricsDocLink() {
  return (
    <a href={metricsDocUrl} target="_blank" rel="noopener" data-testid="metrics-doc-link" title="the definitions of every number on this page (markdown)">
      docs/metrics.md
    </a>
  );
}
