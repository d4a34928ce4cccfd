import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident, Ticket } from '@cityops/contracts';
import { ApiClient } from './support/api.ts';
import { signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { ARTIFACTS_DIR, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * Hotline tickets at the desk, end to end: a citizen app files a report over Open311 the
 * way stock clients do (form fields, an api_key) and both desks list it live with its countdown and
 * duplicate hint; a transfer made with the keyboard in one browser shows in the other, and the
 * transfer to 114 raises an incident. One stack without the simulated fleet or call centre.
 */
const OPEN311_KEY = 'e2e-open311-shared-key-0001';
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

const countdownOf = (page: Page, id: number) => ticketItem(page, id).getByTestId('ticket-countdown');

describe('hotline tickets at the desk (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    for (const f of readdirSync(ARTIFACTS_DIR)) if (/^(FAILED-)?tickets-/.test(f)) rmSync(join(ARTIFACTS_DIR, f), { force: true });
    ({ stack, browser } = await startStackAndBrowser({ simulate: false, env: { CITYOPS_OPEN311_KEY: OPEN311_KEY } }));
    api = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'tickets-stack.log'));
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
});
