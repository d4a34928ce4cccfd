import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLogPayloads } from '@cityops/contracts';
import { appendEvents, createUser, provisionDevice, type EventLogEntry } from '@cityops/db';
import { HARNESS_PASSWORD, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Alerting over HTTP: the incident lifecycle, escalation, rules as data, silences and maintenance
// windows, with alerting on a clock the test moves.
let h: ConsoleHarness;
const SEC = 1000;
const api: ConsoleHarness['api'] = (...args) => h.api(...args);
const settle = () => h.settle();

/** Appends one entry stamped with the harness clock. */
const event = <T extends 'fire.event' | 'device.status' | 'queue.load'>(topic: T, payload: Omit<EventLogPayloads[T], 'at'>) =>
  appendEvents(h.db.pool, [{ topic, payload: { at: new Date(h.clock.now).toISOString(), ...payload } } as unknown as EventLogEntry]);
const incidentsOf = async (kind: string) =>
  (await api('viewer', 'GET', `/api/incidents?kind=${kind}`)).body.items as { id: number; deviceId: string; state: string }[];

beforeAll(async () => {
  h = await openConsoleHarness();
  const pool = h.db.pool;
  await createUser(pool, 'dispatcher2', 'dispatcher', HARNESS_PASSWORD);
  for (const id of ['FA-0301', 'FA-0302']) await provisionDevice(pool, { id, kind: 'fire', lat: 21.01, lon: 105.83, area: 'A003', address: 'Số 9 Phố mẫu' });
  for (const id of ['CAM-A020-01', 'CAM-A020-02', 'CAM-A021-01'])
    await provisionDevice(pool, { id, kind: 'camera', lat: 21.02, lon: 105.84, area: id.slice(4, 8) });
  await provisionDevice(pool, { id: 'Q-A030-01', kind: 'queue', lat: 21.0, lon: 105.8, area: 'A030', name: 'Bộ phận một cửa mẫu' });
  await settle();
});
afterAll(async () => h?.close());

describe('incident lifecycle', () => {
  it('goes opened → acknowledged → dispatched → resolved → closed with comments, one timeline, roles enforced', async () => {
    await event('fire.event', { deviceId: 'FA-0301', seq: 1, event: 'alarm', zone: 'Tầng 4' });
    await settle();
    const [incident] = await incidentsOf('fire_alarm');
    expect(incident).toMatchObject({ deviceId: 'FA-0301', state: 'open', ruleId: 'fire-alarm', escalationLevel: 0 });
    const id = incident!.id;

    expect((await api('viewer', 'POST', `/api/incidents/${id}/dispatch`, { assignee: '114' })).body).toMatchObject({
      status: 403,
      code: 'CITYOPS_AUTH_FORBIDDEN',
    });
    expect((await api('viewer', 'POST', `/api/incidents/${id}/comments`, { text: 'xem' })).status).toBe(403);
    const [a, b] = await Promise.all([api('dispatcher', 'POST', `/api/incidents/${id}/ack`), api('dispatcher2', 'POST', `/api/incidents/${id}/ack`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'dispatcher' : 'dispatcher2';
    expect((await api('dispatcher', 'POST', `/api/incidents/${id}/close`, {})).body).toMatchObject({
      status: 409,
      code: 'CITYOPS_INCIDENT_INVALID_TRANSITION',
    });
    const dispatched = await api('dispatcher', 'POST', `/api/incidents/${id}/dispatch`, { assignee: '114', note: 'Xe chữa cháy quận' });
    expect(dispatched.body).toMatchObject({ state: 'dispatched', assignee: '114', acknowledgedBy: winner, nextEscalationAt: null });
    expect((await api('dispatcher', 'POST', `/api/incidents/${id}/comments`, { text: 'Đội 114 đã đến' })).status).toBe(201);
    expect((await api('dispatcher', 'POST', `/api/incidents/${id}/dispatch`, { assignee: '' })).body).toMatchObject({
      status: 400,
      code: 'CITYOPS_REQUEST_INVALID',
    });
    // The fire checklist: resolving with required items open is refused, naming them.
    const refused = await api('dispatcher', 'POST', `/api/incidents/${id}/resolve`, { note: 'Khói bếp, không có cháy' });
    expect(refused.body).toMatchObject({ status: 409, code: 'CITYOPS_INCIDENT_CHECKLIST_OPEN' });
    expect(refused.body.items.map((i: { id: string }) => i.id)).toEqual(['confirm', 'call-114', 'notify-building']);
    expect((await api('viewer', 'GET', `/api/incidents/${id}`)).body.checklist.filter((i: { required: boolean }) => i.required)).toHaveLength(3);
    for (const item of ['confirm', 'call-114', 'notify-building']) {
      const ticked = await api('dispatcher', 'POST', `/api/incidents/${id}/checklist/${item}`, { done: true });
      expect(ticked.body.checklist.find((i: { id: string }) => i.id === item)).toMatchObject({ done: true, by: 'dispatcher', at: expect.any(String) });
    }
    expect((await api('dispatcher', 'POST', `/api/incidents/${id}/checklist/no-such-item`, { done: true })).body.code).toBe('CITYOPS_SOP_INVALID');
    expect((await api('viewer', 'POST', `/api/incidents/${id}/checklist/confirm`, { done: false })).status).toBe(403);
    expect((await api('dispatcher', 'POST', `/api/incidents/${id}/resolve`, { note: 'Khói bếp, không có cháy' })).body).toMatchObject({ state: 'resolved' });
    expect((await api('dispatcher', 'POST', `/api/incidents/${id}/dispatch`, { assignee: '113' })).body).toMatchObject({
      status: 409,
      code: 'CITYOPS_INCIDENT_ALREADY_RESOLVED',
    });
    expect((await api('supervisor', 'POST', `/api/incidents/${id}/close`, { note: 'Đã xem lại' })).body).toMatchObject({
      state: 'closed',
      closedAt: expect.any(String),
    });

    const { body } = await api('viewer', 'GET', `/api/incidents/${id}`);
    expect(body.timeline.map((e: { type: string; actor: string | null; note: string | null }) => [e.type, e.actor, e.note])).toEqual([
      ['opened', null, null],
      ['acknowledged', winner, null],
      ['dispatched', 'dispatcher', 'Xe chữa cháy quận'],
      ['comment', 'dispatcher', 'Đội 114 đã đến'],
      ['checklist', 'dispatcher', null],
      ['checklist', 'dispatcher', null],
      ['checklist', 'dispatcher', null],
      ['resolved', 'dispatcher', 'Khói bếp, không có cháy'],
      ['closed', 'supervisor', 'Đã xem lại'],
    ]);
    expect(body.timeline[2].data).toEqual({ assignee: '114' });
  });

  it("checklists are data: supervisors replace a kind's list (ids unique) or reset it; a supervisor may resolve over open items with a reason", async () => {
    const shipped = (await api('viewer', 'GET', '/api/sops')).body.items.find((c: { kind: string }) => c.kind === 'fire_alarm');
    expect(shipped).toMatchObject({ shipped: true, updatedBy: null });
    const items = [
      { id: 'confirm', text: 'Xác minh qua camera', required: true },
      { id: 'call-114', text: 'Báo 114', required: true },
    ];
    expect((await api('dispatcher', 'PUT', '/api/sops/fire_alarm', { items })).status).toBe(403);
    expect((await api('supervisor', 'PUT', '/api/sops/fire_alarm', { items: [...items, items[0]] })).body.code).toBe('CITYOPS_SOP_INVALID');
    expect((await api('supervisor', 'PUT', '/api/sops/fire_alarm', { items })).body).toMatchObject({ shipped: false, updatedBy: 'supervisor', items });

    await event('fire.event', { deviceId: 'FA-0301', seq: 40, event: 'alarm' });
    await settle();
    const id = (await incidentsOf('fire_alarm')).find((i) => i.deviceId === 'FA-0301' && i.state === 'open')!.id;
    expect((await api('viewer', 'GET', `/api/incidents/${id}`)).body.checklist.map((i: { id: string }) => i.id)).toEqual(['confirm', 'call-114']);
    // Only a supervisor overrides; the reason and the open items go on the timeline.
    expect((await api('dispatcher', 'POST', `/api/incidents/${id}/resolve`, { note: 'Báo nhầm', overrideChecklist: true })).status).toBe(403);
    expect((await api('supervisor', 'POST', `/api/incidents/${id}/resolve`, { note: 'Báo nhầm: thợ hàn', overrideChecklist: true })).body.state).toBe(
      'resolved',
    );
    const timeline = (await api('viewer', 'GET', `/api/incidents/${id}`)).body.timeline;
    expect(timeline.at(-2)).toMatchObject({
      type: 'checklist_overridden',
      actor: 'supervisor',
      note: 'Báo nhầm: thợ hàn',
      data: { items: ['confirm', 'call-114'] },
    });

    expect((await api('supervisor', 'DELETE', '/api/sops/fire_alarm')).body).toMatchObject({ shipped: true, items: shipped.items });
  });

  it('escalates an unacknowledged fire alarm to the supervisor after 60 s, then to the admin; acknowledging stops the chain', async () => {
    await event('fire.event', { deviceId: 'FA-0302', seq: 1, event: 'alarm' });
    await settle();
    const id = (await incidentsOf('fire_alarm')).find((i) => i.deviceId === 'FA-0302')!.id;
    h.clock.now += 59 * SEC;
    await settle();
    expect((await api('viewer', 'GET', `/api/incidents/${id}`)).body).toMatchObject({ escalationLevel: 0, escalatedTo: null });
    h.clock.now += 2 * SEC;
    await settle();
    await settle();
    const first = (await api('viewer', 'GET', `/api/incidents/${id}`)).body;
    expect(first).toMatchObject({ escalationLevel: 1, escalatedTo: 'supervisor' });
    expect(first.timeline.filter((e: { type: string }) => e.type === 'escalated')).toHaveLength(1);
    h.clock.now += 2 * 60 * SEC;
    await settle();
    expect((await api('viewer', 'GET', `/api/incidents/${id}`)).body).toMatchObject({ escalationLevel: 2, escalatedTo: 'admin', nextEscalationAt: null });
    await api('dispatcher', 'POST', `/api/incidents/${id}/ack`);
    h.clock.now += 30 * 60 * SEC;
    await settle();
    const after = (await api('viewer', 'GET', `/api/incidents/${id}`)).body;
    expect(after.timeline.filter((e: { type: string }) => e.type === 'escalated').map((e: { data: object }) => e.data)).toEqual([
      { level: 1, notify: 'supervisor', unacknowledgedForMs: 60_000 },
      { level: 2, notify: 'admin', unacknowledgedForMs: 180_000 },
    ]);
  });
});

describe('rules as data', () => {
  it('lists the shipped rules; supervisors edit them (others 403), with clear errors, and alerting applies an area override at once', async () => {
    const list = (await api('viewer', 'GET', '/api/rules')).body.items as { rule: { id: string }; builtin: boolean; modified: boolean }[];
    expect(list.map((r) => r.rule.id)).toContain('queue-overload');
    expect(list.every((r) => r.builtin && !r.modified)).toBe(true);

    const { body: view } = await api('viewer', 'GET', '/api/rules/queue-overload');
    const edited = { ...view.rule, overrides: { byArea: { A030: { maxWaiting: 10, forDurationMs: 0 } } } };
    expect((await api('dispatcher', 'PUT', '/api/rules/queue-overload', edited)).status).toBe(403);
    const bad = await api('supervisor', 'PUT', '/api/rules/queue-overload', { ...edited, params: { ...edited.params, clearRatio: 3 } });
    expect(bad.body).toMatchObject({ status: 400, code: 'CITYOPS_RULE_INVALID', detail: expect.stringContaining('/params/clearRatio') });
    // Each field at fault by its pointer, for the rules screen to show the message on that field.
    expect(bad.body.errors).toEqual([{ path: '/params/clearRatio', message: expect.stringMatching(/1/) }]);
    const wrongField = await api('supervisor', 'PUT', '/api/rules/queue-overload', { ...edited, overrides: { byArea: { A030: { maxWating: 10 } } } });
    expect(wrongField.body).toMatchObject({ code: 'CITYOPS_RULE_INVALID', detail: expect.stringContaining('maxWating is not a field') });
    expect(wrongField.body.errors).toEqual([{ path: '/overrides/byArea/A030/maxWating', message: expect.stringContaining('is not a field') }]);
    const saved = await api('supervisor', 'PUT', '/api/rules/queue-overload', edited);
    expect(saved.body).toMatchObject({ modified: true, updatedBy: 'supervisor' });

    // 15 waiting: under the city-wide 40, over this area's 10, and no pending time there.
    await event('queue.load', { id: 'Q-A030-01', waiting: 15, serving: 2, countersOpen: 2, avgWaitSec: 600 });
    await settle();
    expect(await incidentsOf('queue_overload')).toMatchObject([{ deviceId: 'Q-A030-01', state: 'open' }]);

    expect((await api('supervisor', 'POST', '/api/rules/queue-overload/reset')).body).toMatchObject({ modified: false, updatedBy: null });
  });

  it('creates and deletes custom rules; shipped ones can only be disabled or reset', async () => {
    const { body: base } = await api('viewer', 'GET', '/api/rules/camera-tampered');
    const custom = {
      ...base.rule,
      id: 'camera-degraded',
      name: 'Camera degraded',
      params: { statuses: ['degraded'], clearStatuses: ['online'] },
      severity: 'info',
    };
    expect((await api('supervisor', 'POST', '/api/rules', custom)).status).toBe(201);
    expect((await api('supervisor', 'POST', '/api/rules', custom)).body).toMatchObject({ status: 409, code: 'CITYOPS_RULE_EXISTS' });
    expect((await api('supervisor', 'DELETE', '/api/rules/camera-tampered')).body).toMatchObject({ status: 409, code: 'CITYOPS_RULE_BUILTIN' });
    expect((await api('supervisor', 'DELETE', '/api/rules/camera-degraded')).status).toBe(204);
    expect((await api('viewer', 'GET', '/api/rules/camera-degraded')).body).toMatchObject({ status: 404, code: 'CITYOPS_RULE_NOT_FOUND' });
  });
});

describe('silences and maintenance windows', () => {
  it('a silence holds a new incident back, shows it in the alert states, and lets it open with heldBy when it ends', async () => {
    expect(
      (await api('supervisor', 'POST', '/api/silences', { matchers: {}, endsAt: new Date(h.clock.now + 3600_000).toISOString(), comment: 'x' })).body,
    ).toMatchObject({ status: 400, code: 'CITYOPS_SILENCE_INVALID' });
    expect(
      (await api('dispatcher', 'POST', '/api/silences', { matchers: { area: 'A020' }, endsAt: new Date(h.clock.now + 3600_000).toISOString(), comment: 'x' }))
        .status,
    ).toBe(403);
    const created = await api('supervisor', 'POST', '/api/silences', {
      matchers: { area: 'A020', kind: 'camera_tampered' },
      endsAt: new Date(h.clock.now + 3600_000).toISOString(),
      comment: 'Thi công nâng cấp cột camera',
    });
    expect(created.body).toMatchObject({ id: expect.any(Number), status: 'active', createdBy: 'supervisor' });
    await settle();

    await event('device.status', { id: 'CAM-A020-01', kind: 'camera', status: 'tampered', area: 'A020', lat: 21.02, lon: 105.84 });
    await event('fire.event', { deviceId: 'FA-0301', seq: 2, event: 'alarm', area: 'A020' });
    await settle();
    expect(await incidentsOf('camera_tampered')).toEqual([]);
    const alerts = (await api('viewer', 'GET', '/api/alerts')).body.items;
    expect(alerts).toContainEqual(
      expect.objectContaining({
        ruleId: 'camera-tampered',
        subject: 'CAM-A020-01',
        state: 'firing',
        incident: 'suppressed',
        suppressedBy: `silence:${created.body.id}`,
      }),
    );
    // A broad silence never swallows a fire alarm.
    expect((await incidentsOf('fire_alarm')).filter((i) => i.deviceId === 'FA-0301' && i.state === 'open')).toHaveLength(1);

    expect((await api('supervisor', 'DELETE', `/api/silences/${created.body.id}`)).body).toMatchObject({ status: 'expired' });
    await settle();
    await settle();
    const [opened] = await incidentsOf('camera_tampered');
    expect(opened).toMatchObject({ deviceId: 'CAM-A020-01', state: 'open' });
    const { body } = await api('viewer', 'GET', `/api/incidents/${opened!.id}`);
    expect(body.timeline[0]).toMatchObject({ type: 'opened', data: { heldBy: `silence:${created.body.id}` } });
  });

  it('a silence created over a live incident is written on its timeline', async () => {
    const [live] = await incidentsOf('camera_tampered');
    const s = await api('supervisor', 'POST', '/api/silences', {
      matchers: { deviceId: 'CAM-A020-01' },
      endsAt: new Date(h.clock.now + 600_000).toISOString(),
      comment: 'Đã biết, đang xử lý',
    });
    const { body } = await api('viewer', 'GET', `/api/incidents/${live!.id}`);
    expect(body.timeline.at(-1)).toMatchObject({ type: 'silenced', actor: 'supervisor', note: 'Đã biết, đang xử lý', data: { silenceId: s.body.id } });
    expect((await api('viewer', 'GET', '/api/silences')).body.items.map((x: { id: number }) => x.id)).toContain(s.body.id);
  });

  it('a weekly maintenance window in Hanoi time holds alerts while it is on', async () => {
    const local = new Date(h.clock.now + 7 * 3600_000); // Asia/Ho_Chi_Minh is UTC+7 all year
    const started = new Date(local.getTime() - 10 * 60_000);
    const day = ((started.getUTCDay() + 6) % 7) + 1;
    const start = `${String(started.getUTCHours()).padStart(2, '0')}:${String(started.getUTCMinutes()).padStart(2, '0')}`;
    const created = await api('supervisor', 'POST', '/api/maintenance-windows', {
      name: 'Bảo trì camera A021',
      matchers: { ruleId: 'camera-tampered', area: 'A021' },
      schedule: { days: [day], start, durationMin: 60 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ activeNow: true, schedule: { timezone: 'Asia/Ho_Chi_Minh' } });
    await settle();
    await event('device.status', { id: 'CAM-A021-01', kind: 'camera', status: 'tampered', area: 'A021', lat: 21.02, lon: 105.84 });
    await settle();
    expect((await incidentsOf('camera_tampered')).filter((i) => i.deviceId === 'CAM-A021-01')).toEqual([]);
    h.clock.now += 55 * 60_000; // the window ends at 60 minutes after its start, 50 after the test's now
    await settle();
    await settle();
    expect((await incidentsOf('camera_tampered')).filter((i) => i.deviceId === 'CAM-A021-01')).toMatchObject([{ state: 'open' }]);
    expect((await api('supervisor', 'DELETE', `/api/maintenance-windows/${created.body.id}`)).status).toBe(204);
    expect((await api('viewer', 'GET', '/api/maintenance-windows')).body.items).toEqual([]);
  });
});

describe('hotline tickets feeding alerting', () => {
  const ticket = (line: string) => ({
    line,
    category: line === '1022' ? 'infrastructure' : 'fire',
    description: 'Phản ánh mẫu',
    lat: 21.03,
    lon: 105.85,
    address: 'Số 5 Phố mẫu',
  });

  it('an emergency ticket on 114 becomes a critical incident with its escalation chain, resolved when the ticket is answered', async () => {
    expect((await api('viewer', 'POST', '/api/tickets', ticket('114'))).status).toBe(403);
    const created = await api('dispatcher', 'POST', '/api/tickets', ticket('114'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), line: '114', state: 'received', deadlines: [] });
    await settle();
    const [incident] = await incidentsOf('hotline');
    expect(incident).toMatchObject({ severity: 'critical', state: 'open', ruleId: 'hotline-emergency', nextEscalationAt: expect.any(String) });
    expect((await api('dispatcher', 'POST', `/api/tickets/${created.body.id}/state`, { state: 'answered', note: 'Đã chuyển 114' })).body).toMatchObject({
      state: 'answered',
    });
    await settle();
    expect((await incidentsOf('hotline'))[0]).toMatchObject({ id: incident!.id, state: 'resolved' });
    expect((await api('dispatcher', 'POST', `/api/tickets/${created.body.id}/state`, { state: 'forwarded' })).body).toMatchObject({
      status: 409,
      code: 'CITYOPS_TICKET_INVALID_TRANSITION',
    });
  });

  it('a 1022 report not forwarded within 5 minutes opens one deadline incident; one forwarded in time does not', async () => {
    const late = await api('dispatcher', 'POST', '/api/tickets', ticket('1022'));
    const onTime = await api('dispatcher', 'POST', '/api/tickets', ticket('1022'));
    expect(late.body.deadlines.map((d: { name: string; breached: boolean }) => [d.name, d.breached])).toEqual([
      ['forward', false],
      ['answer', false],
    ]);
    expect(Date.parse(late.body.deadlines[0].dueAt) - Date.parse(late.body.createdAt)).toBe(5 * 60_000);
    await api('dispatcher', 'POST', `/api/tickets/${onTime.body.id}/state`, { state: 'forwarded' });
    await settle();
    expect(await incidentsOf('hotline')).toHaveLength(1); // 1022 is not an emergency line
    h.clock.now = Math.max(h.clock.now, Date.parse(late.body.createdAt)) + 6 * 60_000;
    await settle();
    await settle();
    const breaches = await incidentsOf('hotline_deadline');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ severity: 'warning', title: expect.stringContaining(`#${late.body.id}`) });
    const { body } = await api('viewer', 'GET', `/api/incidents/${breaches[0]!.id}`);
    expect(body.timeline.map((e: { type: string }) => e.type)).toEqual(['opened']);
    expect(body.timeline[0].data).toMatchObject({ ticketId: late.body.id, deadline: 'forward', line: '1022' });
  });
});

// Last: its 1022 ticket is filed on the real clock while alerting's runs ahead, so its deadline
// incidents must not reach the hotline tests above.
describe('incidents opened by hand', () => {
  it('takes its place from the linked ticket, records the link on both, escalates when critical; dispatchers only', async () => {
    const ticket = await api('dispatcher', 'POST', '/api/tickets', {
      line: '1022',
      category: 'public_order',
      description: 'Người gọi báo khói bốc lên từ mái nhà',
      lat: 21.041,
      lon: 105.861,
      address: 'Số 12 Phố mẫu',
    });
    expect(ticket.status).toBe(201);
    const body = {
      kind: 'manual',
      severity: 'critical',
      title: 'Khói trên mái nhà số 12 (thấy qua camera)',
      ticketId: ticket.body.id,
      note: 'Đã gọi lại xác nhận',
    };
    expect((await api('viewer', 'POST', '/api/incidents', body)).status).toBe(403);
    const opened = await api('dispatcher', 'POST', '/api/incidents', body);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      kind: 'manual',
      severity: 'critical',
      state: 'open',
      lat: 21.041,
      lon: 105.861,
      address: 'Số 12 Phố mẫu',
      ruleId: null,
    });
    expect(Date.parse(opened.body.nextEscalationAt) - Date.parse(opened.body.openedAt)).toBe(2 * 60 * SEC);
    const incident = (await api('viewer', 'GET', `/api/incidents/${opened.body.id}`)).body;
    expect(incident.timeline[0]).toMatchObject({
      type: 'opened',
      data: { manual: true, by: 'dispatcher', ticketId: ticket.body.id, note: 'Đã gọi lại xác nhận' },
    });
    const history = (await api('viewer', 'GET', `/api/tickets/${ticket.body.id}`)).body.history;
    expect(history.at(-1)).toMatchObject({ type: 'incident_linked', actor: 'dispatcher', data: { incidentId: opened.body.id } });

    // Two by hand with one title are two incidents: nothing is deduplicated away.
    const twice = await api('dispatcher', 'POST', '/api/incidents', { ...body, ticketId: undefined, lat: 21.0, lon: 105.8 });
    expect(twice.body.id).not.toBe(opened.body.id);
    expect(twice.body.nextEscalationAt).toBeTruthy();

    expect((await api('dispatcher', 'POST', '/api/incidents', { ...body, ticketId: 999_999 })).body.code).toBe('CITYOPS_TICKET_NOT_FOUND');
    expect((await api('dispatcher', 'POST', '/api/incidents', { ...body, ticketId: undefined, deviceId: 'NO-SUCH' })).body.code).toBe(
      'CITYOPS_DEVICE_NOT_FOUND',
    );
    expect((await api('dispatcher', 'POST', '/api/incidents', { ...body, ticketId: undefined, lat: 21 })).status).toBe(400);
    // A warning does not escalate.
    const minor = await api('dispatcher', 'POST', '/api/incidents', {
      kind: 'manual',
      severity: 'warning',
      title: 'Đèn tín hiệu nhấp nháy',
      lat: 21.02,
      lon: 105.84,
    });
    expect(minor.body.nextEscalationAt).toBeNull();

    h.clock.now += 2 * 60 * SEC + SEC;
    await settle();
    expect((await api('viewer', 'GET', `/api/incidents/${opened.body.id}`)).body).toMatchObject({ escalationLevel: 1, escalatedTo: 'supervisor' });
  });
});
