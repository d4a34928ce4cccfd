import { describe, expect, it } from 'vitest';
import { readConsoleConfig } from './config.ts';

describe('readConsoleConfig: security settings', () => {
  it('trusts no proxy and no other origin by default', () => {
    expect(readConsoleConfig({})).toMatchObject({ trustedProxies: [], allowedOrigins: [], mapOrigins: [] });
  });

  it("takes addresses, CIDRs and proxy-addr's named ranges as trusted proxies", () => {
    expect(readConsoleConfig({ CITYOPS_TRUSTED_PROXIES: '10.0.0.1, 172.16.0.0/12,::1,fd00::/8,loopback' }).trustedProxies).toEqual([
      '10.0.0.1',
      '172.16.0.0/12',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['*', 'true', '10.0.0.0/33', '10.0.0.300', 'proxy.internal', '10.0.0.0/8/1', '::1/129'])('refuses trusted proxy "%s" in one line', (value) => {
    expect(() => readConsoleConfig({ CITYOPS_TRUSTED_PROXIES: value })).toThrow(
      /^CITYOPS_TRUSTED_PROXIES must be a comma list of addresses or CIDRs .*, got "/,
    );
  });

  it('normalises allowed and map origins the way browsers send Origin', () => {
    const c = readConsoleConfig({
      CITYOPS_ALLOWED_ORIGINS: 'https://Wall.Example.vn:443, http://10.0.0.5:8080/',
      CITYOPS_MAP_ORIGINS: 'https://tiles.example.vn',
    });
    expect(c.allowedOrigins).toEqual(['https://wall.example.vn', 'http://10.0.0.5:8080']);
    expect(c.mapOrigins).toEqual(['https://tiles.example.vn']);
  });

  it.each(['*', 'wall.example.vn', 'https://wall.example.vn/desk', 'ftp://x.vn', 'https://u:p@x.vn', 'https://x.vn?a=1'])(
    'refuses origin "%s" in one line',
    (value) => {
      expect(() => readConsoleConfig({ CITYOPS_ALLOWED_ORIGINS: value })).toThrow(/^CITYOPS_ALLOWED_ORIGINS must be a comma list of origins/);
      expect(() => readConsoleConfig({ CITYOPS_MAP_ORIGINS: value })).toThrow(/^CITYOPS_MAP_ORIGINS must be/);
    },
  );
});
