/**
 * Headers every answer carries. The policy is written for what the web UI really does: MapLibre
 * and deck.gl start their workers from blob: URLs and decode images from data:/blob:, MapLibre and
 * Svelte set inline styles, Socket.IO talks to the same host over ws(s), and a deployment's
 * basemap may live on another origin (`mapOrigins`). Nothing may frame the console (clickjacking
 * an acknowledge button), and nothing else may embed its answers.
 */
export interface SecurityHeaderOptions {
  /** Origins a remote basemap is loaded from (style JSON, tiles, glyphs, sprites). */
  mapOrigins: readonly string[];
  /**
   * Where citizens' photos (Open311 `media_url`) are shown from: images only, never scripts or
   * connections. Default `https:` (any https origin: citizen apps host photos anywhere).
   */
  mediaOrigins?: readonly string[];
}

/** A Host header fit to be echoed into the policy; anything odd is left out rather than escaped. */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function contentSecurityPolicy(host: string | undefined, opts: SecurityHeaderOptions): string {
  const map = opts.mapOrigins.join(' ');
  const images = [...new Set([...opts.mapOrigins, ...(opts.mediaOrigins ?? [])])].join(' ');
  const sockets = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${images ? ` ${images}` : ''}`,
    `font-src 'self' data:${map ? ` ${map}` : ''}`,
    `connect-src 'self'${sockets}${map ? ` ${map}` : ''}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

export function securityHeaders(host: string | undefined, opts: SecurityHeaderOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(host, opts),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // same-origin, not no-referrer: the Socket.IO polling handshake is a same-origin GET without an
    // Origin header, and its Referer is how it shows it comes from the console's own page.
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** For the Socket.IO engine's own answers (polling bodies): not documents, so no policy to apply. */
export const ENGINE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};
