import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetGuard, parseCidr } from './target-guard.ts';
import { sendHttp } from './http-request.ts';

let hits = 0;
const server = createServer((_req, res) => {
  hits += 1;
  res.writeHead(500).end('internal page the notifier must not read: admin token 1234');
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };

describe('where notifications may be sent', () => {
  it('refuses loopback, this host, link-local (cloud metadata) and multicast by default, private networks on request', () => {
    const guard = createTargetGuard({ allowNetworks: [], denyPrivate: false });
    for (const address of [
      '127.0.0.1',
      '127.9.9.9',
      '0.0.0.0',
      '169.254.169.254',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
    ]) {
      expect(guard.refusal(address), address).toMatch(/is (loopback|this host|link-local|multicast)/);
    }
    for (const address of ['203.113.131.1', '10.1.2.3', '192.168.1.10', '2001:db8::1']) expect(guard.refusal(address), address).toBeNull();
    const internetOnly = createTargetGuard({ allowNetworks: ['10.20.0.0/16'], denyPrivate: true });
    expect(internetOnly.refusal('192.168.1.10')).toMatch(/is private/);
    expect(internetOnly.refusal('fd00::5')).toMatch(/is private/);
    // A named exception: the agency's system inside the city network.
    expect(internetOnly.refusal('10.20.4.5')).toBeNull();
    expect(createTargetGuard({ allowNetworks: ['127.0.0.1/32'], denyPrivate: false }).refusal('127.0.0.1')).toBeNull();
  });

  it('reads CIDRs and bare addresses, and nothing else', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.0/x', '', '1.2.3/8']) expect(parseCidr(bad), bad).toBeNull();
  });

  it('does not connect to a refused address, however the URL names it, and gives up at once', async () => {
    const guard = createTargetGuard({ allowNetworks: [], denyPrivate: false });
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      `http://[::ffff:7f00:1]:${port}/hook`,
      `http://2130706433:${port}/hook`,
    ]) {
      const r = await sendHttp(url, post, 2000, guard);
      expect(r, url).toMatchObject({ ok: false, permanent: true, status: null });
      expect(r.error, url).toContain('not allowed');
    }
    expect(hits).toBe(0);
    expect(await sendHttp('file:///etc/passwd', post, 2000, guard)).toMatchObject({ ok: false, permanent: true, error: 'file: is not http or https' });
  });

  it('reaches an allowed receiver and keeps only the start of its error answer', async () => {
    const r = await sendHttp(`http://127.0.0.1:${port}/hook`, post, 2000, createTargetGuard({ allowNetworks: ['127.0.0.1/32'], denyPrivate: false }));
    expect(r).toMatchObject({ ok: false, permanent: false, status: 500 });
    expect(r.error).toBe('HTTP 500: internal page the notifier must not read: admin token 1234');
    expect(hits).toBe(1);
  });
});

describe('a receiver that stalls', () => {
  it('is cut off at the time limit even after it sent its headers', async () => {
    const slow = createServer((_req, res) => {
      res.writeHead(500);
      res.write('slow');
      // …and never ends the body.
    });
    await new Promise<void>((ok) => slow.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;
      const r = await sendHttp(url, post, 300, createTargetGuard({ allowNetworks: ['127.0.0.1/32'], denyPrivate: false }));
      expect(r).toMatchObject({ ok: false, permanent: false, status: null, error: 'no answer within 300 ms' });
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((ok) => slow.close(() => ok()));
    }
  });
});
