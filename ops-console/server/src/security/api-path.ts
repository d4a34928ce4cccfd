/** Where the console's data lives; the web UI's fallback must never answer under these. */
export const API_PREFIXES = ['/api', '/open311'] as const;

/**
 * Whether a path names something under the API however it is spelled: percent-escapes decoded
 * (repeatedly, for a proxy or client that decodes once more), dot segments and doubled slashes
 * resolved, letters folded. The SPA fallback answers such paths with a JSON 404, not index.html.
 */
export function isApiPath(rawPath: string): boolean {
  let path = rawPath.split('?')[0] ?? '';
  for (let i = 0; i < 4; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      break;
    }
    if (decoded === path) break;
    path = decoded;
  }
  let normalised: string;
  try {
    normalised = new URL(path.replace(/\\/g, '/').replace(/\/{2,}/g, '/'), 'http://console.invalid').pathname;
  } catch {
    return true; // unparsable: not something the UI serves either
  }
  const p = normalised.replace(/\/{2,}/g, '/').toLowerCase();
  return API_PREFIXES.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));
}
