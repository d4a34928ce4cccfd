import { describe, expect, it } from 'vitest';
import { judgeOrigin, requestSource } from './origin-policy.ts';

const none = new Set<string>();

describe('requestSource', () => {
  it("takes Origin, else the Referer's origin; opaque or malformed is null", () => {
    expect(requestSource({ origin: 'http://127.0.0.1:8080' })).toBe('http://127.0.0.1:8080');
    expect(requestSource({ referer: 'http://127.0.0.1:8080/desk?x=1' })).toBe('http://127.0.0.1:8080');
    expect(requestSource({ origin: 'https://ops.example.vn', referer: 'https://evil.example/' })).toBe('https://ops.example.vn');
    expect(requestSource({ origin: 'null' })).toBeNull();
    expect(requestSource({ origin: 'not a url' })).toBeNull();
    expect(requestSource({ referer: 'file:///tmp/x.html' })).toBeNull();
    expect(requestSource({})).toBeUndefined();
  });
});

describe('judgeOrigin', () => {
  const judge = (headers: Record<string, string>, hasSessionCookie = true, allowed = none) => judgeOrigin({ headers, hasSessionCookie, allowed }).ok;

  it("admits the console's own origin as the Host header names it, default ports and case folded", () => {
    expect(judge({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' })).toBe(true);
    expect(judge({ host: 'localhost:80', origin: 'http://localhost' })).toBe(true);
    expect(judge({ host: 'OPS.example.vn', origin: 'https://ops.example.vn' })).toBe(true);
    expect(judge({ host: '[::1]:8080', origin: 'http://[::1]:8080' })).toBe(true);
    expect(judge({ host: '127.0.0.1:8080', referer: 'http://127.0.0.1:8080/' })).toBe(true);
  });

  it('refuses another port of the same host, another host, and opaque origins', () => {
    expect(judge({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:9999' })).toBe(false);
    expect(judge({ host: '127.0.0.1:8080', origin: 'http://localhost:8080' })).toBe(false);
    expect(judge({ host: '127.0.0.1:8080', origin: 'null' })).toBe(false);
    expect(judge({ host: '127.0.0.1:8080', referer: 'http://127.0.0.1:9999/attack.html' })).toBe(false);
    expect(judge({ origin: 'http://127.0.0.1:8080' })).toBe(false); // no Host: nothing to be own to
    // A foreign page is refused even without a cookie (sign-in forgery).
    expect(judge({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:9999' }, false)).toBe(false);
  });

  it('admits configured origins', () => {
    expect(judge({ host: 'console.internal:8080', origin: 'https://wall.example.vn' }, true, new Set(['https://wall.example.vn']))).toBe(true);
    expect(judge({ host: 'console.internal:8080', origin: 'https://wall.example.vn:8443' }, true, new Set(['https://wall.example.vn']))).toBe(false);
  });

  it('lets a request without Origin or Referer through only when it carries no session cookie', () => {
    expect(judge({ host: '127.0.0.1:8080' }, false)).toBe(true);
    expect(judgeOrigin({ headers: { host: '127.0.0.1:8080' }, hasSessionCookie: true, allowed: none })).toEqual({
      ok: false,
      reason: expect.stringContaining('Origin or Referer'),
    });
  });
});
