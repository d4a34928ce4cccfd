import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
// Value imports in a Node test only; the browser code imports types from contracts (README).
import {
  CONTACT_POINT_TYPES,
  CreateContactPointRequest,
  GATEWAY_CONTENT_TYPES,
  HttpGatewaySettings,
  UpdateContactPointRequest,
  type ContactPoint,
} from '@cityops/contracts';
import {
  CONTACT_POINT_TYPE_LIST,
  createRequest,
  draftOf,
  emptyDraft,
  GATEWAY_CONTENT_TYPE_LIST,
  GATEWAY_METHOD_LIST,
  GATEWAY_PLACEHOLDERS,
  headerNames,
  parseEmails,
  targetSummary,
  updateRequest,
  type ContactPointDraft,
} from './contact-points.ts';

const createSchema = Compile(CreateContactPointRequest);
const updateSchema = Compile(UpdateContactPointRequest);
const draft = (patch: Partial<ContactPointDraft>): ContactPointDraft => ({ ...emptyDraft(patch.type), ...patch });

function stored(patch: Partial<ContactPoint>): ContactPoint {
  return {
    id: 7,
    name: 'cp',
    type: 'webhook',
    enabled: true,
    description: null,
    settings: {},
    hasSecret: false,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    updatedBy: 'admin',
    ...patch,
  };
}

describe('contact point lists', () => {
  it('restate exactly the types, gateway methods and content types the server takes', () => {
    expect(CONTACT_POINT_TYPE_LIST).toEqual(CONTACT_POINT_TYPES);
    expect(GATEWAY_CONTENT_TYPE_LIST).toEqual(GATEWAY_CONTENT_TYPES);
    expect(GATEWAY_METHOD_LIST).toEqual((HttpGatewaySettings.properties.method as unknown as { enum: string[] }).enum);
  });

  it('start a gateway with a JSON template that uses only the placeholders the hint lists', () => {
    const d = emptyDraft('http_gateway');
    expect(() => JSON.parse(d.bodyTemplate)).not.toThrow();
    const used = [...d.bodyTemplate.matchAll(/\{\{\w+\}\}/g)].map((m) => m[0]);
    expect(used.length).toBeGreaterThan(0);
    for (const p of used) expect(GATEWAY_PLACEHOLDERS).toContain(p);
  });
});

