import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@cityops/contracts';
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

describe('the units directory (CITYOPS_UNITS_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cityops-units-'));
  const file = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to the bundled sample, labelled as one', () => {
    const { units } = readConsoleConfig({});
    expect(units.sample).toBe(true);
    expect(units.get('E-114')?.kind).toBe('emergency');
  });

  it("reads a deployment's own file", () => {
    const path = file('ok.json', { sample: false, source: 'Văn phòng UBND thành phố', units: [{ id: 'P-1', name: 'UBND phường 1', kind: 'ward' }] });
    const { units } = readConsoleConfig({ CITYOPS_UNITS_FILE: path });
    expect(units.sample).toBe(false);
    expect(units.units.map((u) => u.id)).toEqual(['P-1']);
  });

  it('stops the start with one line naming the problem', () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /CITYOPS_UNITS_FILE.*names no file/],
      [file('bad.json', '{ not json'), /CITYOPS_UNITS_FILE.*is not JSON/],
      [file('shape.json', { sample: false, source: 'x', units: [{ id: 'P 1', name: '', kind: 'ward' }] }), /CITYOPS_UNITS_FILE.*\/units\/0/],
      [
        file('twice.json', {
          sample: false,
          source: 'x',
          units: [
            { id: 'P-1', name: 'a', kind: 'ward' },
            { id: 'P-1', name: 'b', kind: 'ward' },
          ],
        }),
        /unit id P-1 appears twice/,
      ],
    ];
    for (const [path, message] of cases) {
      expect(() => readConsoleConfig({ CITYOPS_UNITS_FILE: path })).toThrow(ConfigError);
      expect(() => readConsoleConfig({ CITYOPS_UNITS_FILE: path })).toThrow(message);
    }
  });
});
