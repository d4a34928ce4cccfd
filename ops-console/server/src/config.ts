import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigError, envFlag, envInt, envLogLevel, envPort, envString, envUrl } from '@cityops/contracts';
import { loadUnitsDirectory, SAMPLE_UNITS_FILE, type UnitsDirectory } from './units/units-directory.ts';

export interface ConsoleConfig {
  port: number;
  host: string;
  /** Serve the built web UI from here (SPA); unset → API only. */
  webDist: string | undefined;
  /** Mark the session cookie Secure (behind TLS). */
  secureCookies: boolean;
  sessionHours: number;
  /** Days audit entries are kept (CITYOPS_AUDIT_RETENTION_DAYS); never under 400. */
  auditRetentionDays: number;
  /** A key Open311 accepts besides the ones admins issue (CITYOPS_OPEN311_KEY); at least 16 characters. */
  open311Key: string | undefined;
  /** Serve Open311 reads without a key (CITYOPS_OPEN311_PUBLIC_READ=1). Off by default: reports name streets and times. */
  open311PublicRead: boolean;
  /** The center's clock, minutes east of UTC (CITYOPS_UTC_OFFSET_MINUTES, Vietnam 420): times on citizens' status pages. */
  utcOffsetMinutes: number;
  /**
   * Proxies whose X-Forwarded-For / -Proto / -Host are believed (addresses, CIDRs, or proxy-addr's
   * `loopback`, `linklocal`, `uniquelocal`). Empty: no forwarding header is believed, so a client
   * cannot pick the address the sign-in throttle counts it under.
   */
  trustedProxies: readonly string[];
  /** Origins besides the console's own whose pages may change things and open /ops (`https://wall.example.vn`). */
  allowedOrigins: readonly string[];
  /** Origins the map may load a remote basemap from (style, tiles, glyphs, sprites), added to the CSP. */
  mapOrigins: readonly string[];
  /** Origins citizens' photos are shown from (CITYOPS_MEDIA_ORIGINS; default any https origin), added to the CSP's img-src. */
  mediaOrigins: readonly string[];
  /** Where hotline tickets are forwarded (CITYOPS_UNITS_FILE; default: the bundled, labelled sample). */
  units: UnitsDirectory;
  logLevel: ReturnType<typeof envLogLevel>;
}

export function readConsoleConfig(env: Readonly<Record<string, string | undefined>>, webDist?: string): ConsoleConfig {
  // Checked so a typo fails at start, but not kept: replicas share events through the event log,
  // not Redis (docs/adr/0004-realtime-from-the-event-log.md).
  envUrl(env, 'REDIS_URL', ['redis', 'rediss']);
  return {
    port: envPort(env, 'PORT', 8080),
    host: envString(env, 'CITYOPS_HOST', '0.0.0.0')!,
    webDist,
    secureCookies: envFlag(env, 'CITYOPS_SECURE_COOKIES', false),
    sessionHours: envInt(env, 'CITYOPS_SESSION_HOURS', 12, 1, 24 * 30),
    auditRetentionDays: envInt(env, 'CITYOPS_AUDIT_RETENTION_DAYS', 400, 400, 36_500),
    open311Key: open311Key(env),
    open311PublicRead: envFlag(env, 'CITYOPS_OPEN311_PUBLIC_READ', false),
    utcOffsetMinutes: envInt(env, 'CITYOPS_UTC_OFFSET_MINUTES', 420, -720, 840),
    trustedProxies: trustedProxies(env),
    allowedOrigins: origins(env, 'CITYOPS_ALLOWED_ORIGINS'),
    mapOrigins: origins(env, 'CITYOPS_MAP_ORIGINS'),
    mediaOrigins: envString(env, 'CITYOPS_MEDIA_ORIGINS') === undefined ? ['https:'] : origins(env, 'CITYOPS_MEDIA_ORIGINS'),
    units: loadUnitsDirectory(resolve(envString(env, 'CITYOPS_UNITS_FILE') ?? SAMPLE_UNITS_FILE)),
    logLevel: envLogLevel(env),
  };
}

/** A guessable shared key would let anyone file reports as the city's own app. */
function open311Key(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const key = envString(env, 'CITYOPS_OPEN311_KEY');
  if (key !== undefined && (key.length < 16 || /\s/.test(key))) throw new ConfigError('CITYOPS_OPEN311_KEY', 'must be at least 16 characters without spaces');
  return key;
}

function list(env: Readonly<Record<string, string | undefined>>, name: string): string[] {
  return (envString(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Every entry must be something proxy-addr understands; a typo would otherwise trust nobody, or everybody. */
function trustedProxies(env: Readonly<Record<string, string | undefined>>): string[] {
  const entries = list(env, 'CITYOPS_TRUSTED_PROXIES');
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new ConfigError('CITYOPS_TRUSTED_PROXIES', `must be a comma list of addresses or CIDRs (or loopback, linklocal, uniquelocal), got "${entry}"`);
    }
  }
  return entries;
}

/** `scheme://host[:port]` only, normalised the way browsers send Origin, so comparisons are exact. */
function origins(env: Readonly<Record<string, string | undefined>>, name: string): string[] {
  return list(env, name).map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    const bare =
      url &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      !url.username &&
      !url.password &&
      (url.pathname === '/' || url.pathname === '') &&
      !url.search &&
      !url.hash;
    if (!url || !bare)
      throw new ConfigError(name, `must be a comma list of origins like https://ops.example.vn (scheme, host, optional port; no path), got "${entry}"`);
    return url.origin;
  });
}
