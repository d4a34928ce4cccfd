import { ConfigError, envFlag, envInt, envLogLevel, envPort, envString, envUrl } from '@cityops/contracts';

export interface ConsoleConfig {
  port: number;
  host: string;
  /** Serve the built web UI from here (SPA); unset → API only. */
  webDist: string | undefined;
  /** Mark the session cookie Secure (behind TLS). */
  secureCookies: boolean;
  sessionHours: number;
  redisUrl: string | undefined;
  /** A key Open311 accepts besides the ones admins issue (contract §1); at least 16 characters. */
  open311Key: string | undefined;
  /** Serve Open311 reads without a key (CITYOPS_OPEN311_PUBLIC_READ=1). Off by default: reports name streets and times. */
  open311PublicRead: boolean;
  logLevel: ReturnType<typeof envLogLevel>;
}

export function readConsoleConfig(env: Readonly<Record<string, string | undefined>>, webDist?: string): ConsoleConfig {
  return {
    port: envPort(env, 'PORT', 8080),
    host: envString(env, 'CITYOPS_HOST', '0.0.0.0')!,
    webDist,
    secureCookies: envFlag(env, 'CITYOPS_SECURE_COOKIES', false),
    sessionHours: envInt(env, 'CITYOPS_SESSION_HOURS', 12, 1, 24 * 30),
    redisUrl: envUrl(env, 'REDIS_URL', ['redis', 'rediss']),
    open311Key: open311Key(env),
    open311PublicRead: envFlag(env, 'CITYOPS_OPEN311_PUBLIC_READ', false),
    logLevel: envLogLevel(env),
  };
}

/** A guessable shared key would let anyone file reports as the city's own app. */
function open311Key(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const key = envString(env, 'CITYOPS_OPEN311_KEY');
  if (key !== undefined && (key.length < 16 || /\s/.test(key))) throw new ConfigError('CITYOPS_OPEN311_KEY', 'must be at least 16 characters without spaces');
  return key;
}
