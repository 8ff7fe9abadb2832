/**
 * Sweep links: a whole grid sweep (its base experiment, axes, seeds and budget) in the URL fragment, beside the
 * experiment links of link.ts and in the same format:
 *
 *   #sweep=1.<base64url(zlib(JSON of the sweep document))>
 *
 * The document is the one `Sweep file for the CLI` writes (sweepDocument), so a link and a file hold the same sweep.
 * A link is untrusted input: `readSweepLink` answers a malformed, oversized or invalid one with a sentence and never
 * throws; a valid one has been validated and expanded (every cell a valid experiment) before the page sees it.
 */
import { SpecError } from '../core/spec/fields.ts';
import { expandSweep, gridSize } from '../core/sweep/expand.ts';
import { MAX_CELLS, type SweepSpec, sweepDocument, validateSweep } from '../core/sweep/spec.ts';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { deflate, inflate } from './compress.ts';
import { LINK_VERSION, MAX_FRAGMENT_CHARS } from './link.ts';

/** Most bytes a sweep link may inflate to: a base spec (≈ 2.5 KB) and a few hundred axis values. */
export const MAX_SWEEP_JSON_BYTES = 32_768;

export type SweepLinkRead = { ok: true; sweep: SweepSpec } | { ok: false; error: string };

/** `sweep=1.<data>` for a valid grid sweep; a SpecError when the sweep is a list or its link would be too long. */
export async function makeSweepFragment(sweep: SweepSpec): Promise<string> {
  if (sweep.mode !== 'grid') throw new SpecError('only a grid sweep can be shared as a link; share a list sweep as its file');
  const json = JSON.stringify(sweepDocument(validateSweep(sweepDocument(sweep))));
  const fragment = `sweep=${LINK_VERSION}.${encodeBase64url(await deflate(new TextEncoder().encode(json)))}`;
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    throw new SpecError(`this sweep's link would be ${fragment.length} characters (a lab link has at most ${MAX_FRAGMENT_CHARS}): share the sweep file instead`);
  }
  return fragment;
}

/** The sweep inside a `1.<data>` payload, or why there is none. */
export async function decodeSweep(payload: string): Promise<SweepLinkRead> {
  const match = /^(\d{1,6})\.([\s\S]*)$/.exec(payload);
  if (!match) return { ok: false, error: `its sweep part does not start with a format version ("${LINK_VERSION}.")` };
  if (Number(match[1]) !== LINK_VERSION) return { ok: false, error: `it uses link format ${match[1]}; this lab reads format ${LINK_VERSION}` };
  const compressed = decodeBase64url(match[2]);
  if (compressed === null || compressed.length === 0) return { ok: false, error: 'its data is not valid base64url' };
  const inflated = await inflate(compressed, MAX_SWEEP_JSON_BYTES);
  if (!inflated.ok) return inflated;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes));
  } catch {
    return { ok: false, error: 'its data is not JSON text' };
  }
  try {
    const sweep = validateSweep(raw);
    if (sweep.mode !== 'grid') return { ok: false, error: 'it holds a list sweep; the page edits grid sweeps (run a list sweep with npm run sweep)' };
    const count = gridSize(sweep);
    if (count > MAX_CELLS) return { ok: false, error: `its sweep has ${count} cells; a sweep has at most ${MAX_CELLS}` };
    expandSweep(sweep); // every cell a valid experiment, or the first bad one named
    return { ok: true, sweep };
  } catch (e) {
    return { ok: false, error: e instanceof SpecError ? `its sweep is invalid: ${e.message}` : 'its sweep could not be read' };
  }
}

/** The `sweep=` part of a fragment (`location.hash`): null when there is none, else the sweep or why it cannot open. */
export async function readSweepLink(hash: string): Promise<SweepLinkRead | null> {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const parts = fragment.split('&').filter((p) => p === 'sweep' || p.startsWith('sweep='));
  if (parts.length === 0) return null;
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    return { ok: false, error: `it is too long (${fragment.length} characters; a lab link has at most ${MAX_FRAGMENT_CHARS})` };
  }
  if (parts.length > 1) return { ok: false, error: 'it repeats its sweep= part' };
  if (fragment.split('&').some((p) => p.startsWith('spec='))) {
    return { ok: false, error: 'it holds both an experiment (spec=) and a sweep (sweep=); a sweep carries its own experiment' };
  }
  let payload = parts[0].slice('sweep='.length);
  try {
    payload = decodeURIComponent(payload); // a link pasted through a mail client may come back percent-encoded
  } catch {
    /* malformed escapes stay as typed; the decoder rejects them */
  }
  return decodeSweep(payload);
}
