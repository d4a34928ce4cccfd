import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './security-headers.ts';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('security headers', () => {
  it('let the map run (blob: workers, data:/blob: images, ws to this host) and nothing frame the console', () => {
    const csp = contentSecurityPolicy('127.0.0.1:8080', { mapOrigins: [] });
    expect(directive(csp, 'worker-src')).toBe("worker-src 'self' blob:");
    expect(directive(csp, 'child-src')).toBe("child-src 'self' blob:");
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob:");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' ws://127.0.0.1:8080 wss://127.0.0.1:8080");
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });

  it("add a deployment's basemap origins where MapLibre loads from", () => {
    const csp = contentSecurityPolicy('ops.example.vn', { mapOrigins: ['https://tiles.example.vn'] });
    for (const name of ['img-src', 'font-src', 'connect-src']) expect(directive(csp, name)).toContain('https://tiles.example.vn');
    expect(directive(csp, 'script-src')).not.toContain('tiles');
  });

  it("show citizens' photos from the media origins, as images only", () => {
    const csp = contentSecurityPolicy('ops.example.vn', { mapOrigins: [], mediaOrigins: ['https:'] });
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob: https:");
    for (const name of ['script-src', 'connect-src', 'default-src', 'font-src']) expect(directive(csp, name)).not.toContain('https:');
  });

  it('never echo an odd Host header into the policy', () => {
    const csp = contentSecurityPolicy("evil; script-src 'unsafe-inline'", { mapOrigins: [] });
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(csp.split('; ').filter((d) => d.startsWith('script-src'))).toEqual(["script-src 'self'"]);
  });

  it('forbid sniffing and framing, keep the Referer to the console itself', () => {
    expect(securityHeaders('h', { mapOrigins: [] })).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
    });
  });
});