describe('createRequest', () => {
  it('builds a webhook the server schema accepts: url, optional timeout, headers from their rows', () => {
    const r = createRequest(
      draft({
        type: 'webhook',
        name: ' pccc-hn ',
        description: 'Hệ thống điều phối PCCC',
        url: ' https://hooks.example.vn/cityops ',
        timeoutMs: '5000',
        headers: [
          { name: 'Authorization', value: 'Bearer x' },
          { name: '', value: '' },
        ],
      }),
    );
    expect(r).toEqual({
      ok: true,
      request: {
        name: 'pccc-hn',
        type: 'webhook',
        enabled: true,
        description: 'Hệ thống điều phối PCCC',
        settings: { url: 'https://hooks.example.vn/cityops', timeoutMs: 5000, headers: { Authorization: 'Bearer x' } },
      },
    });
    expect(r.ok && createSchema.Check(r.request)).toBe(true);
  });

  it('leaves out a blank timeout, no headers and an empty description', () => {
    const r = createRequest(draft({ type: 'webhook', name: 'a', url: 'http://x.vn/h' }));
    expect(r).toEqual({ ok: true, request: { name: 'a', type: 'webhook', enabled: true, settings: { url: 'http://x.vn/h' } } });
  });

  it('builds an e-mail list from lines, commas and semicolons, each address once', () => {
    const r = createRequest(draft({ type: 'email', name: 'truc-ban', emails: 'a@hanoi.gov.vn\n b@hanoi.gov.vn, a@hanoi.gov.vn;c@x.vn ' }));
    expect(r.ok && r.request.settings).toEqual({ to: ['a@hanoi.gov.vn', 'b@hanoi.gov.vn', 'c@x.vn'] });
    expect(r.ok && createSchema.Check(r.request)).toBe(true);
    expect(parseEmails('  ')).toEqual([]);
  });

  it('builds a gateway call with its template, method, content type and one recipient', () => {
    const r = createRequest(
      draft({
        type: 'http_gateway',
        name: 'sms-truc',
        url: 'https://sms.example.vn/send?key={{idempotencyKey}}',
        method: 'PUT',
        contentType: 'application/x-www-form-urlencoded',
        bodyTemplate: 'to={{to}}&msg={{text}}',
        to: ' 0912345678 ',
        headers: [{ name: 'X-Api-Key', value: 'k' }],
      }),
    );
    expect(r.ok && r.request).toEqual({
      name: 'sms-truc',
      type: 'http_gateway',
      enabled: true,
      settings: {
        url: 'https://sms.example.vn/send?key={{idempotencyKey}}',
        method: 'PUT',
        contentType: 'application/x-www-form-urlencoded',
        bodyTemplate: 'to={{to}}&msg={{text}}',
        to: '0912345678',
        headers: { 'X-Api-Key': 'k' },
      },
    });
    expect(r.ok && createSchema.Check(r.request)).toBe(true);
  });

  it('builds a console banner for a role, disabled when asked', () => {
    const r = createRequest(draft({ type: 'console', name: 'banner.sup', role: 'admin', enabled: false }));
    expect(r).toEqual({ ok: true, request: { name: 'banner.sup', type: 'console', enabled: false, settings: { role: 'admin' } } });
    expect(r.ok && createSchema.Check(r.request)).toBe(true);
  });

  it('names every field that does not fit, before the server is asked', () => {
    expect(createRequest(draft({ type: 'webhook', name: 'có dấu', url: 'ftp://x', timeoutMs: '100' }))).toEqual({
      ok: false,
      problems: ['name', 'url', 'timeout'],
    });
    expect(createRequest(draft({ type: 'webhook', name: 'a', url: 'https://x.vn', timeoutMs: '1500.5' }))).toEqual({ ok: false, problems: ['timeout'] });
    expect(createRequest(draft({ type: 'webhook', name: '-a', url: 'https://x.vn' }))).toEqual({ ok: false, problems: ['name'] });
    expect(createRequest(draft({ type: 'email', name: 'a', emails: 'not-an-address' }))).toEqual({ ok: false, problems: ['emails'] });
    expect(createRequest(draft({ type: 'email', name: 'a', emails: '' }))).toEqual({ ok: false, problems: ['emails'] });
    expect(createRequest(draft({ type: 'http_gateway', name: 'a', url: 'https://x.vn', to: ' ', bodyTemplate: 'x'.repeat(4001) }))).toEqual({
      ok: false,
      problems: ['to', 'bodyTemplate'],
    });
    expect(createRequest(draft({ type: 'console', name: 'a', role: 'root' as never }))).toEqual({ ok: false, problems: ['role'] });
    expect(createRequest(draft({ type: 'webhook', name: 'a', url: 'https://x.vn', description: 'x'.repeat(301) }))).toEqual({
      ok: false,
      problems: ['description'],
    });
  });

  it('refuses header rows with a bad name, no value or a repeated name', () => {
    const bad = (headers: ContactPointDraft['headers']) => createRequest(draft({ type: 'webhook', name: 'a', url: 'https://x.vn', headers }));
    expect(bad([{ name: 'Bad Name', value: 'v' }])).toEqual({ ok: false, problems: ['headers'] });
    expect(bad([{ name: 'X-A', value: '' }])).toEqual({ ok: false, problems: ['headers'] });
    expect(bad([{ name: '', value: 'orphan' }])).toEqual({ ok: false, problems: ['headers'] });
    expect(
      bad([
        { name: 'X-A', value: '1' },
        { name: 'x-a', value: '2' },
      ]),
    ).toEqual({ ok: false, problems: ['headers'] });
  });
});

