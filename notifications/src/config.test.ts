import { describe, expect, it } from 'vitest';
import { readNotifierSettings } from './config.ts';

describe('readNotifierSettings', () => {
  it('defaults: links to the console, no SMTP, 10 minutes before giving up, retries from 1 s to 60 s, Vietnam time', () => {
    expect(readNotifierSettings({}, 'http://localhost:8080')).toEqual({
      publicUrl: 'http://localhost:8080',
      smtp: null,
      giveUpAfterMs: 600_000,
      backoff: { baseMs: 1000, maxMs: 60_000 },
      breaker: { failureThreshold: 5, openMs: 30_000 },
      utcOffsetMinutes: 420,
      targets: { allowNetworks: [], denyPrivate: false },
    });
  });
  it('reads SMTP with its TLS settings', () => {
    const s = readNotifierSettings(
      {
        CITYOPS_PUBLIC_URL: 'https://ioc.hanoi.gov.vn',
        CITYOPS_SMTP_URL: 'smtps://ioc:pw@mail.hanoi.gov.vn:465',
        CITYOPS_SMTP_FROM: 'IOC <ioc@hanoi.gov.vn>',
        CITYOPS_SMTP_REQUIRE_TLS: '1',
      },
      'http://localhost:8080',
    );
    expect(s.publicUrl).toBe('https://ioc.hanoi.gov.vn');
    expect(s.smtp).toEqual({
      url: 'smtps://ioc:pw@mail.hanoi.gov.vn:465',
      from: 'IOC <ioc@hanoi.gov.vn>',
      requireTls: true,
      allowUnverifiedTls: false,
      timeoutMs: 15_000,
    });
  });
  it('names the variable at fault in one line', () => {
    expect(() => readNotifierSettings({ CITYOPS_SMTP_URL: 'http://mail' }, 'http://x')).toThrow('CITYOPS_SMTP_URL must use smtp or smtps://');
    expect(() => readNotifierSettings({ CITYOPS_SMTP_URL: 'smtp://mail' }, 'http://x')).toThrow(/^CITYOPS_SMTP_FROM must be set/);
    expect(() => readNotifierSettings({ CITYOPS_NOTIFY_GIVE_UP_AFTER_MS: '10' }, 'http://x')).toThrow('CITYOPS_NOTIFY_GIVE_UP_AFTER_MS must be an integer');
    expect(() => readNotifierSettings({ CITYOPS_NOTIFY_ALLOW_NETWORKS: '127.0.0.1/32, 10.0.0.0/33' }, 'http://x')).toThrow(
      'CITYOPS_NOTIFY_ALLOW_NETWORKS "10.0.0.0/33" is not an address or CIDR',
    );
    expect(readNotifierSettings({ CITYOPS_NOTIFY_ALLOW_NETWORKS: '127.0.0.1/32, ::1', CITYOPS_NOTIFY_DENY_PRIVATE: '1' }, 'http://x').targets).toEqual({
      allowNetworks: ['127.0.0.1/32', '::1'],
      denyPrivate: true,
    });
    expect(() => readNotifierSettings({ CITYOPS_NOTIFY_RETRY_BASE_MS: '5000', CITYOPS_NOTIFY_RETRY_MAX_MS: '1000' }, 'http://x')).toThrow(
      'CITYOPS_NOTIFY_RETRY_MAX_MS',
    );
  });
});
