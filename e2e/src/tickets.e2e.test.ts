import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident, Ticket } from '@cityops/contracts';
import { ApiClient } from './support/api.ts';
import { screenshotAtSizes, signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { encodeSolidPng } from './support/png.ts';
import { MailCatcher } from './support/mail-catcher.ts';
import { ARTIFACTS_DIR, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * Hotline tickets at the desk, end to end: a citizen app files a report over Open311 the
 * way stock clients do (form fields, an api_key) and both desks list it live with its countdown and
 * duplicate hint; a transfer made with the keyboard in one browser shows in the other, and the
 * transfer to 114 raises an incident; a caller who asked for e-mail updates gets one when their report
 * is forwarded, and its link opens the report's public page. One stack without the simulated fleet or
 * call centre, with a real SMTP server on 127.0.0.1 as the city's mail relay.
 */
const OPEN311_KEY = 'e2e-open311-shared-key-0001';
/** A citizen's photo (a 160×100 green PNG) on a server of its own, as a citizen app's storage would be. */
const PHOTO = encodeSolidPng(160, 100, [46, 160, 90]);
let photos: Server;
let photoOrigin: string;
/** The city's mail relay: the caller of test 4 asks for e-mail updates. */
const mail = new MailCatcher();
const CALLER_EMAIL = 'nguoi.goi.e2e@example.vn';
const VISIBLE_MS = 20_000;

let stack: RunningStack;
let browser: Browser;
let api: ApiClient;
let deskA: SignedIn | undefined;
let deskB: SignedIn | undefined;
let filed: number;
/** The neighbour's report of test 1: still on 1022 with its 5-minute clock. */
let again: number;

const ticketItem = (page: Page, id: number) => page.locator(`[data-testid="ticket-item"][data-ticket-id="${id}"]`);

function captureOnFailure(label: string): void {
  onTestFailed(async () => {
    for (const [who, s] of [
      ['deskA', deskA],
      ['deskB', deskB],
    ] as const) {
      if (s && !s.page.isClosed()) await s.page.screenshot({ path: join(ARTIFACTS_DIR, `FAILED-tickets-${label}-${who}.png`) }).catch(() => undefined);
      if (s?.errors.length) console.log(`${who} browser errors:\n  ${s.errors.join('\n  ')}`);
    }
    writeFileSync(join(ARTIFACTS_DIR, `FAILED-tickets-${label}-stack.log`), stack?.output() ?? '');
  });
}

/** POST requests.json as most Open311 clients send it: form-encoded, the key in the body. */
async function postOpen311(fields: Record<string, string>): Promise<string> {
  const res = await fetch(new URL('/open311/v2/requests.json', stack.consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: OPEN311_KEY, ...fields }).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  expect(res.status).toBe(201);
  const [created] = (await res.json()) as { service_request_id: string }[];
  return created!.service_request_id;
}

/**
 * A citizen opens the link from their e-mail in a browser of their own (no session): the page shows
 * where the report is, and nothing anyone typed about a person; the stop button turns the mails off.
 */
async function citizenReadsStatusPage(link: string, id: number): Promise<void> {
  const citizen = await browser.newContext({ locale: 'vi-VN', viewport: { width: 414, height: 896 } });
  try {
    const page = await citizen.newPage();
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(`Phản ánh số ${id}`);
    expect(text).toContain('Tình trạng Đã chuyển đến đơn vị xử lý');
    expect(text).toContain('Đơn vị xử lý UBND phường Hoàn Kiếm');
    for (const personal of ['0987 000 222', CALLER_EMAIL, 'Rác thải đổ trộm', 'Lê Thái Tổ', 'dispatcher']) expect(text).not.toContain(personal);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'tickets-7-citizen-status.png'), fullPage: true });
    await page.getByRole('button', { name: 'Ngừng nhận e-mail' }).click();
    await page.getByText('Đã ngừng gửi e-mail cập nhật cho phản ánh này.').waitFor({ timeout: VISIBLE_MS });
    expect(await page.getByRole('button', { name: 'Ngừng nhận e-mail' }).count()).toBe(0);
  } finally {
    await citizen.close();
  }
}

const countdownOf = (page: Page, id: number) => ticketItem(page, id).getByTestId('ticket-countdown');