describe('editing a stored contact point', () => {
  const webhook = stored({
    type: 'webhook',
    description: 'cũ',
    settings: { url: 'https://hooks.example.vn/a', timeoutMs: 3000, headers: { Authorization: '', 'X-Tenant': '' } },
  });

  it('fills the form from the stored settings, header values blank (write-only)', () => {
    const d = draftOf(webhook);
    expect(d).toMatchObject({
      type: 'webhook',
      description: 'cũ',
      url: 'https://hooks.example.vn/a',
      timeoutMs: '3000',
      headers: [
        { name: 'Authorization', value: '' },
        { name: 'X-Tenant', value: '' },
      ],
    });
    const gateway = draftOf(
      stored({
        type: 'http_gateway',
        settings: { url: 'https://g.vn', method: 'GET', contentType: 'text/plain', bodyTemplate: '{{text}}', to: '0900' },
      }),
    );
    expect(gateway).toMatchObject({ method: 'GET', contentType: 'text/plain', bodyTemplate: '{{text}}', to: '0900', emails: '' });
    expect(draftOf(stored({ type: 'email', settings: { to: ['a@b.vn', 'c@d.vn'] } })).emails).toBe('a@b.vn\nc@d.vn');
    expect(draftOf(stored({ type: 'console', settings: { role: 'dispatcher' } })).role).toBe('dispatcher');
  });

  it('keeps the stored headers (leaves them out) while their values stay blank', () => {
    const r = updateRequest({ ...draftOf(webhook), url: 'https://hooks.example.vn/b' }, webhook);
    expect(r).toEqual({ ok: true, request: { settings: { url: 'https://hooks.example.vn/b', timeoutMs: 3000 }, description: 'cũ' } });
    expect(r.ok && updateSchema.Check(r.request)).toBe(true);
  });

  it('replaces the headers whole once values are typed, and refuses a half-filled set', () => {
    const d = draftOf(webhook);
    const filled = updateRequest(
      {
        ...d,
        headers: [
          { name: 'Authorization', value: 'Bearer new' },
          { name: 'X-Tenant', value: 'hn' },
        ],
      },
      webhook,
    );
    expect(filled.ok && filled.request.settings).toEqual({
      url: 'https://hooks.example.vn/a',
      timeoutMs: 3000,
      headers: { Authorization: 'Bearer new', 'X-Tenant': 'hn' },
    });
    expect(updateRequest({ ...d, headers: [{ name: 'Authorization', value: 'Bearer new' }, d.headers[1]!] }, webhook)).toEqual({
      ok: false,
      problems: ['headers'],
    });
  });

  it('clears the stored headers when every row is removed', () => {
    const r = updateRequest({ ...draftOf(webhook), headers: [] }, webhook);
    expect(r.ok && r.request.settings).toEqual({ url: 'https://hooks.example.vn/a', timeoutMs: 3000, headers: {} });
  });

  it('keeps the stored type whatever the form says', () => {
    const r = updateRequest({ ...draftOf(webhook), type: 'email' }, webhook);
    expect(r.ok && r.request.settings).toMatchObject({ url: 'https://hooks.example.vn/a' });
  });
});

describe('targetSummary', () => {
  it('says where each type sends', () => {
    expect(targetSummary(stored({ type: 'webhook', settings: { url: 'https://h.vn/x' } }))).toEqual({ kind: 'url', url: 'https://h.vn/x' });
    expect(targetSummary(stored({ type: 'email', settings: { to: ['a@b.vn', 'c@d.vn'] } }))).toEqual({ kind: 'emails', to: ['a@b.vn', 'c@d.vn'] });
    expect(targetSummary(stored({ type: 'http_gateway', settings: { url: 'https://sms.vn:8443/send?to={{to}}', to: '0912' } }))).toEqual({
      kind: 'gateway',
      to: '0912',
      host: 'sms.vn:8443',
    });
    expect(targetSummary(stored({ type: 'console', settings: { role: 'supervisor' } }))).toEqual({ kind: 'role', role: 'supervisor' });
  });

  it('survives settings a newer server shapes differently', () => {
    expect(targetSummary(stored({ type: 'console', settings: { role: 'mayor' } }))).toEqual({ kind: 'unknown' });
    expect(targetSummary(stored({ type: 'pager' as never }))).toEqual({ kind: 'unknown' });
    expect(targetSummary(stored({ type: 'email', settings: {} }))).toEqual({ kind: 'emails', to: [] });
    expect(headerNames(stored({ settings: { headers: null } }))).toEqual([]);
  });
});
