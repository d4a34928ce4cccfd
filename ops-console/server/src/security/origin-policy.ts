/**
 * Which pages may change things in the console or open its Socket.IO stream. The session cookie is
 * SameSite=Lax, and a page on another port of the same host is the same *site*: the browser sends
 * it the cookie. What the browser cannot forge is the Origin header (and the Referer), so
 * state-changing requests and the realtime handshake are judged by it.
 */

export interface SourceHeaders {
  origin?: string | string[] | undefined;
  referer?: string | string[] | undefined;
  host?: string | string[] | undefined;
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * The origin the browser says the request came from: Origin, else the Referer's origin;
 * `undefined` when it sent neither, `null` when what it sent is opaque or unparsable (a sandboxed
 * frame, a `data:` page) and so can never be ours.
 */
export function requestSource(headers: SourceHeaders): string | null | undefined {
  const origin = first(headers.origin);
  if (origin !== undefined && origin !== '') return origin === 'null' ? null : originOf(origin);
  const referer = first(headers.referer);
  if (referer !== undefined && referer !== '') return originOf(referer);
  return undefined;
}

function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The console's own origin is whatever host the browser addressed (the Host header), so one
 * deployment answers under several names without configuration. The scheme is not compared: TLS
 * usually ends at a proxy, where http and https name the same server.
 */
function isOwn(source: string, host: string | undefined): boolean {
  if (!host) return false;
  const url = new URL(source);
  try {
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}

export interface JudgeInput {
  headers: SourceHeaders;
  /** The request carries the session cookie (valid or not): a browser attached it. */
  hasSessionCookie: boolean;
  /** Normalised origins (`URL.origin`) besides the console's own. */
  allowed: ReadonlySet<string>;
}

export function judgeOrigin({ headers, hasSessionCookie, allowed }: JudgeInput): OriginVerdict {
  const source = requestSource(headers);
  if (source === undefined) {
    // Machine clients (API keys, Open311) send neither header; a browser always sends one with
    // anything that can carry our cookie across sites, so a cookie without either is not let in.
    return hasSessionCookie ? { ok: false, reason: 'a request with a session cookie must carry Origin or Referer' } : { ok: true };
  }
  if (source === null) return { ok: false, reason: 'opaque or malformed Origin/Referer' };
  if (allowed.has(source) || isOwn(source, first(headers.host))) return { ok: true };
  return { ok: false, reason: `origin ${source} is not this console's` };
}
