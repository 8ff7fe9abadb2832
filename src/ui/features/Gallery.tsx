/**
 * The explorer's gallery: a seed's top latents (by firing rate or stability) as tiny p × p images, one canvas each
 * filled with a single putImageData from the worker's byte thumbnails (no Plotly: 20 images cost next to nothing on
 * the main thread). Clicking one opens it in the explorer.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { FeaturesSummary } from '../../core/experiment/features.ts';
import { VIRIDIS } from '../../report/viridis.ts';

function Thumbnail({ p, pixels, latent, frequency, active, onPick }: {
  p: number; pixels: Uint8Array; latent: number; frequency: number; active: boolean; onPick: () => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(p, p);
    for (let g = 0; g < p * p; g++) {
      image.data.set(VIRIDIS.subarray(pixels[g] * 3, pixels[g] * 3 + 3), g * 4);
      image.data[g * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [p, pixels]);
  return (
    <button type="button" className={active ? 'features-thumb active' : 'features-thumb'} data-testid={`features-thumb-${latent}`}
      data-latent={latent} data-frequency={frequency} onClick={onPick}
      title={`latent ${latent}${frequency > 0 ? `, Fourier k = ${frequency}` : ''}: open in the explorer`}>
      <canvas ref={canvas} width={p} height={p} />
      <span>{frequency > 0 ? `${latent} · k ${frequency}` : latent}</span>
    </button>
  );
}

export function Gallery({ summary: s, seedIndex, latents, selected, onPick }: {
  summary: FeaturesSummary; seedIndex: number; latents: number[]; selected: number | null; onPick: (latent: number) => void;
}) {
  const thumbs = useMemo(() => new Map(s.thumbnails[seedIndex]?.map((t) => [t.latent, t])), [s, seedIndex]);
  return (
    <div className="features-gallery" data-testid="features-gallery">
      {latents.map((l) => {
        const t = thumbs.get(l);
        return t
          ? <Thumbnail key={l} p={s.p} pixels={t.pixels} latent={l} frequency={t.frequency} active={l === selected} onPick={() => onPick(l)} />
          : <button key={l} type="button" className="link" onClick={() => onPick(l)}>{l}</button>;
      })}
    </div>
  );
}