describe('hotline tickets at the desk (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    for (const f of readdirSync(ARTIFACTS_DIR)) if (/^(FAILED-)?tickets-/.test(f)) rmSync(join(ARTIFACTS_DIR, f), { force: true });
    photos = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PHOTO));
    await new Promise<void>((ok) => photos.listen(0, '127.0.0.1', ok));
    photoOrigin = `http://127.0.0.1:${(photos.address() as { port: number }).port}`;
    const smtpUrl = await mail.start();
    // The deployment names where citizens' photos come from (default: any https origin).
    ({ stack, browser } = await startStackAndBrowser({
      simulate: false,
      env: {
        CITYOPS_OPEN311_KEY: OPEN311_KEY,
        CITYOPS_MEDIA_ORIGINS: photoOrigin,
        CITYOPS_SMTP_URL: smtpUrl,
        CITYOPS_SMTP_FROM: 'Trung tâm IOC <ioc@example.gov.vn>',
      },
    }));
    api = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'tickets-stack.log'));
    await new Promise((ok) => photos?.close(ok));
    await mail.stop();
  });

  test('a report posted over Open311 appears live in both desks with a running countdown and a duplicate hint', async () => {
    captureOnFailure('1-open311');
    [deskA, deskB] = await Promise.all([
      signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword),
      signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword),
    ]);
    await Promise.all([waitForMap(deskA.page, 0), waitForMap(deskB.page, 0)]);
    for (const s of [deskA, deskB]) await s.page.getByTestId('ticket-panel').waitFor({ state: 'visible' });

    filed = Number(
      await postOpen311({
        service_code: '1022-infrastructure',
        lat: '21.0285',
        long: '105.8542',
        address_string: 'Số 7 Phố vé (e2e)',
        description: 'Ổ gà sâu trước cổng trường',
        phone: '0912000111',
      }),
    );
    for (const s of [deskA, deskB]) await ticketItem(s.page, filed).waitFor({ state: 'visible', timeout: VISIBLE_MS });
    const item = ticketItem(deskB.page, filed);
    expect(await item.textContent()).toContain('Số 7 Phố vé (e2e)');
    expect(await item.textContent()).toContain('Hạ tầng đô thị');
    expect(await item.textContent()).not.toContain('0912000111');
    // The 5-minute forwarding clock, counting down live, not breached.
    const first = (await countdownOf(deskB.page, filed).textContent())!;
    // Time left is rounded up, so a report filed within the last second still reads 5:00.
    expect(first).toMatch(/Chuyển trong\s*([0-4]:[0-5]\d|5:00)/);
    expect(await countdownOf(deskB.page, filed).getAttribute('data-breached')).toBe('false');
    await expect.poll(async () => countdownOf(deskB!.page, filed).textContent(), { timeout: 5_000, interval: 250 }).not.toBe(first);

    // A neighbour reports the same pothole 20 m away: the hint names the first report.
    again = Number(await postOpen311({ service_code: '1022-infrastructure', lat: '21.02868', long: '105.8542', description: 'Ổ gà trước trường' }));
    const hint = ticketItem(deskA.page, again).getByTestId('ticket-duplicate');
    await hint.waitFor({ state: 'visible', timeout: VISIBLE_MS });
    expect(await hint.textContent()).toMatch(new RegExp(`#${filed} \\(\\d+ m\\)`));
    await deskA.page.screenshot({ path: join(ARTIFACTS_DIR, 'tickets-1-open311.png') });
  });

  test('a transfer made with the keyboard in one browser shows in the other, and 114 raises an incident', async () => {
    captureOnFailure('2-transfer');
    if (!deskA || !deskB) throw new Error('needs the browsers of the previous test');
    const page = deskA.page;
    await page.getByTestId('ticket-list').focus();
    for (let i = 0; i < 10 && (await ticketItem(page, filed).getAttribute('data-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
    expect(await ticketItem(page, filed).getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('t');
    const dialog = page.getByTestId('transfer-dialog');
    await dialog.waitFor({ state: 'visible' });
    // The line list has focus: choose 114 with the keyboard, then the category, then type the reason.
    await page.getByTestId('transfer-line').selectOption('114');
    await page.getByTestId('transfer-category').selectOption('rescue');
    await page.getByTestId('transfer-reason').fill('Người gọi lại: xe máy sa xuống hố, người mắc kẹt');
    await page.getByTestId('transfer-reason').press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('ticket-status').waitFor({ state: 'visible' });

    const other = ticketItem(deskB.page, filed);
    await deskB.page.locator(`[data-testid="ticket-item"][data-ticket-id="${filed}"][data-line="114"]`).waitFor({ timeout: VISIBLE_MS });
    expect(await other.getByTestId('ticket-transferred').textContent()).toContain('1022');
    expect(await other.getByTestId('ticket-countdown').textContent()).toContain('Khẩn cấp');

    const ticket = await api.get<Ticket>(`/api/tickets/${filed}`);
    expect(ticket).toMatchObject({ line: '114', category: 'rescue', state: 'received', transferredFrom: '1022' });
    expect(ticket.history!.at(-1)).toMatchObject({ type: 'transferred', actor: 'dispatcher', note: 'Người gọi lại: xe máy sa xuống hố, người mắc kẹt' });
    await expect.poll(async () => (await api.incidents()).filter((i: Incident) => i.kind === 'hotline').length, { timeout: VISIBLE_MS }).toBe(1);
    await deskB.page.screenshot({ path: join(ARTIFACTS_DIR, 'tickets-2-transferred.png') });
  });

  test('the countdown turns red once the 5-minute forwarding deadline passes', async () => {
    captureOnFailure('3-breach');
    // A third browser whose clock the test controls: six minutes pass in an instant.
    const late = await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword, (context) => context.clock.install());
    try {
      const countdown = countdownOf(late.page, again);
      await countdown.waitFor({ state: 'visible', timeout: VISIBLE_MS });
      expect(await countdown.getAttribute('data-breached')).toBe('false');
      await late.page.clock.fastForward('06:00');
      await late.page
        .locator(`[data-testid="ticket-item"][data-ticket-id="${again}"] [data-testid="ticket-countdown"][data-breached="true"]`)
        .waitFor({ timeout: 10_000 });
      expect(await countdown.textContent()).toMatch(/Quá hạn chuyển\s*[01]:[0-5]\d/);
      const color = await countdown.locator('.clock').evaluate((el) => getComputedStyle(el).color);
      const [r, g, b] = color.match(/\d+/g)!.map(Number);
      expect(r).toBeGreaterThan(150);
      expect(r!).toBeGreaterThan(2 * Math.max(g!, b!));
      await late.page.screenshot({ path: join(ARTIFACTS_DIR, 'tickets-3-breached.png') });
    } finally {
      await late.page.context().close();
    }
  });

  test('a call is filed from the form and forwarded to a ward with the keyboard; Open311 shows the note; the caller gets an e-mail whose status page names nobody; a photo shows in the detail', async () => {
    captureOnFailure('4-desk');
    if (!deskA) throw new Error('needs the browsers of the first test');
    const page = deskA.page;
    await page.getByTestId('ticket-list').focus();
    await page.keyboard.press('i');
    const intake = page.getByTestId('intake-dialog');
    await intake.waitFor({ state: 'visible' });
    await page.getByTestId('intake-category').selectOption('environment');
    await page.getByTestId('intake-description').fill('Rác thải đổ trộm ven hồ, bốc mùi');
    await page.getByTestId('intake-address').fill('Ven hồ Hoàn Kiếm, phố Lê Thái Tổ (e2e)');
    // As a Vietnamese keyboard types decimals: with a comma.
    await page.getByTestId('intake-lat').fill('21,0301');
    await page.getByTestId('intake-lon').fill('105,8512');
    await page.getByTestId('intake-phone').fill('0987 000 222');
    // The caller asks to be told by e-mail.
    await page.getByTestId('intake-email').fill(CALLER_EMAIL);
    await page.getByTestId('intake-updates').check();
    await screenshotAtSizes(page, ARTIFACTS_DIR, 'tickets-4-intake');
    await page.getByTestId('intake-email').press('Enter');
    await intake.waitFor({ state: 'detached', timeout: 15_000 });
    const selected = page.locator('[data-testid="ticket-item"][data-selected="true"]');
    await selected.waitFor({ timeout: VISIBLE_MS });
    const id = Number(await selected.getAttribute('data-ticket-id'));
    expect(await api.get<Ticket>(`/api/tickets/${id}`)).toMatchObject({
      line: '1022',
      category: 'environment',
      lat: 21.0301,
      lon: 105.8512,
      state: 'received',
    });

    // Forward with the keyboard only: F, a few letters of the ward's name, Tab to the note, Enter.
    await page.keyboard.press('f');
    const forward = page.getByTestId('forward-dialog');
    await forward.waitFor({ state: 'visible' });
    await page.keyboard.type('hoan kiem');
    await page.locator('[data-testid="forward-unit"][data-unit-id="P-HOAN-KIEM"][aria-selected="true"]').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('Chuyển UBND phường Hoàn Kiếm thu gom');
    await screenshotAtSizes(page, ARTIFACTS_DIR, 'tickets-5-forward');
    await page.keyboard.press('Enter');
    await forward.waitFor({ state: 'detached', timeout: 15_000 });

    const ticket = await api.get<Ticket>(`/api/tickets/${id}`);
    expect(ticket).toMatchObject({ state: 'forwarded', forwardedAt: expect.any(String), assignedUnit: { id: 'P-HOAN-KIEM', name: 'UBND phường Hoàn Kiếm' } });
    // The notifier's entry for the caller's e-mail may already follow it.
    expect(ticket.history!.filter((e) => e.type === 'forwarded')).toEqual([
      expect.objectContaining({ actor: 'dispatcher', note: 'Chuyển UBND phường Hoàn Kiếm thu gom' }),
    ]);
    const read = await fetch(new URL(`/open311/v2/requests/${id}.json?api_key=${OPEN311_KEY}`, stack.consoleUrl));
    expect((await read.json())[0]).toMatchObject({ status_notes: 'Chuyển UBND phường Hoàn Kiếm thu gom', agency_responsible: 'UBND phường Hoàn Kiếm' });
    const detail = page.getByTestId('ticket-detail');
    await expect.poll(async () => detail.getByTestId('ticket-assigned-unit').textContent(), { timeout: VISIBLE_MS }).toContain('UBND phường Hoàn Kiếm');
    await expect.poll(async () => detail.locator('[data-testid="ticket-history"] li[data-type="forwarded"]').count(), { timeout: VISIBLE_MS }).toBe(1);

    // The caller's e-mail says where the report went and links to its public page.
    await expect.poll(() => mail.to(CALLER_EMAIL).length, { timeout: VISIBLE_MS }).toBe(1);
    const link = /(https?:\/\/\S+\/status\/[A-Za-z0-9_-]{43})/.exec(mail.to(CALLER_EMAIL)[0]!)?.[1];
    expect(link, mail.to(CALLER_EMAIL)[0]).toBeDefined();
    expect(new URL(link!).port).toBe(new URL(stack.consoleUrl).port);
    await citizenReadsStatusPage(link!, id);

    // A citizen's report with a photo: its detail shows the picture (the CSP lets the photo origin in).
    const withPhoto = Number(
      await postOpen311({
        service_code: '1022-environment',
        lat: '21.035',
        long: '105.85',
        description: 'Cây đổ chắn lối đi (kèm ảnh)',
        media_url: `${photoOrigin}/anh/cay-do.png`,
      }),
    );
    await ticketItem(page, withPhoto).waitFor({ state: 'visible', timeout: VISIBLE_MS });
    await ticketItem(page, withPhoto).locator('button.row').click();
    const img = page.locator(`[data-testid="ticket-detail"][data-ticket-id="${withPhoto}"] [data-testid="ticket-photo"]`);
    await img.waitFor({ timeout: VISIBLE_MS });
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), { timeout: VISIBLE_MS })
      .toBe(160);
    expect(deskA.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await screenshotAtSizes(page, ARTIFACTS_DIR, 'tickets-6-detail');
  });

  test('search finds a ticket by a word of its description and exports it as CSV that keeps its diacritics', async () => {
    captureOnFailure('5-search');
    if (!deskA) throw new Error('needs the browsers of the first test');
    const page = deskA.page;
    await page.getByTestId('search-open').click();
    await page.getByTestId('search-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('search-q').fill('đổ trộm');
    await page.getByTestId('search-q').press('Enter');
    await page.locator('[data-testid="search-total"][data-total="1"]').waitFor({ timeout: VISIBLE_MS });
    expect(await page.getByTestId('search-row').textContent()).toContain('Rác thải đổ trộm ven hồ, bốc mùi');
    await screenshotAtSizes(page, ARTIFACTS_DIR, 'tickets-7-search');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('search-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^phan-anh-\d{12}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    // UTF-8 with a byte-order mark: what Excel needs to show Vietnamese.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toContain('Nội dung');
    expect(text).toContain('Rác thải đổ trộm ven hồ, bốc mùi');
    expect(text).toContain('UBND phường Hoàn Kiếm');
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached' });
  });
});
