import { describe, expect, it } from 'vitest';
import { checkPolicy } from './check-policy.ts';

const live = new Map([
  ['pccc-114', 'webhook'],
  ['truong-ca', 'webhook'],
  ['sms-gw', 'http_gateway'],
] as const);

describe('checkPolicy', () => {
  it('takes a nested route tree whose contact points all exist', () => {
    const policy = {
      root: {
        routes: [
          { matchers: { kinds: ['fire_alarm'] }, contactPoints: ['pccc-114'], routes: [{ matchers: { areas: ['hoan-kiem'] }, contactPoints: ['truong-ca'] }] },
        ],
      },
      escalation: { supervisor: ['truong-ca'] },
    };
    expect(checkPolicy(policy, live)).toEqual({ ok: true, policy });
  });
  it('names each unknown contact point by its place in the tree', () => {
    const r = checkPolicy({ root: { routes: [{ contactPoints: ['pccc-114', 'pccc-115'] }] }, escalation: { admin: ['giam-doc'] } }, live);
    expect(r).toMatchObject({
      ok: false,
      errors: [
        { path: '/root/routes/0/contactPoints/1', message: 'names no contact point: pccc-115' },
        { path: '/escalation/admin/0', message: 'names no contact point: giam-doc' },
      ],
    });
  });
  it("sends to a building's contact only through a gateway", () => {
    expect(checkPolicy({ root: {}, buildingContact: { contactPoints: ['sms-gw'] } }, live).ok).toBe(true);
    expect(checkPolicy({ root: {}, buildingContact: { contactPoints: ['pccc-114'] } }, live)).toMatchObject({
      ok: false,
      errors: [
        { path: '/buildingContact/contactPoints/0', message: "pccc-114 is webhook: a building's contact is reached through an http_gateway (SMS, Zalo)" },
      ],
    });
  });

  it('refuses a tree nested deeper than 8 levels or with more than 500 routes, however deep the body goes', () => {
    const nest = (levels: number): object => {
      let route: object = {};
      for (let i = 0; i < levels; i++) route = { routes: [route] };
      return route;
    };
    expect(checkPolicy({ root: nest(7) }, live).ok).toBe(true);
    expect(checkPolicy({ root: nest(8) }, live)).toMatchObject({ ok: false, errors: [{ path: '/root', message: 'nests routes deeper than 8 levels' }] });
    // Far deeper than the schema's own check could recurse through: refused on its shape first.
    expect(checkPolicy({ root: nest(20_000) }, live)).toMatchObject({ ok: false, errors: [{ path: '/root' }] });
    const wide = { routes: Array.from({ length: 100 }, () => ({ routes: Array.from({ length: 5 }, () => ({})) })) };
    expect(checkPolicy({ root: wide }, live)).toMatchObject({ ok: false, errors: [{ path: '/root', message: 'has more than 500 routes' }] });
  });

  it('refuses fields the schema does not know, deep in the tree, with their pointer', () => {
    const r = checkPolicy({ root: { routes: [{ routes: [{ matchers: { kind: ['fire_alarm'] } }] }] } }, live);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toContain('/root/routes/0/routes/0/matchers');
    expect(checkPolicy({ root: { quietHours: { from: '25:00', to: '06:00' } } }, live).ok).toBe(false);
    expect(checkPolicy({}, live).ok).toBe(false);
  });
});
