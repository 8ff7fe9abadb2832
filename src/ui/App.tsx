/** The notebook: a header, then one cell per section (sections.ts), top to bottom in the order the science flows. */
import { useEffect } from 'react';
import { useLab } from '../store/lab.ts';
import { Header } from './Header.tsx';
import { LinkBanner } from './share/LinkBanner.tsx';
import { useLinkSync } from './share/useLinkSync.ts';
import { NOTEBOOK_SECTIONS } from './sections.ts';
import { StorageBanner } from './storage/StorageBadge.tsx';
import { MetricsDocLink } from './MetricsDocLink.tsx';
import { SkipLinks } from './SkipLinks.tsx';
import { Announcer } from './Announcer.tsx';
import { LessonPanel } from './workshop/LessonPanel.tsx';
import { OptionProblems } from './workshop/OptionProblems.tsx';
import { PresenterBar } from './workshop/PresenterBar.tsx';
import { useStageClass } from './workshop/useStage.ts';

export function App() {
  const connect = useLab((s) => s.connect);
  useEffect(connect, [connect]);
  useLinkSync();
  const stage = useStageClass();
  return (
    <div className={`app ${stage}`.trim()}>
      <SkipLinks />
      <Header />
      <LinkBanner />
      <OptionProblems />
      <LessonPanel />
      <PresenterBar />
      <main className="notebook">
        <StorageBanner />
        {NOTEBOOK_SECTIONS.map(({ id, Component }) => <Component key={id} />)}
        <p className="notebook-next">Everything runs in this browser; nothing is uploaded. Definitions of every number: <MetricsDocLink />.</p>
      </main>
      <Announcer />
    </div>
  );
}
