import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident } from '@cityops/contracts';
import { ApiClient } from './support/api.ts';
import { screenshotAtSizes, signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { fontSizePx, itemById, recordIncidentPosts, selectWithKeyboard, waitForItem } from './support/desk.ts';
import { publishFireEvent } from './support/mqtt.ts';
import { ARTIFACTS_DIR, type ProvisionedDevice, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * The incident desk and the wall (modes, keyboard, alarm), end to end: the keyboard drives the
 * incident lifecycle in one browser and a second browser sees it live; a viewer and the wall get no
 * controls. One stack without the simulated fleet (only these panels raise incidents, so the queue
 * holds exactly what the tests put there); tests run in order and share the browsers.
 */

const ALARM_VISIBLE_MS = 20_000;
const PANELS = [
  { id: 'FA-DESK-1', lat: 21.0285, lon: 105.8542, address: 'Số 11 Phố bàn (e2e)' },
  { id: 'FA-DESK-2', lat: 21.0301, lon: 105.8477, address: 'Số 12 Phố bàn (e2e)' },
] as const;

let stack: RunningStack;
let browser: Browser;
let api: ApiClient;
const panels = new Map<string, ProvisionedDevice>();
let deskA: SignedIn | undefined;
let deskB: SignedIn | undefined;
let viewer: SignedIn | undefined;
/** The incident the lifecycle tests work on (FA-DESK-1). */
let first: Incident;

function panel(id: string): ProvisionedDevice {
  const p = panels.get(id);
  if (!p) throw new Error(`panel ${id} was not provisioned`);
  return p;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, name), timeout: 30_000 });
}

function captureOnFailure(label: string): void {
  onTestFailed(async () => {
    for (const [who, s] of [
      ['deskA', deskA],
      ['deskB', deskB],
      ['viewer', viewer],
    ] as const) {
      if (s && !s.page.isClosed()) await screenshot(s.page, `FAILED-desk-${label}-${who}.png`).catch(() => undefined);
      if (s?.errors.length) console.log(`${who} browser errors:\n  ${s.errors.join('\n  ')}`);
    }
    writeFileSync(join(ARTIFACTS_DIR, `FAILED-desk-${label}-stack.log`), stack?.output() ?? '');
  });
}

/** A fire alarm from `panelId`, and the incident the server opened for it. */
async function raiseAlarm(panelId: string, zone: string): Promise<Incident> {
  await publishFireEvent(stack.mqttUrl, panel(panelId), { seq: 1, event: 'alarm', zone });
  return api.waitForIncident(panelId, ALARM_VISIBLE_MS, 100);
}

async function incidentById(id: number): Promise<Incident> {
  return api.get<Incident>(`/api/incidents/${id}`);
}

