import { ConfigError, envFlag, envInt, envString, envUrl } from '@cityops/contracts';
import { DEFAULT_NOTIFIER_SETTINGS, type NotifierSettings } from './notifier.ts';
import { parseCidr } from './senders/target-guard.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** A comma list of CIDRs (`127.0.0.1/32,10.20.0.0/16`); one that does not parse stops the start. */
function networksOf(env: Env, name: string): string[] {
  const list = (envString(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((c) => parseCidr(c) === null);
  if (bad !== undefined) throw new ConfigError(name, `"${bad}" is not an address or CIDR (e.g. 127.0.0.1/32, 10.20.0.0/16, fd00::/8)`);
  return list;
}

/**
 * The notifier's settings from the environment (docs in ./../README.md):
 * CITYOPS_PUBLIC_URL, CITYOPS_SMTP_URL, CITYOPS_SMTP_FROM, CITYOPS_SMTP_REQUIRE_TLS,
 * CITYOPS_SMTP_ALLOW_UNVERIFIED_TLS, CITYOPS_NOTIFY_GIVE_UP_AFTER_MS, CITYOPS_NOTIFY_RETRY_BASE_MS,
 * CITYOPS_NOTIFY_RETRY_MAX_MS, CITYOPS_NOTIFY_BREAKER_FAILURES, CITYOPS_NOTIFY_BREAKER_OPEN_MS,
 * CITYOPS_UTC_OFFSET_MINUTES, CITYOPS_NOTIFY_ALLOW_NETWORKS, CITYOPS_NOTIFY_DENY_PRIVATE.
 */
export function readNotifierSettings(env: Env, fallbackPublicUrl: string): NotifierSettings {
  const publicUrl = envUrl(env, 'CITYOPS_PUBLIC_URL', ['http', 'https']) ?? fallbackPublicUrl;
  const smtpUrl = envUrl(env, 'CITYOPS_SMTP_URL', ['smtp', 'smtps']);
  const from = envString(env, 'CITYOPS_SMTP_FROM');
  if (smtpUrl && !from)
    throw new ConfigError('CITYOPS_SMTP_FROM', 'must be set with CITYOPS_SMTP_URL (the sender address, e.g. "Trung tâm IOC <ioc@example.gov.vn>")');
  const baseMs = envInt(env, 'CITYOPS_NOTIFY_RETRY_BASE_MS', DEFAULT_NOTIFIER_SETTINGS.backoff.baseMs, 10, 600_000);
  return {
    publicUrl,
    smtp: smtpUrl
      ? {
          url: smtpUrl,
          from: from!,
          requireTls: envFlag(env, 'CITYOPS_SMTP_REQUIRE_TLS', false),
          allowUnverifiedTls: envFlag(env, 'CITYOPS_SMTP_ALLOW_UNVERIFIED_TLS', false),
          timeoutMs: 15_000,
        }
      : null,
    giveUpAfterMs: envInt(env, 'CITYOPS_NOTIFY_GIVE_UP_AFTER_MS', DEFAULT_NOTIFIER_SETTINGS.giveUpAfterMs, 1_000, 7 * 86_400_000),
    backoff: { baseMs, maxMs: envInt(env, 'CITYOPS_NOTIFY_RETRY_MAX_MS', DEFAULT_NOTIFIER_SETTINGS.backoff.maxMs, baseMs, 3_600_000) },
    breaker: {
      failureThreshold: envInt(env, 'CITYOPS_NOTIFY_BREAKER_FAILURES', DEFAULT_NOTIFIER_SETTINGS.breaker.failureThreshold, 1, 1000),
      openMs: envInt(env, 'CITYOPS_NOTIFY_BREAKER_OPEN_MS', DEFAULT_NOTIFIER_SETTINGS.breaker.openMs, 100, 3_600_000),
    },
    utcOffsetMinutes: envInt(env, 'CITYOPS_UTC_OFFSET_MINUTES', DEFAULT_NOTIFIER_SETTINGS.utcOffsetMinutes, -720, 840),
    targets: { allowNetworks: networksOf(env, 'CITYOPS_NOTIFY_ALLOW_NETWORKS'), denyPrivate: envFlag(env, 'CITYOPS_NOTIFY_DENY_PRIVATE', false) },
  };
}
