/**
 * Notifications end to end on a real database, a real HTTP receiver and a real SMTP server, all
 * on 127.0.0.1: alerting opens a fire alarm from the event log, the notifier plans and sends it
 * (signed webhook, e-mail, SMS gateway), pages the supervisor at the 60 s escalation, tells of the
 * resolve; a flaky receiver gets one key four times; a dead one is given up after 10 minutes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { ContactPointWithSecret, WebhookBody } from '@cityops/contracts';
import {
  appendEvents,
  createContactPoint,
  getIncident,
  insertBuilding,
  linkDeviceToBuilding,
  listDeliveries,
  listIncidents,
  provisionDevice,
  readEventsAfter,
  withTransaction,
  writeNotificationPolicy,
} from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from '@cityops/alerting';
import { startNotifier, DEFAULT_NOTIFIER_SETTINGS, verifyWebhook, type Notifier } from '@cityops/notifications';
import { startWebhookReceiver } from '@cityops/notifications/src/testing/webhook-receiver.ts';
import { startSmtpReceiver } from '@cityops/notifications/src/testing/smtp-receiver.ts';
import { decodeMail } from '@cityops/notifications/src/testing/mail-decode.ts';

const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
let db: TestDatabase;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
const points: Record<string, ContactPointWithSecret> = {};
let clock = Date.now();
const now = () => clock;

const settings = (smtpUrl: string) => ({
  ...DEFAULT_NOTIFIER_SETTINGS,
  // The receivers run on this machine; loopback is refused unless allowed (notifications/src/senders/target-guard.ts).
  targets: { allowNetworks: ['127.0.0.1/32'], denyPrivate: false },
  publicUrl: 'https://ioc.example.gov.vn',
  smtp: { url: smtpUrl, from: 'Trung tâm IOC <ioc@example.gov.vn>', requireTls: false, allowUnverifiedTls: false, timeoutMs: 5000 },
  backoff: { baseMs: 20, maxMs: 100 },
});

beforeAll(async () => {
  [db, receiver, smtp] = await Promise.all([openTestDatabase(), startWebhookReceiver(), startSmtpReceiver()]);
  await provisionDevice(db.pool, { id: 'FA-N-0001', kind: 'fire', lat: 21.03, lon: 105.85, area: 'hoan-kiem', address: 'Số 12 Phố Hàng Bạc' });
  await insertBuilding(db.pool, {
    id: 'HK-HB-12',
    address: 'Số 12 Phố Hàng Bạc',
    lat: 21.03,
    lon: 105.85,
    contactName: 'Bà Nguyễn Thị Lan',
    contactPhone: '+84912000111',
  });
  await linkDeviceToBuilding(db.pool, 'FA-N-0001', 'HK-HB-12');
  const add = async (req: Parameters<typeof createContactPoint>[1]) => (points[req.name] = await createContactPoint(db.pool, req, 'admin'));
  await add({ name: 'pccc-114', type: 'webhook', settings: { url: `${receiver.url}/114`, timeoutMs: 2000 } });
  await add({ name: 'truc-ban-mail', type: 'email', settings: { to: ['trucban@example.gov.vn'] } });
  await add({
    name: 'sms-truc-ban',
    type: 'http_gateway',
    settings: {
      url: `${receiver.url}/sms?to={{to}}`,
      method: 'POST',
      contentType: 'application/json',
      bodyTemplate: '{"phone":"{{to}}","message":"{{text}}","ref":"{{idempotencyKey}}"}',
      to: '+84901234567',
    },
  });
  await add({ name: 'truong-ca', type: 'webhook', settings: { url: `${receiver.url}/supervisor` } });
  await add({ name: 'bang-giam-sat', type: 'console', settings: { role: 'supervisor' } });
  await add({ name: 'flaky', type: 'webhook', settings: { url: `${receiver.url}/flaky` } });
  await add({ name: 'dead', type: 'webhook', settings: { url: 'http://127.0.0.1:9/down', timeoutMs: 1000 } });
  await withTransaction(db.pool, (c) =>
    writeNotificationPolicy(
      c,
      {
        root: {
          sendResolved: true,
          routes: [
            { name: 'fire', matchers: { kinds: ['fire_alarm'] }, contactPoints: ['pccc-114', 'truc-ban-mail', 'sms-truc-ban'] },
            { name: 'flaky', matchers: { kinds: ['manual'], areas: ['flaky-ward'] }, contactPoints: ['flaky'] },
            { name: 'dead', matchers: { kinds: ['manual'], areas: ['dead-ward'] }, contactPoints: ['dead'] },
          ],
        },
        escalation: { supervisor: ['truong-ca', 'bang-giam-sat'] },
        dispatch: { '114': ['pccc-114'] },
        buildingContact: { contactPoints: ['sms-truc-ban'] },
      },
      'admin',
    ),
  );
});
afterAll(async () => {
  await Promise.all([receiver?.close(), smtp?.close()]);
  await db?.close();
});

const bodiesAt = (path: string) => receiver.requests.filter((r) => r.path === path);
const waitFor = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeout = 5000) =>
  vi.waitFor(
    async () => {
      const v = await probe();
      if (v === undefined || v === false) throw new Error(`still waiting for ${what}`);
      return v;
    },
    { timeout, interval: 20 },
  );

describe('notifier', () => {
  let alerting: Alerting;
  let notifier: Notifier;

  it('sends a fire alarm to the webhook (signed), by e-mail (Vietnamese subject, incident link) and SMS, pages the supervisor at 60 s, and tells of the resolve', async () => {
    // The escalation is due 60 s after the database's opening time: the test clock starts from the real one.
    clock = Date.now();
    alerting = startAlerting({ pool: db.pool, log, now, pollMs: 50, tickMs: 3_600_000 });
    notifier = startNotifier({ ...settings(smtp.url), pool: db.pool, log, now, pollMs: 50 });
    const published = Date.now();
    await appendEvents(db.pool, [
      { topic: 'fire.event', payload: { deviceId: 'FA-N-0001', seq: 1, event: 'alarm', zone: 'Tầng 3', at: new Date(clock).toISOString() } },
    ]);
    alerting.wake();
    notifier.wake();

    const [hook] = await waitFor('the 114 webhook', () => (bodiesAt('/114').length ? bodiesAt('/114') : undefined));
    expect(hook!.at - published).toBeLessThan(5000);
    expect(
      verifyWebhook(
        points['pccc-114']!.secret!,
        hook!.headers['x-cityops-timestamp'] as string,
        hook!.body,
        hook!.headers['x-cityops-signature'] as string,
        clock / 1000,
      ),
    ).toBe(true);
    // A body signed with another secret, or altered, does not verify.
    expect(
      verifyWebhook('whsec_other', hook!.headers['x-cityops-timestamp'] as string, hook!.body, hook!.headers['x-cityops-signature'] as string, clock / 1000),
    ).toBe(false);
    expect(
      verifyWebhook(
        points['pccc-114']!.secret!,
        hook!.headers['x-cityops-timestamp'] as string,
        hook!.body.replace('Tầng', 'Tang'),
        hook!.headers['x-cityops-signature'] as string,
        clock / 1000,
      ),
    ).toBe(false);
    const body = JSON.parse(hook!.body) as WebhookBody;
    expect(body).toMatchObject({ version: 1, reason: 'opened', incident: { kind: 'fire_alarm', address: 'Số 12 Phố Hàng Bạc', state: 'open' } });
    expect(hook!.headers['idempotency-key']).toBe(body.idempotencyKey);
    expect(body.link).toBe(`https://ioc.example.gov.vn/?incident=${body.incident.id}`);

    const mail = await waitFor('the e-mail', () => smtp.mails[0]);
    expect(mail.to).toEqual(['trucban@example.gov.vn']);
    const decoded = decodeMail(mail.raw);
    expect(decoded.headers.get('subject')).toBe(`[cityops] Sự cố mới: Báo cháy — Số 12 Phố Hàng Bạc, hoan-kiem (#${body.incident.id})`);
    expect(decoded.text).toContain(`Xem sự cố: https://ioc.example.gov.vn/?incident=${body.incident.id}`);
    expect(decoded.headers.get('x-cityops-idempotency-key')).toMatch(/^incident:\d+:opened:cp\d+$/);

    // The SMS gateway sends twice: to the duty officer the route names, and to the building's contact.
    const texts = await waitFor('both SMS', () =>
      bodiesAt('/sms').length >= 2 ? bodiesAt('/sms').map((r) => JSON.parse(r.body) as { phone: string; message: string }) : undefined,
    );
    expect(texts.map((t) => t.phone).sort()).toEqual(['+84901234567', '+84912000111']);
    for (const t of texts) {
      expect(t.message).toContain('Báo cháy');
      expect(t.message).toContain('Số 12 Phố Hàng Bạc');
    }

    // Nobody acknowledges: at 60 s the fire alarm escalates to the supervisor, who is paged.
    expect(bodiesAt('/supervisor')).toHaveLength(0);
    clock += 62_000;
    await alerting.tick();
    notifier.wake();
    const [page] = await waitFor('the page to the supervisor', () => (bodiesAt('/supervisor').length ? bodiesAt('/supervisor') : undefined));
    expect(JSON.parse(page!.body)).toMatchObject({ reason: 'escalated', escalation: { level: 1, role: 'supervisor' }, incident: { escalationLevel: 1 } });
    // The supervisors' consoles get it too, as a banner event on the log every console streams.
    const banner = await waitFor('the console notification', async () =>
      (await readEventsAfter(db.pool, 0, 1000)).find((e) => e.topic === 'notification.console'),
    );
    expect(banner.payload).toMatchObject({ role: 'supervisor', reason: 'escalated', incidentId: body.incident.id, contactPoint: 'bang-giam-sat' });

    // The dispatcher hands it off to 114: 114's system receives the hand-off record.
    await alerting.incidents.handoff(body.incident.id, 'dispatcher1', { note: 'Khói dày tầng 3' });
    notifier.wake();
    const handed = await waitFor('the hand-off webhook', () => bodiesAt('/114').find((r) => (JSON.parse(r.body) as WebhookBody).reason === 'dispatched'));
    expect(JSON.parse(handed.body)).toMatchObject({
      reason: 'dispatched',
      incident: { assignee: '114', state: 'dispatched' },
      handoff: { unit: '114', note: 'Khói dày tầng 3' },
    });

    await alerting.incidents.resolve(body.incident.id, 'dispatcher1', 'Đã kiểm tra: báo nhầm', { overrideChecklist: true });
    notifier.wake();
    const resolved = await waitFor('the resolved webhook', () => bodiesAt('/114').find((r) => (JSON.parse(r.body) as WebhookBody).reason === 'resolved'));
    expect(JSON.parse(resolved.body)).toMatchObject({ reason: 'resolved', incident: { state: 'resolved' } });
    await waitFor('the resolved e-mail', () => smtp.mails.length >= 2);
    expect(decodeMail(smtp.mails[1]!.raw).headers.get('subject')).toMatch(/^\[cityops\] Đã xử lý xong: Báo cháy/);
    // The supervisor was paged, not told of the incident's opening: the resolve goes to whom the routes told.
    await notifier.runOnce();
    expect(bodiesAt('/114')).toHaveLength(3);
    expect(bodiesAt('/supervisor')).toHaveLength(1);
    expect(bodiesAt('/sms')).toHaveLength(3);

    // Each delivery is on the incident's timeline.
    const timeline = (await getIncident(db.pool, body.incident.id)).timeline!;
    const notified = timeline.filter((e) => e.type === 'notified').map((e) => e.data.contactPoint);
    expect(notified.sort()).toEqual([
      'bang-giam-sat',
      'pccc-114',
      'pccc-114',
      'pccc-114',
      'sms-truc-ban',
      'sms-truc-ban',
      'sms-truc-ban',
      'truc-ban-mail',
      'truc-ban-mail',
      'truong-ca',
    ]);
    expect(timeline.find((e) => e.type === 'notified' && e.data.recipient)!.note).toMatch(
      /^Đã báo sms-truc-ban \(SMS\/Zalo\) tới Bà Nguyễn Thị Lan \(\+84912000111\): 200, \d+ ms$/,
    );
    expect(timeline.find((e) => e.type === 'notified')!.note).toMatch(/^Đã báo .+: (200|250), \d+ ms$/);
    await Promise.all([alerting.stop(), notifier.stop()]);
  });

  it('retries a receiver that answers 500 three times: four requests with one idempotency key, each attempt on the timeline', async () => {
    receiver.script('/flaky', [500, 500, 500, 200]);
    const n = startNotifier({ ...settings(smtp.url), pool: db.pool, log, now, pollMs: 3_600_000 });
    const incident = await openManual('flaky-ward');
    for (let i = 0; i < 10 && bodiesAt('/flaky').length < 4; i++) {
      await n.runOnce();
      clock += 200;
    }
    await n.stop();
    const hits = bodiesAt('/flaky');
    expect(hits).toHaveLength(4);
    expect(new Set(hits.map((h) => h.headers['idempotency-key'])).size).toBe(1);
    const [delivery] = (await listDeliveries(db.pool, { incidentId: incident })).items;
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 4, lastStatus: 200 });
    const timeline = (await getIncident(db.pool, incident)).timeline!;
    expect(timeline.filter((e) => e.type === 'notification_failed').map((e) => e.data.status)).toEqual([500, 500, 500]);
    expect(timeline.filter((e) => e.type === 'notified')).toHaveLength(1);
  });

  it('gives up on a receiver down for 10 minutes: dead-lettered, on the timeline, listed as given up', async () => {
    const n = startNotifier({ ...settings(smtp.url), pool: db.pool, log, now, pollMs: 3_600_000 });
    const incident = await openManual('dead-ward');
    const started = clock;
    while (clock - started < 11 * 60_000) {
      await n.runOnce();
      clock += 20_000;
    }
    await n.runOnce();
    await n.stop();
    const [delivery] = (await listDeliveries(db.pool, { incidentId: incident })).items;
    expect(delivery!.state).toBe('given_up');
    // The circuit breaker held most tries back: far fewer attempts than the 33 rounds.
    expect(delivery!.attempts).toBeGreaterThanOrEqual(5);
    expect(delivery!.attempts).toBeLessThan(33);
    expect((await listDeliveries(db.pool, { state: 'given_up' })).items.map((d) => d.id)).toContain(delivery!.id);
    const timeline = (await getIncident(db.pool, incident)).timeline!;
    expect(timeline.at(-1)).toMatchObject({ type: 'notification_given_up', data: { contactPoint: 'dead' } });
  });
});

/** A manual incident in `area`, opened as the desk would, with its event for the notifier. */
async function openManual(area: string): Promise<number> {
  const before = (await listIncidents(db.pool, {})).length;
  const commands = startAlerting({ pool: db.pool, log, now, pollMs: 3_600_000, tickMs: 3_600_000 });
  const incident = await commands.incidents.open({ kind: 'manual', severity: 'major', title: `Kiểm tra ${area}`, area }, 'dispatcher1');
  await commands.stop();
  expect((await listIncidents(db.pool, {})).length).toBe(before + 1);
  return incident.id;
}
