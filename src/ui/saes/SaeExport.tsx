/**
 * Download of each seed's SAE in SAELens layout. A browser download cannot create folders (and the lab ships no
 * zip writer), so each file is saved as `FOLDER__NAME`, e.g. `topk_k8_seed42__cfg.json`; SAELens wants them as
 * `FOLDER/cfg.json` and `FOLDER/sae_weights.safetensors` (README, "Exporting SAEs"). "Download all" saves the files
 * one after another.
 */
import { useEffect, useMemo } from 'react';
import { useLab } from '../../store/lab.ts';
import type { SaeFile } from '../../worker/saeMessages.ts';

const MIME: Record<SaeFile['name'], string> = { 'sae_weights.safetensors': 'application/octet-stream', 'cfg.json': 'application/json' };

export const downloadName = (f: Pick<SaeFile, 'folder' | 'name'>): string => `${f.folder}__${f.name}`;

interface Link {
  file: SaeFile;
  url: string;
}

function useLinks(files: SaeFile[] | null): Link[] {
  const links = useMemo(
    () => (files ?? []).map((file) => ({ file, url: URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: MIME[file.name] })) })),
    [files],
  );
  useEffect(() => () => links.forEach((l) => URL.revokeObjectURL(l.url)), [links]);
  return links;
}

function save(link: Link): void {
  const a = document.createElement('a');
  a.href = link.url;
  a.download = downloadName(link.file);
  a.click();
}

const kb = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`);

export function SaeExport() {
  const files = useLab((s) => s.saes.files);
  const links = useLinks(files);
  if (links.length === 0) return null;
  const folders = [...new Set(links.map((l) => l.file.folder))];
  const saveAll = () => links.forEach((l, i) => setTimeout(() => save(l), i * 400)); // spaced: browsers drop bursts

  return (
    <div className="sae-export" data-testid="sae-export">
      <div className="sae-export-head">
        <button type="button" className="secondary" data-testid="sae-export-all" onClick={saveAll}>Download all SAELens files</button>
        <span className="run-hint">
          save each pair as <code>FOLDER/sae_weights.safetensors</code> and <code>FOLDER/cfg.json</code> (files are named <code>FOLDER__NAME</code>)
        </span>
      </div>
      <ul className="sae-files">
        {folders.map((folder) => (
          <li key={folder}>
            <strong>{folder}</strong>
            {links.filter((l) => l.file.folder === folder).map((l) => (
              <a key={l.file.name} href={l.url} download={downloadName(l.file)} data-testid={`sae-file-${folder}-${l.file.name}`}>
                {l.file.name} <span className="file-size">{kb(l.file.bytes.length)}</span>
              </a>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