describe('incident desk and wall (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    // Only this file's artifacts: console.e2e.test.ts's stay when both run.
    for (const f of readdirSync(ARTIFACTS_DIR)) if (/^(FAILED-)?desk-/.test(f)) rmSync(join(ARTIFACTS_DIR, f), { force: true });
    ({ stack, browser } = await startStackAndBrowser({ simulate: false }));
    const provisioned = await Promise.all(PANELS.map((p) => stack.addDevice({ kind: 'fire', ...p })));
    for (const p of provisioned) panels.set(p.id, p);
    api = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'desk-stack.log'));
  });

  test('A acknowledges the selected incident in one browser; the second browser shows it at once', async () => {
    captureOnFailure('1-ack');
    [deskA, deskB] = await Promise.all([
      signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword),
      signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword),
    ]);
    await Promise.all([waitForMap(deskA.page, PANELS.length), waitForMap(deskB.page, PANELS.length)]);
    // Dispatcher and above start at the desk.
    for (const s of [deskA, deskB]) await s.page.getByTestId('desk-panel').waitFor({ state: 'visible' });
    const normalTitle = await deskB.page.title();

    first = await raiseAlarm('FA-DESK-1', 'Tầng 5');
    await Promise.all([waitForItem(deskA.page, first.id, ALARM_VISIBLE_MS, 'open'), waitForItem(deskB.page, first.id, ALARM_VISIBLE_MS, 'open')]);

    // A new critical incident flashes the tab title until the operator does something.
    await deskB.page.waitForFunction(() => document.title.includes('⚠'), undefined, { polling: 100, timeout: 10_000 });

    const page = deskA.page;
    await selectWithKeyboard(page, first.id);
    await page.getByTestId('incident-detail').locator(`[data-incident-id="${first.id}"]`).waitFor({ state: 'visible' });
    expect(await page.getByTestId('detail-state').getAttribute('data-state')).toBe('open');
    expect(await page.getByTestId('incident-detail').textContent()).toContain(PANELS[0].address);
    await page.keyboard.press('a');

    await Promise.all([waitForItem(deskA.page, first.id, 15_000, 'acknowledged'), waitForItem(deskB.page, first.id, 15_000, 'acknowledged')]);
    expect(await itemById(deskB.page, first.id).textContent()).toContain('dispatcher');
    expect(await incidentById(first.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'dispatcher' });
    // The detail follows the event: state, who, and an "acknowledged" line in the timeline.
    await page.locator('[data-testid="detail-state"][data-state="acknowledged"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="timeline-entry"][data-type="acknowledged"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('detail-acknowledged-by').textContent()).toContain('dispatcher');

    // The mute switch (kept for the next visit: see the wall test).
    await page.getByTestId('alarm-mute').click();
    expect(await page.getByTestId('alarm-mute').getAttribute('aria-pressed')).toBe('true');

    // Any key stops the flashing.
    await deskB.page.keyboard.press('Shift');
    await expect.poll(() => deskB!.page.title(), { timeout: 5_000 }).toBe(normalTitle);
    await screenshot(page, 'desk-1-acknowledged.png');
  });

  test('D dispatches to 114 with the number key: the assignee and a "dispatched" timeline entry show', async () => {
    captureOnFailure('2-dispatch');
    if (!deskA || !deskB) throw new Error('needs the browsers of the previous test');
    const page = deskA.page;
    await selectWithKeyboard(page, first.id);
    await page.keyboard.press('d');
    const dialog = page.getByTestId('dispatch-dialog');
    await dialog.waitFor({ state: 'visible' });
    // 114 is the second unit: key 2.
    await page.keyboard.type('2');
    expect(await page.getByTestId('dispatch-assignee').getAttribute('data-assignee')).toBe('114');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    await page.locator('[data-testid="detail-assignee"][data-assignee="114"]').waitFor({ timeout: 15_000 });
    const entry = page.locator('[data-testid="timeline-entry"][data-type="dispatched"]');
    await entry.waitFor({ timeout: 15_000 });
    expect(await entry.textContent()).toContain('114');
    expect(await page.getByTestId('detail-state').getAttribute('data-state')).toBe('dispatched');
    // The other desk's queue shows whom it went to.
    await waitForItem(deskB.page, first.id, 15_000, 'dispatched');
    expect(await itemById(deskB.page, first.id).textContent()).toContain('114');
    expect(await incidentById(first.id)).toMatchObject({ state: 'dispatched', assignee: '114' });

    // C adds a comment; Esc in a dialog cancels without sending.
    await page.keyboard.press('c');
    await page.getByTestId('comment-dialog').waitFor({ state: 'visible' });
    await page.keyboard.type('bỏ qua');
    await page.keyboard.press('Escape');
    await page.getByTestId('comment-dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('c');
    await page.getByTestId('comment-dialog').waitFor({ state: 'visible' });
    await page.keyboard.type('Xe 114 đã xuất phát');
    await page.keyboard.press('Enter');
    await page.getByTestId('comment-dialog').waitFor({ state: 'detached', timeout: 15_000 });
    const comment = page.locator('[data-testid="timeline-entry"][data-type="comment"]');
    await comment.waitFor({ timeout: 15_000 });
    expect(await comment.count()).toBe(1);
    expect(await comment.getByTestId('timeline-note').textContent()).toBe('Xe 114 đã xuất phát');
    await screenshot(page, 'desk-2-dispatched.png');
  });

  test('the fire checklist: R with required items open is refused (409); ticking them puts entries on the timeline', async () => {
    captureOnFailure('3a-checklist');
    if (!deskA) throw new Error('needs the browsers of the previous tests');
    const page = deskA.page;
    const items = page.locator('[data-testid="checklist-item"]');
    await items.first().waitFor({ timeout: 15_000 });
    const required = page.locator('[data-testid="checklist-item"][data-required="true"]');
    expect(await required.count()).toBe(3);
    expect(await page.getByTestId('checklist').textContent()).toContain('Báo 114');

    await page.locator('body').focus();
    await page.keyboard.press('r');
    const dialog = page.getByTestId('resolve-dialog');
    await dialog.waitFor({ state: 'visible' });
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/incidents/${first.id}/resolve`));
    await page.keyboard.type('Thử giải quyết khi chưa làm xong quy trình');
    await page.keyboard.press('Enter');
    expect((await posted).status()).toBe(409);
    await page.getByTestId('dialog-error').waitFor({ state: 'visible' });
    // A dispatcher is not offered the supervisor's override.
    expect(await page.getByTestId('dialog-option').count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    for (const id of ['confirm', 'call-114', 'notify-building']) {
      await page.locator(`[data-testid="checklist-item"][data-item="${id}"] input[type="checkbox"]`).check();
      await page.locator(`[data-testid="checklist-item"][data-item="${id}"][data-done="true"]`).waitFor({ timeout: 15_000 });
    }
    await expect.poll(() => page.locator('[data-testid="timeline-entry"][data-type="checklist"]').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('[data-testid="timeline-entry"][data-type="checklist"]').first().textContent()).toContain('dispatcher');
    const ticks = (await incidentById(first.id)).timeline!.filter((e) => e.type === 'checklist');
    expect(ticks.map((e) => e.data.item)).toEqual(['confirm', 'call-114', 'notify-building']);
    await screenshotAtSizes(page, ARTIFACTS_DIR, 'desk-3a-checklist');
  });

  test('R resolves with a note (Shift+Enter for a new line): resolved, with the note in the timeline', async () => {
    captureOnFailure('3-resolve');
    if (!deskA || !deskB) throw new Error('needs the browsers of the previous tests');
    const page = deskA.page;
    await page.locator('body').focus();
    await page.keyboard.press('r');
    const dialog = page.getByTestId('resolve-dialog');
    await dialog.waitFor({ state: 'visible' });
    // A resolution needs a note: Enter on an empty one sends nothing.
    await page.keyboard.press('Enter');
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.type('Báo cháy do khói bếp');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Đã kiểm tra tầng 5');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    await page.locator('[data-testid="detail-state"][data-state="resolved"]').waitFor({ timeout: 15_000 });
    const entry = page.locator('[data-testid="timeline-entry"][data-type="resolved"]');
    await entry.waitFor({ timeout: 15_000 });
    expect(await entry.getByTestId('timeline-note').textContent()).toBe('Báo cháy do khói bếp\nĐã kiểm tra tầng 5');
    // It leaves both queues, stays in the detail, and can now be closed.
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="incident-item"][data-incident-id="${id}"]`), first.id, { timeout: 15_000 });
    await deskB.page.waitForFunction((id) => !document.querySelector(`[data-testid="incident-item"][data-incident-id="${id}"]`), first.id, { timeout: 15_000 });
    await page.getByTestId('action-close').waitFor({ state: 'visible' });
    expect(await page.getByTestId('action-resolve').count()).toBe(0);
    expect(await incidentById(first.id)).toMatchObject({ state: 'resolved' });
    await screenshot(page, 'desk-3-resolved.png');
  });

  test('O opens an incident by hand in one browser; the second desk lists it within 1 s', async () => {
    captureOnFailure('3b-open');
    if (!deskA || !deskB) throw new Error('needs the browsers of the first test');
    const page = deskA.page;
    await page.locator('body').focus();
    await page.keyboard.press('o');
    const dialog = page.getByTestId('new-incident-dialog');
    await dialog.waitFor({ state: 'visible' });
    await page.getByTestId('new-incident-severity').selectOption('critical');
    await page.getByTestId('new-incident-title').fill('Khói bốc lên từ mái nhà (thấy qua camera, e2e)');
    await page.getByTestId('new-incident-lat').fill('21,0312');
    await page.getByTestId('new-incident-lon').fill('105.8490');
    await page.getByTestId('new-incident-address').fill('Số 14 Phố bàn (e2e)');
    await screenshotAtSizes(page, ARTIFACTS_DIR, 'desk-3b-new-incident');
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/incidents');
    await page.getByTestId('new-incident-address').press('Enter');
    const response = await answered;
    const committedAt = Date.now();
    expect(response.status()).toBe(201);
    const opened = (await response.json()) as Incident;
    await waitForItem(deskB.page, opened.id, 10_000, 'open');
    const ms = Date.now() - committedAt;
    console.log(`incident opened by hand: listed on the second desk ${ms} ms after the server answered`);
    expect(ms).toBeLessThan(1000);
    await dialog.waitFor({ state: 'detached' });
    // The desk that opened it selects it, with its timeline.
    await page.getByTestId('incident-detail').locator(`[data-incident-id="${opened.id}"]`).waitFor({ state: 'visible' });
    expect(await incidentById(opened.id)).toMatchObject({ kind: 'manual', severity: 'critical', lat: 21.0312, lon: 105.849, address: 'Số 14 Phố bàn (e2e)' });
    await screenshot(deskB.page, 'desk-3b-opened-elsewhere.png');
  });

  test('a viewer at the desk (?mode=desk) sees the queue and the detail but no controls, and A does nothing', async () => {
    captureOnFailure('4-viewer');
    // Fewer pages drawing WebGL on the CPU.
    await deskB?.context.close();
    deskB = undefined;
    viewer = await signIn(browser, new URL('/?mode=desk', stack.consoleUrl).href, 'operator', stack.demoPassword);
    const page = viewer.page;
    expect((await page.getByTestId('user-role').textContent())?.trim()).toBe('viewer');
    await page.getByTestId('desk-panel').waitFor({ state: 'visible' });

    const second = await raiseAlarm('FA-DESK-2', 'Tầng 2');
    await waitForItem(page, second.id, ALARM_VISIBLE_MS, 'open');
    await selectWithKeyboard(page, second.id);
    await page.getByTestId('incident-detail').locator(`[data-incident-id="${second.id}"]`).waitFor({ state: 'visible' });
    expect(await page.locator('[data-testid^="action-"], [data-testid="ack-button"]').count()).toBe(0);

    // The escalation countdown runs (fire alarms escalate after a minute unacknowledged).
    const countdown = page.getByTestId('escalation-countdown');
    await countdown.waitFor({ state: 'visible', timeout: 15_000 });
    const before = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(before);

    const posts = recordIncidentPosts(page);
    for (const key of ['a', 'd', 'r', 'c', 'h']) await page.keyboard.press(key);
    await page.waitForTimeout(1_500);
    expect(posts).toEqual([]);
    expect(await page.locator('[role="dialog"]').count()).toBe(0);
    expect((await incidentById(second.id)).state).toBe('open');
    expect(await itemById(page, second.id).getAttribute('data-state')).toBe('open');
    await screenshot(page, 'desk-4-viewer.png');
  });

  test('wall mode (?mode=wall) shows the live critical incidents in large type, with no controls', async () => {
    captureOnFailure('5-wall');
    if (!deskA) throw new Error('needs the dispatcher browser of the previous tests');
    await viewer?.context.close();
    viewer = undefined;
    const page = deskA.page;
    const deskType = await fontSizePx(page, 'html');
    const second = await api.waitForIncident('FA-DESK-2', 5_000);

    await page.goto(new URL('/?mode=wall', stack.consoleUrl).href, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('wall-panel').waitFor({ state: 'visible', timeout: 60_000 });
    await waitForMap(page, PANELS.length);
    await waitForItem(page, second.id, 15_000, 'open');
    expect(await page.getByTestId('desk-panel').count()).toBe(0);
    expect(await page.locator('[data-testid^="action-"], [data-testid="ack-button"]').count()).toBe(0);
    expect(await page.getByTestId('wall-panel').textContent()).toContain(PANELS[1].address);
    // The list keeps its width whatever the titles (long ones end in an ellipsis): the map keeps most of the wall.
    const panelBox = (await page.getByTestId('wall-panel').boundingBox())!;
    expect(panelBox.width).toBeLessThanOrEqual(page.viewportSize()!.width * 0.4);

    // Large type: the page's base size grows (everything is in rem), a wall title more still.
    const wallType = await fontSizePx(page, 'html');
    const titleType = await fontSizePx(page, `[data-testid="incident-item"][data-incident-id="${second.id}"] [data-testid="wall-item-title"]`);
    console.log(`type: desk ${deskType} px, wall ${wallType} px, wall incident title ${titleType} px`);
    expect(wallType).toBeGreaterThanOrEqual(deskType * 1.25);
    expect(titleType).toBeGreaterThanOrEqual(24);

    // No keyboard actions on the wall either, even for a dispatcher.
    const posts = recordIncidentPosts(page);
    for (const key of ['ArrowDown', 'a', 'd', 'r']) await page.keyboard.press(key);
    await page.waitForTimeout(1_000);
    expect(posts).toEqual([]);
    expect(await page.locator('[role="dialog"]').count()).toBe(0);
    await screenshot(page, 'desk-5-wall.png');

    // The alarm stayed muted over the reload; the header switches back to the desk, and the
    // address follows so a reload keeps it.
    expect(await page.getByTestId('alarm-mute').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('mode-toggle').locator('[data-mode="desk"]').click();
    await page.getByTestId('desk-panel').waitFor({ state: 'visible' });
    expect(await page.getByTestId('wall-panel').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('mode')).toBe('desk');
    expect(await fontSizePx(page, 'html')).toBe(deskType);
  });
});
