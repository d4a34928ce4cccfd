import { envFlag, envInt, envLogLevel, envPort, envString, envUrl } from '@cityops/contracts';

export interface ConsoleConfig {
  port: number;
  host: string;
  /** Serve the built web UI from here (SPA); unset → API only. */
  webDist: string | undefined;
  /** Mark the session cookie Secure (behind TLS). */
  secureCookies: boolean;
  sessionHours: number;
  redisUrl: string | undefined;
  open311Key: string | undefined;
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
    open311Key: envString(env, 'CITYOPS_OPEN311_KEY'),
    logLevel: envLogLevel(env),
  };
}
