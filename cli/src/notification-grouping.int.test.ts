/**
 * Grouped notifications on a real database and a real HTTP receiver on 127.0.0.1, on a clock the
 * test moves: cameras going offline in one ward are told of together (after the group wait), the
 * ward's next ones no sooner than the group interval after the last notification went, another ward
 * on its own, a critical one without waiting for the interval; every incident's timeline says it was
 * notified, and a resolve reaches the contact point that heard of the incident in a group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Incident, WebhookBody } from '@cityops/contracts';
import { createContactPoint, getIncident, listDeliveries, withTransaction, writeNotificationPolicy } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from '@cityops/alerting';
import { startNotifier, DEFAULT_NOTIFIER_SETTINGS, type Notifier } from '@cityops/notifications';
import { startWebhookReceiver } from '@cityops/notifications/src/testing/webhook-receiver.ts';

const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const WAIT = 30_000;
const INTERVAL = 300_000;
let db: TestDatabase;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let alerting: Alerting;
let notifier: Notifier;
let clock = 0;
let t0 = 0;

beforeAll(async () => {
  [db, receiver] = await Promise.all([openTestDatabase(), startWebhookReceiver()]);
  await createContactPoint(db.pool, { name: 'ward-cameras', type: 'webhook', settings: { url: `${receiver.url}/cameras` } }, 'admin');
  await withTransaction(db.pool, (c) =>
    writeNotificationPolicy(
      c,
      {
        root: {
          sendResolved: true,
          routes: [
            {
              name: 'cameras',
              matchers: { kinds: ['manual'] },
              contactPoints: ['ward-cameras'],
              groupBy: ['kind', 'area'],
              groupWaitMs: WAIT,
              groupIntervalMs: INTERVAL,
            },
          ],
        },
      },
      'admin',
    ),
  );
  clock = t0 = Date.now();
  const now = () => clock;
  alerting = startAlerting({ pool: db.pool, log, now, pollMs: 3_600_000, tickMs: 3_600_000 });
  notifier = startNotifier({
    ...DEFAULT_NOTIFIER_SETTINGS,
    targets: { allowNetworks: ['127.0.0.1/32'], denyPrivate: false },
    publicUrl: 'https://ioc.example.gov.vn',
    smtp: null,
    pool: db.pool,
    log,
    now,
    pollMs: 3_600_000,
  });
});
afterAll(async () => {
  await notifier?.stop();
  await alerting?.stop();
  await receiver?.close();
  await db?.close();
});

const open = (area: string, title: string, severity: Incident['severity'] = 'major') =>
  alerting.incidents.open({ kind: 'manual', severity, title, area }, 'dispatcher1');
const at = async (ms: number) => {
  clock = t0 + ms;
  await notifier.runOnce();
};
const sent = () => receiver.requests.filter((r) => r.path === '/cameras').map((r) => ({ body: JSON.parse(r.body) as WebhookBody, headers: r.headers }));
const idsOf = (b: WebhookBody) => b.group?.incidents.map((i) => i.id);

describe('grouped notifications', () => {
  const ward: Incident[] = [];
  let other: Incident;

  it('tells of a ward’s incidents in one notification after the group wait, and another ward’s in its own', async () => {
    ward.push(await open('ba-dinh', 'Camera Kim Mã mất kết nối'), await open('ba-dinh', 'Camera Liễu Giai mất kết nối'));
    other = await open('hoan-kiem', 'Camera Hàng Bạc mất kết nối');
    await at(0);
    ward.push(await open('ba-dinh', 'Camera Đội Cấn mất kết nối'));
    await at(10_000);
    expect(sent()).toEqual([]);

    await at(WAIT + 1_000);
    const bodies = sent().map((s) => s.body);
    expect(bodies).toHaveLength(2);
    const baDinh = bodies.find((b) => b.group?.by.area === 'ba-dinh')!;
    expect(idsOf(baDinh)).toEqual(ward.map((i) => i.id));
    expect(baDinh.text).toMatch(/^\[Nghiêm trọng\] 3 sự cố mới: Ghi nhận tại bàn điều phối — ba-dinh: /);
    expect(baDinh.incident.id).toBe(ward[0]!.id);
    expect(idsOf(bodies.find((b) => b.group?.by.area === 'hoan-kiem')!)).toEqual([other.id]);
    // Its key stays the idempotency key of the one notification.
    expect(sent()[0]!.headers['idempotency-key']).toBe(sent()[0]!.body.idempotencyKey);

    for (const i of ward) {
      const timeline = (await getIncident(db.pool, i.id)).timeline ?? [];
      expect(
        timeline.filter((e) => e.type === 'notified').map((e) => e.note),
        `incident ${i.id}`,
      ).toEqual([expect.stringContaining('chung một thông báo cho 3 sự cố')]);
    }
    // The admin screen's list for one incident shows the group's notification too.
    expect((await listDeliveries(db.pool, { incidentId: ward[1]!.id })).items).toHaveLength(1);
  });

  it('holds the ward’s newer incidents until a group interval after the last notification, then sends them together', async () => {
    const sentAt = WAIT + 1_000;
    ward.push(await open('ba-dinh', 'Camera Văn Cao mất kết nối'));
    await at(sentAt + 60_000);
    ward.push(await open('ba-dinh', 'Camera Ngọc Hà mất kết nối'));
    await at(sentAt + 120_000);
    await at(sentAt + INTERVAL - 1_000);
    expect(sent()).toHaveLength(2);
    await at(sentAt + INTERVAL + 1_000);
    expect(sent()).toHaveLength(3);
    expect(idsOf(sent()[2]!.body)).toEqual([ward[3]!.id, ward[4]!.id]);
  });

  it('does not hold a critical incident for the interval', async () => {
    const before = sent().length;
    const fire = await open('ba-dinh', 'Khói tại trạm camera Đội Cấn', 'critical');
    const openedAt = clock - t0;
    await at(openedAt);
    expect(sent()).toHaveLength(before);
    // The group's last notification went just now; a major incident would wait the interval.
    await at(openedAt + WAIT + 1_000);
    expect(sent()).toHaveLength(before + 1);
    expect(idsOf(sent().at(-1)!.body)).toEqual([fire.id]);
    expect(sent().at(-1)!.body.text).toMatch(/^\[Khẩn cấp\] 1 sự cố mới/);
  });

  it('tells of a resolve the contact point that heard of the incident in a group', async () => {
    const member = ward[1]!;
    await alerting.incidents.acknowledge(member.id, 'dispatcher1');
    await alerting.incidents.resolve(member.id, 'dispatcher1', 'Đã khôi phục đường truyền');
    await at(clock - t0 + 1_000);
    const resolved = sent().filter((s) => s.body.reason === 'resolved');
    expect(resolved.map((s) => s.body.incident.id)).toEqual([member.id]);
  });

  it('splits a storm into notifications of at most 100 incidents', async () => {
    const start = clock - t0;
    const storm: Incident[] = [];
    for (let i = 0; i < 101; i++) storm.push(await open('dong-da', `Camera ĐĐ-${i} mất kết nối`));
    await at(start);
    await at(start + WAIT + INTERVAL + 2_000);
    const lists = sent()
      .filter((s) => s.body.group?.by.area === 'dong-da')
      .map((s) => idsOf(s.body)!);
    expect(lists.map((l) => l.length)).toEqual([100, 1]);
    expect(lists.flat()).toEqual(storm.map((i) => i.id));
  });
});
