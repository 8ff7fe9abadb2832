/**
 * The share panel: a link to the experiment the controls describe (copied to the clipboard when the browser
 * allows it, always shown as selectable text), the Sweep section's sweep as its own link, and the classroom option —
 * controls the opened page will not show.
 */
import { useEffect, useMemo, useState } from 'react';
import { saeFields } from '../../core/spec/sae.ts';
import { transformerFields } from '../../core/spec/transformer.ts';
import { hiddenControls, hideGroups, pageControls } from '../../share/hide.ts';
import { makeFragment } from '../../share/link.ts';
import { useLab } from '../../store/lab.ts';
import { selectNotebookSpec } from '../../store/specSelectors.ts';
import { SweepLinkPanel } from '../sweep/SweepLinkPanel.tsx';
import './share.css';

function fieldLabel(path: string): string {
  const [part, key] = path.split('.');
  const table: Record<string, { label: string }> = part === 'transformer' ? transformerFields : saeFields;
  return table[key]?.label ?? path;
}

/** The link to `fragment` on this page, keeping the query (`?backend=`). */
function linkTo(fragment: string): string {
  const url = new URL(window.location.href);
  url.hash = fragment;
  return url.toString();
}

function HideBox({ id, label, checked, disabled, onToggle }: { id: string; label: string; checked: boolean; disabled?: boolean; onToggle(): void }) {
  return (
    <label className="hide-box">
      <input type="checkbox" data-testid={`hide-${id}`} checked={checked} disabled={disabled} onChange={onToggle} />
      <span>{label}</span> <code>{id}</code>
    </label>
  );
}

export function ShareDialog({ onClose }: { onClose(): void }) {
  const [hide, setHide] = useState<string[]>(() => useLab.getState().share.hide);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const spec = useLab(selectNotebookSpec);
  const sweep = useLab((s) => s.sweep.draft);
  const covered = useMemo(() => hiddenControls(hide.filter((k) => Object.hasOwn(hideGroups, k))), [hide]);

  useEffect(() => {
    let live = true;
    setCopied(null);
    if (!spec) setLink(null);
    else void makeFragment(spec, hide).then((f) => live && setLink(linkTo(f)), () => live && setLink(null));
    return () => {
      live = false;
    };
  }, [spec, hide]);

  const toggle = (key: string) => setHide((h) => (h.includes(key) ? h.filter((k) => k !== key) : [...h, key]));
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('no'); // no clipboard (insecure page, permission refused): the text box is there to copy by hand
    }
  };

  return (
    <div className="share-dialog" role="dialog" aria-label="Share this experiment" data-testid="share-dialog">
      <div className="share-head">
        <h2>Share this experiment</h2>
        <button type="button" className="link" onClick={onClose} data-testid="share-close">Close</button>
      </div>
      {spec === null ? (
        <p className="form-error" data-testid="share-invalid">Fix the highlighted transformer settings first: a link holds a valid experiment.</p>
      ) : (
        <>
          <p className="share-note">
            The link holds every setting (and the seeds): opening it rebuilds this notebook and reruns it, so the data
            split and initial weights are identical. Nothing is uploaded; the settings live in the part after “#”.
          </p>
          <div className="share-row">
            <input className="field-input share-link" data-testid="share-link" readOnly value={link ?? 'making the link…'}
              onFocus={(e) => e.target.select()} aria-label="link to this experiment" />
            <button type="button" className="primary" data-testid="share-copy" disabled={!link} onClick={() => void copy()}>Copy link</button>
          </div>
          {copied === 'yes' && <p className="share-note" data-testid="share-copied">Copied to the clipboard.</p>}
          {copied === 'no' && <p className="share-note" data-testid="share-copy-failed">This browser did not allow copying: select the link above and copy it.</p>}
        </>
      )}
      <div className="share-sweep" data-testid="share-sweep">
        <p className="share-note">
          {sweep
            ? `The sweep set up in the Sweep section (“${sweep.name}”, its axes, seeds and base experiment) as a link: it opens that section filled in, not started.`
            : 'No valid sweep is set up in the Sweep section: set its axes and seeds there to share it as a link.'}
        </p>
        <SweepLinkPanel sweep={sweep} testIdPrefix="share-" />
      </div>
      <fieldset className="share-hide">
        <legend>Classroom: controls the opened page will not show (their values still come from the link)</legend>
        <div className="hide-page">
          {Object.entries(pageControls).map(([key, label]) => (
            <HideBox key={key} id={key} label={label} checked={hide.includes(key)} onToggle={() => toggle(key)} />
          ))}
        </div>
        {Object.entries(hideGroups).map(([key, group]) => (
          <div key={key} className="hide-group">
            <HideBox id={key} label={group.label} checked={hide.includes(key)} onToggle={() => toggle(key)} />
            <div className="hide-members">
              {group.members.map((m) => (
                <HideBox key={m} id={m} label={fieldLabel(m)} checked={covered.has(m) || hide.includes(m)} disabled={covered.has(m)} onToggle={() => toggle(m)} />
              ))}
            </div>
          </div>
        ))}
      </fieldset>
    </div>
  );
}
