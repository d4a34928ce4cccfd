import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactPointsByName, planDeliveries } from '@cityops/db';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Contact points, the notification policy and the deliveries, as admins and supervisors use them over REST.
let h: ConsoleHarness;
beforeAll(async () => {
  h = await openConsoleHarness();
});
afterAll(async () => h?.close());

const webhook = { name: 'pccc-114', type: 'webhook', settings: { url: 'https://114.example.gov.vn/hook', headers: { Authorization: 'Bearer s3cr3t-token' } } };

describe('contact points', () => {
  let secret: string;
  let id: number;

  it('creates a webhook whose signing secret is shown once, never listed, never in the audit log; header values stay write-only', async () => {
    const created = await h.api('admin', 'POST', '/api/contact-points', webhook);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'pccc-114', type: 'webhook', enabled: true, hasSecret: true });
    secret = created.body.secret;
    id = created.body.id;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const listed = await h.api('admin', 'GET', '/api/contact-points');
    expect(listed.body.items).toEqual([expect.objectContaining({ id, settings: { url: webhook.settings.url, headers: { Authorization: '' } } })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain('s3cr3t-token');
    const audit = await h.api('admin', 'GET', '/api/audit?action=contact_point.create');
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain(secret);
    expect(JSON.stringify(audit.body)).not.toContain('s3cr3t-token');
  });

  it('is for admins only', async () => {
    for (const user of ['supervisor', 'dispatcher', 'viewer']) {
      expect((await h.api(user, 'GET', '/api/contact-points')).status, user).toBe(403);
      expect((await h.api(user, 'POST', '/api/contact-points', { ...webhook, name: `x-${user}` })).status, user).toBe(403);
    }
  });

  it('refuses a second contact point with the same name, and settings that do not fit the type', async () => {
    expect((await h.api('admin', 'POST', '/api/contact-points', webhook)).body.code).toBe('CITYOPS_CONTACT_POINT_EXISTS');
    const badMail = await h.api('admin', 'POST', '/api/contact-points', { name: 'mail', type: 'email', settings: { to: ['not-an-address'] } });
    expect(badMail).toMatchObject({ status: 400, body: { code: 'CITYOPS_REQUEST_INVALID' } });
    const wrongType = await h.api('admin', 'PATCH', `/api/contact-points/${id}`, { settings: { to: ['truc@example.vn'] } });
    expect(wrongType).toMatchObject({ status: 400, body: { code: 'CITYOPS_CONTACT_POINT_INVALID' } });
    expect(wrongType.body.errors.map((e: { path: string }) => e.path)).toContain('/settings');
  });

  it('keeps stored header values when an edit leaves them out, and rotates the secret', async () => {
    const edited = await h.api('admin', 'PATCH', `/api/contact-points/${id}`, { settings: { url: 'https://114.example.gov.vn/v2/hook' }, enabled: false });
    expect(edited).toMatchObject({
      status: 200,
      body: { enabled: false, settings: { url: 'https://114.example.gov.vn/v2/hook', headers: { Authorization: '' } } },
    });
    const stored = (await contactPointsByName(h.db.pool, ['pccc-114'])).get('pccc-114')!;
    expect(stored.settings).toEqual({ url: 'https://114.example.gov.vn/v2/hook', headers: { Authorization: 'Bearer s3cr3t-token' } });
    const rotated = await h.api('admin', 'POST', `/api/contact-points/${id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(stored.secret).toBe(secret);
  });
});

describe('notification policy', () => {
  it('refuses a policy naming a contact point that does not exist, by its place in the tree', async () => {
    const r = await h.api('admin', 'PUT', '/api/notification-policy', {
      root: { routes: [{ matchers: { kinds: ['fire_alarm'] }, contactPoints: ['pccc-114', 'pccc-115'] }] },
    });
    expect(r).toMatchObject({ status: 400, body: { code: 'CITYOPS_NOTIFICATION_POLICY_INVALID', errors: [{ path: '/root/routes/0/contactPoints/1' }] } });
    const unknownField = await h.api('admin', 'PUT', '/api/notification-policy', { root: { routes: [{ matcher: {} }] } });
    expect(unknownField).toMatchObject({ status: 400, body: { code: 'CITYOPS_NOTIFICATION_POLICY_INVALID' } });
  });

  it('puts a policy in force, shows which routes an incident takes and why, and keeps its contact points from being deleted', async () => {
    const policy = {
      root: { routes: [{ name: 'manual-hk', matchers: { kinds: ['manual'], areas: ['hoan-kiem'] }, contactPoints: ['pccc-114'] }] },
      escalation: { supervisor: ['pccc-114'] },
    };
    const put = await h.api('admin', 'PUT', '/api/notification-policy', policy);
    expect(put).toMatchObject({ status: 200, body: { policy, updatedBy: 'admin' } });
    expect((await h.api('admin', 'GET', '/api/notification-policy')).body.policy).toEqual(policy);
    expect((await h.api('supervisor', 'PUT', '/api/notification-policy', policy)).status).toBe(403);

    const opened = await h.api('dispatcher', 'POST', '/api/incidents', { kind: 'manual', severity: 'major', title: 'Khói ở phố Hàng Bạc', area: 'hoan-kiem' });
    const trace = await h.api('supervisor', 'GET', `/api/incidents/${opened.body.id}/notification-routes`);
    expect(trace.body).toEqual({
      incidentId: opened.body.id,
      line: null,
      routes: [
        { path: ['root'], matched: true, reasons: [], contactPoints: [], notifies: false },
        {
          path: ['root', 'manual-hk'],
          matched: true,
          reasons: [
            { field: 'kinds', wanted: ['manual'], actual: 'manual', ok: true },
            { field: 'areas', wanted: ['hoan-kiem'], actual: 'hoan-kiem', ok: true },
          ],
          contactPoints: ['pccc-114'],
          notifies: true,
        },
      ],
    });
    expect((await h.api('dispatcher', 'GET', `/api/incidents/${opened.body.id}/notification-routes`)).status).toBe(403);

    const [cp] = (await h.api('admin', 'GET', '/api/contact-points')).body.items;
    expect(await h.api('admin', 'DELETE', `/api/contact-points/${cp.id}`)).toMatchObject({ status: 409, body: { code: 'CITYOPS_CONTACT_POINT_IN_USE' } });
    await h.api('admin', 'PUT', '/api/notification-policy', { root: {} });
    expect((await h.api('admin', 'DELETE', `/api/contact-points/${cp.id}`)).status).toBe(204);
    expect((await h.api('admin', 'GET', '/api/contact-points')).body.items).toEqual([]);
    // Its name is free again.
    expect((await h.api('admin', 'POST', '/api/contact-points', { ...webhook, settings: { url: 'https://114.example.gov.vn/hook' } })).status).toBe(201);
  });
});

describe('deliveries', () => {
  it('lists deliveries for supervisors, and lets an admin send a given-up one again', async () => {
    const cp = (await contactPointsByName(h.db.pool, ['pccc-114'])).get('pccc-114')!;
    const incident = (await h.api('dispatcher', 'POST', '/api/incidents', { kind: 'manual', severity: 'warning', title: 'Thử gửi', area: 'ba-dinh' })).body;
    const now = new Date();
    await planDeliveries(h.db.pool, [
      {
        key: `incident:${incident.id}:opened:cp${cp.id}`,
        contactPointId: cp.id,
        incidentId: incident.id,
        reason: 'opened',
        message: { version: 1, idempotencyKey: 'k', reason: 'opened', at: now.toISOString(), link: 'https://x/', text: 'thử', incident },
        dueAt: now,
        giveUpAt: now,
      },
    ]);
    await h.db.pool.query(`UPDATE notification_deliveries SET state = 'given_up', attempts = 9, last_error = 'HTTP 503' WHERE incident_id = $1`, [incident.id]);

    const deadLetters = await h.api('supervisor', 'GET', '/api/notifications?state=given_up');
    expect(deadLetters.body.items).toEqual([
      expect.objectContaining({ incidentId: incident.id, contactPoint: 'pccc-114', state: 'given_up', attempts: 9, lastError: 'HTTP 503' }),
    ]);
    expect((await h.api('dispatcher', 'GET', '/api/notifications')).status).toBe(403);
    const id = deadLetters.body.items[0].id;
    expect((await h.api('supervisor', 'POST', `/api/notifications/${id}/resend`)).status).toBe(403);
    const resent = await h.api('admin', 'POST', `/api/notifications/${id}/resend`);
    expect(resent).toMatchObject({ status: 200, body: { id, state: 'pending' } });
    expect(await h.api('admin', 'POST', `/api/notifications/${id}/resend`)).toMatchObject({ status: 409, body: { code: 'CITYOPS_DELIVERY_NOT_GIVEN_UP' } });
    expect(await h.api('admin', 'POST', '/api/notifications/999999/resend')).toMatchObject({ status: 404, body: { code: 'CITYOPS_DELIVERY_NOT_FOUND' } });
    expect((await h.api('supervisor', 'GET', `/api/notifications?incidentId=${incident.id}`)).body.items).toEqual([
      expect.objectContaining({ state: 'pending' }),
    ]);
  });
});
