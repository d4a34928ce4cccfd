/**
 * Citizens told of their reports: an Open311 report filed with an e-mail and `email_updates`, then
 * forwarded and answered at the desk, reaches a real SMTP server (on 127.0.0.1) as two Vietnamese
 * e-mails, each with the link to the report's public status page; the page shows where the report
 * is and the unit's answer, and nobody's phone, e-mail, name, words or address. Reports without the
 * opt-in get nothing; a citizen who turns updates off gets nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startNotifier, DEFAULT_NOTIFIER_SETTINGS, type Notifier } from '@cityops/notifications';
import { startSmtpReceiver } from '@cityops/notifications/src/testing/smtp-receiver.ts';
import { decodeMail } from '@cityops/notifications/src/testing/mail-decode.ts';
import { INJECT_ORIGIN, openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

const OPEN311_KEY = 'open311-key-for-citizen-update-tests';
const CITIZEN = { email: 'nguyen.van.an@example.vn', phone: '0912 345 678', first_name: 'An', last_name: 'Nguyễn Văn' };
const DESCRIPTION = 'Đèn tín hiệu ngã tư trước nhà số 5 Hàng Bông hỏng từ sáng';
const ADDRESS = 'Số 5 Phố Hàng Bông';
const ANSWER = 'Đội quản lý đèn tín hiệu đã thay bộ điều khiển lúc 14:00; đèn hoạt động bình thường.';

let h: ConsoleHarness;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let notifier: Notifier;

beforeAll(async () => {
  [h, smtp] = await Promise.all([openConsoleHarness({ env: { CITYOPS_OPEN311_KEY: OPEN311_KEY } }), startSmtpReceiver()]);
  notifier = startNotifier({
    ...DEFAULT_NOTIFIER_SETTINGS,
    publicUrl: 'https://ioc.example.gov.vn',
    smtp: { url: smtp.url, from: 'Trung tâm IOC <ioc@example.gov.vn>', requireTls: false, allowUnverifiedTls: false, timeoutMs: 5000 },
    backoff: { baseMs: 20, maxMs: 100 },
    pool: h.db.pool,
    log: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    // Driven by runOnce below, not by its timers.
    pollMs: 60_000,
  });
});
afterAll(async () => {
  await notifier?.stop();
  await Promise.all([h?.close(), smtp?.close()]);
});

async function file311(extra: Record<string, string>): Promise<number> {
  const form = new URLSearchParams({
    api_key: OPEN311_KEY,
    service_code: '1022-traffic',
    lat: '21.0312',
    long: '105.8490',
    address_string: ADDRESS,
    description: DESCRIPTION,
    ...extra,
  }).toString();
  const res = await h.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form,
  });
  expect(res.statusCode, res.body).toBe(201);
  return Number(res.json()[0].service_request_id);
}

const move = (id: number, body: object) => h.api('dispatcher', 'POST', `/api/tickets/${id}/state`, body);
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address)).map((m) => decodeMail(m.raw));
const statusPathOf = (text: string) => /https:\/\/ioc\.example\.gov\.vn(\/status\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe('e-mail updates to the citizen who filed a report', () => {
  let id: number;
  let statusPath: string;

  it('mails the citizen when the report is forwarded and when it is answered, in Vietnamese, with the status link', async () => {
    id = await file311({ ...CITIZEN, email_updates: 'true' });
    expect((await move(id, { state: 'forwarded', unit: 'P-HOAN-KIEM' })).status).toBe(200);
    await notifier.runOnce();
    expect((await move(id, { state: 'in_progress' })).status).toBe(200);
    expect((await h.api('dispatcher', 'POST', `/api/tickets/${id}/notes`, { note: 'Đã cử đội kỹ thuật' })).status).toBe(200);
    expect((await move(id, { state: 'answered', note: ANSWER })).status).toBe(200);
    await notifier.runOnce();

    const mails = mailsTo(CITIZEN.email);
    expect(mails.map((m) => m.headers.get('subject'))).toEqual([
      `Phản ánh số ${id} đã được chuyển đến UBND phường Hoàn Kiếm`,
      `Phản ánh số ${id} đã được trả lời`,
    ]);
    expect(mails[0]!.text).toContain('Giao thông');
    expect(mails[1]!.text).toContain(ANSWER);
    const paths = mails.map((m) => statusPathOf(m.text));
    expect(paths[0]).toBeDefined();
    expect(paths[1]).toBe(paths[0]);
    statusPath = paths[0]!;
    // Each mail once, with its own key as Message-ID, whatever else happened to the ticket.
    expect(new Set(mails.map((m) => m.headers.get('message-id'))).size).toBe(2);
    const history = (await h.api('dispatcher', 'GET', `/api/tickets/${id}`)).body.history as { type: string; data: { milestone?: string } }[];
    expect(history.filter((e) => e.type === 'citizen_notified').map((e) => e.data.milestone)).toEqual(['forwarded', 'answered']);
  });

  it('shows the report on its public status page without anyone’s personal data, and nothing for a wrong token', async () => {
    const page = await h.app.inject({ method: 'GET', url: statusPath });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-robots-tag']).toBe('noindex');
    // The link never leaves for another site as a Referer, and the page loads nothing from one.
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.body).not.toMatch(/(src|href)="https?:/);
    expect(page.body).toContain(`Phản ánh số ${id}`);
    expect(page.body).toContain('Đã trả lời');
    expect(page.body).toContain('UBND phường Hoàn Kiếm');
    expect(page.body).toContain(ANSWER);
    for (const secret of [CITIZEN.email, CITIZEN.phone, '0912345678', CITIZEN.last_name, DESCRIPTION, ADDRESS, 'dispatcher', 'Đã cử đội kỹ thuật']) {
      expect(page.body, secret).not.toContain(secret);
    }

    const token = statusPath.split('/').pop()!;
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const url of [`/status/${wrong}`, `/status/${id}`, `/status/${token.toLowerCase()}`, '/status/', `/status/${token}x`]) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('Phản ánh số');
    }
  });

  it('sends nothing to a citizen who gave an e-mail without asking for updates', async () => {
    const quiet = await file311({ email: 'khong.dang.ky@example.vn' });
    await move(quiet, { state: 'forwarded', unit: 'P-HOAN-KIEM' });
    await move(quiet, { state: 'answered', note: 'Đã xử lý' });
    await notifier.runOnce();
    expect(mailsTo('khong.dang.ky@example.vn')).toEqual([]);
  });

  it('stops when the citizen turns updates off on the status page, and says so on the report', async () => {
    const stop = await h.app.inject({
      method: 'POST',
      url: `${statusPath}/stop`,
      headers: { origin: INJECT_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(stop.statusCode).toBe(200);
    expect(stop.body).toContain('Đã ngừng gửi e-mail');
    expect(stop.body).not.toContain('Ngừng nhận e-mail</button>');
    // Another site's page cannot turn them off for the citizen.
    const forged = await h.app.inject({ method: 'POST', url: `${statusPath}/stop`, headers: { origin: 'https://evil.example' } });
    expect(forged.statusCode).toBe(403);

    expect((await move(id, { state: 'closed' })).status).toBe(200);
    await notifier.runOnce();
    expect(mailsTo(CITIZEN.email)).toHaveLength(2);
    const history = (await h.api('dispatcher', 'GET', `/api/tickets/${id}`)).body.history as { type: string }[];
    expect(history.map((e) => e.type)).toContain('citizen_updates_stopped');
  });
});

describe('durable like every notification', () => {
  it('keeps an e-mail that could not be sent and sends it, once, when the mail server is there', async () => {
    const id = await file311({ email: 'kien.nhan@example.vn', email_updates: '1' });
    await move(id, { state: 'forwarded', unit: 'P-HOAN-KIEM' });
    // A notifier without a mail server (CITYOPS_SMTP_URL unset) plans it and fails its attempt;
    // the retry is a minute away, so it is tried once here.
    const settings = { ...DEFAULT_NOTIFIER_SETTINGS, publicUrl: 'https://ioc.example.gov.vn', backoff: { baseMs: 60_000, maxMs: 60_000 } };
    const quiet = { pool: h.db.pool, log: pino({ level: 'silent' }), pollMs: 60_000 };
    const withoutSmtp = startNotifier({ ...settings, ...quiet, smtp: null });
    await withoutSmtp.runOnce();
    await withoutSmtp.stop();
    const { rows } = await h.db.pool.query(`SELECT state, attempts, last_error FROM citizen_updates WHERE ticket_id = $1`, [id]);
    expect(rows).toEqual([{ state: 'pending', attempts: 1, last_error: expect.stringContaining('CITYOPS_SMTP_URL') }]);

    // Two minutes on, a notifier with the mail server sends it, and only once however often it runs.
    const later = startNotifier({
      ...settings,
      ...quiet,
      smtp: { url: smtp.url, from: 'ioc@example.gov.vn', requireTls: false, allowUnverifiedTls: false, timeoutMs: 5000 },
      now: () => Date.now() + 120_000,
    });
    await later.runOnce();
    await later.runOnce();
    await later.stop();
    expect(mailsTo('kien.nhan@example.vn')).toHaveLength(1);
    const after = await h.db.pool.query(`SELECT state FROM citizen_updates WHERE ticket_id = $1`, [id]);
    expect(after.rows).toEqual([{ state: 'delivered' }]);
  });
});

describe('call-back tickets taken at the desk', () => {
  it('takes the caller’s e-mail and opt-in, refusing the opt-in without an e-mail', async () => {
    const report = { line: '1022', category: 'environment', description: 'Rác tồn đọng đầu ngõ', lat: 21.02, lon: 105.84 };
    const refused = await h.api('dispatcher', 'POST', '/api/tickets', { ...report, callerUpdates: true });
    expect(refused).toMatchObject({ status: 400, body: { code: 'CITYOPS_TICKET_UPDATES_NEED_EMAIL' } });
    const taken = await h.api('dispatcher', 'POST', '/api/tickets', { ...report, callerEmail: 'goi.lai@example.vn', callerUpdates: true });
    expect(taken.status).toBe(201);
    expect(JSON.stringify(taken.body)).not.toContain('goi.lai@example.vn');
    await move(taken.body.id, { state: 'forwarded', unit: 'P-HOAN-KIEM' });
    await notifier.runOnce();
    expect(mailsTo('goi.lai@example.vn').map((m) => m.headers.get('subject'))).toEqual([
      `Phản ánh số ${taken.body.id} đã được chuyển đến UBND phường Hoàn Kiếm`,
    ]);
  });
});
