/**
 * Share links: the whole ExperimentSpec in the URL fragment, versioned and compressed, plus classroom hide keys.
 *
 *   #spec=1.<base64url(zlib(canonical JSON))>&hide=transformer.lr,backend
 *
 * `1` is the link format version (the spec's own version is inside the JSON). The canonical JSON is the validated
 * spec, whose keys come out in field-table order, so one experiment has one link. A link is untrusted input:
 * `readLink` answers every malformed, truncated, tampered, oversized or out-of-bounds link with a sentence saying
 * what is wrong, and never throws. The fragment never reaches a server.
 */
import { type ExperimentSpec, validateSpec } from '../core/spec/experiment.ts';
import { SpecError } from '../core/spec/fields.ts';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { deflate, inflate } from './compress.ts';
import { canonicalHide, parseHide } from './hide.ts';

export const LINK_VERSION = 1;
/** Longest fragment read: the largest valid spec with every hide key needs about half of it. */
export const MAX_FRAGMENT_CHARS = 8192;
/** Most bytes a link may inflate to; the largest valid spec's JSON is about 2.5 KB. */
export const MAX_JSON_BYTES = 16_384;

export type LinkRead = { ok: true; spec: ExperimentSpec; hide: string[] } | { ok: false; error: string };

/** The canonical JSON of a spec (validated first: a link is only ever made from a valid spec). */
export const canonicalJson = (spec: ExperimentSpec): string => JSON.stringify(validateSpec(spec));

/** `1.<data>` for a valid spec; throws a SpecError for an invalid one. */
export async function encodeSpec(spec: ExperimentSpec): Promise<string> {
  const bytes = await deflate(new TextEncoder().encode(canonicalJson(spec)));
  return `${LINK_VERSION}.${encodeBase64url(bytes)}`;
}

/** The fragment (without '#') of a link to `spec`, hiding `hide` on the page it opens. */
export async function makeFragment(spec: ExperimentSpec, hide: readonly string[] = []): Promise<string> {
  const keys = canonicalHide(hide);
  return `spec=${await encodeSpec(spec)}${keys.length > 0 ? `&hide=${keys.join(',')}` : ''}`;
}

/** The spec inside a `1.<data>` payload, or why there is none. */
export async function decodeSpec(payload: string): Promise<LinkRead> {
  const match = /^(\d{1,6})\.([\s\S]*)$/.exec(payload);
  if (!match) return { ok: false, error: `its spec part does not start with a format version ("${LINK_VERSION}.")` };
  const version = Number(match[1]);
  if (version !== LINK_VERSION) {
    return { ok: false, error: `it uses link format ${version}; this lab reads format ${LINK_VERSION}` };
  }
  const compressed = decodeBase64url(match[2]);
  if (compressed === null || compressed.length === 0) return { ok: false, error: 'its data is not valid base64url' };
  const inflated = await inflate(compressed, MAX_JSON_BYTES);
  if (!inflated.ok) return inflated;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes));
  } catch {
    return { ok: false, error: 'its data is not JSON text' };
  }
  try {
    return { ok: true, spec: validateSpec(raw), hide: [] };
  } catch (e) {
    return { ok: false, error: e instanceof SpecError ? `its spec is invalid: ${e.message}` : 'its spec could not be read' };
  }
}

/** `name=value` parts of a fragment; null when a part repeats (which one counts would be a guess). */
function fragmentParts(fragment: string): Map<string, string> | null {
  const parts = new Map<string, string>();
  for (const part of fragment.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (parts.has(name)) return null;
    let value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      value = decodeURIComponent(value); // a link pasted through a mail client may come back percent-encoded
    } catch {
      /* malformed escapes stay as typed; the decoders below reject them */
    }
    parts.set(name, value);
  }
  return parts;
}

/**
 * Reads a page's fragment (`location.hash`, with or without '#'): null when it holds no link, else the spec and the
 * hide keys, or the reason the link cannot be opened. Never throws.
 */
export async function readLink(hash: string): Promise<LinkRead | null> {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    return { ok: false, error: `it is too long (${fragment.length} characters; a lab link has at most ${MAX_FRAGMENT_CHARS})` };
  }
  const parts = fragmentParts(fragment);
  if (parts === null) return { ok: false, error: 'it repeats a part (spec= or hide=)' };
  const payload = parts.get('spec');
  const hideText = parts.get('hide');
  if (payload === undefined) return hideText === undefined ? null : { ok: false, error: 'it hides controls but holds no spec' };
  const hide = parseHide(hideText ?? '');
  if (!hide.ok) return hide;
  const read = await decodeSpec(payload);
  return read.ok ? { ...read, hide: hide.keys } : read;
}
