import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AlertStateView, AuditList, Incident, Silence } from '@cityops/contracts';
import { ApiClient } from './support/api.ts';
import { fillSignIn, openConsole, screenshotAtSizes, signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { selectWithKeyboard, waitForItem } from './support/desk.ts';
import { publishFireEvent, publishRawAsDevice } from './support/mqtt.ts';
import { ARTIFACTS_DIR, type ProvisionedDevice, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * The supervisor's and the admin's screens in the browser: a silence made from an incident holds
 * the next alarm back and shows it as held; an admin disables a user whose console is open, and the
 * audit log shows it after that user's failed sign-in. Screenshots of each screen at the two sizes
 * operators use (the wall room's 1920×1080, a laptop's 1280×800).
 */
const WARD_OP = { username: 'ward-op', password: 'phuong-hang-bac-2026' };

let stack: RunningStack;
let browser: Browser;
let admin: ApiClient;
let panel: ProvisionedDevice;
const pages: Record<string, SignedIn | undefined> = {};

const shoot = (page: Page, name: string) => screenshotAtSizes(page, ARTIFACTS_DIR, `admin-${name}`);

function captureOnFailure(label: string): void {
  onTestFailed(async () => {
    for (const [who, s] of Object.entries(pages)) {
      if (s && !s.page.isClosed()) await s.page.screenshot({ path: join(ARTIFACTS_DIR, `FAILED-admin-${label}-${who}.png`) }).catch(() => undefined);
      if (s?.errors.length) console.log(`${who} browser errors:\n  ${s.errors.join('\n  ')}`);
    }
    writeFileSync(join(ARTIFACTS_DIR, `FAILED-admin-${label}-stack.log`), stack?.output() ?? '');
  });
}

async function openAdmin(page: Page, tab: 'users' | 'rules' | 'silences' | 'sops' | 'apikeys' | 'imports' | 'deadletters' | 'audit'): Promise<void> {
  if (!(await page.getByTestId('admin-view').isVisible())) await page.getByTestId('admin-open').click();
  await page.getByTestId(`admin-tab-${tab}`).click();
  await page.getByTestId(`${tab}-tab`).waitFor({ state: 'visible' });
}

describe('supervisor and admin screens (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    for (const f of readdirSync(ARTIFACTS_DIR)) if (/^(FAILED-)?admin-/.test(f)) rmSync(join(ARTIFACTS_DIR, f), { force: true });
    ({ stack, browser } = await startStackAndBrowser({ simulate: false }));
    admin = await ApiClient.login(stack.consoleUrl, 'admin', stack.demoPassword);
    panel = await stack.addDevice({ kind: 'fire', id: 'FA-TEST-1', lat: 21.0301, lon: 105.8477, address: 'Số 3 Phố Thử nghiệm (e2e)' });
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'admin-stack.log'));
  });

  test('a supervisor silences a panel under test from its incident; its next alarm is held, and shows as held', async () => {
    captureOnFailure('silence');
    const supervisor = await signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword);
    pages.supervisor = supervisor;
    const page = supervisor.page;
    await page.getByTestId('desk-panel').waitFor({ state: 'visible' });

    await publishFireEvent(stack.mqttUrl, panel, { seq: 1, event: 'alarm', zone: 'Tầng 2' });
    const incident = await admin.waitForIncident(panel.id, 20_000, 100);
    await waitForItem(page, incident.id, 20_000, 'open');
    await selectWithKeyboard(page, incident.id);

    await page.keyboard.press('s');
    const dialog = page.getByTestId('silence-dialog');
    await dialog.waitFor({ state: 'visible' });
    // Filled in from the incident: a fire alarm is held only by kind and its own panel, and those stay ticked.
    for (const field of ['kind', 'deviceId'] as const) {
      expect(await dialog.getByTestId(`silence-match-${field}`).isChecked()).toBe(true);
      expect(await dialog.getByTestId(`silence-match-${field}`).isDisabled()).toBe(true);
    }
    // The panel has no area, so none is offered; its rule is, unticked.
    expect(await dialog.getByTestId('silence-match-area').count()).toBe(0);
    expect(await dialog.getByTestId('silence-match-ruleId').isChecked()).toBe(false);
    await dialog.getByTestId('silence-duration').selectOption('120');
    await dialog.getByTestId('silence-comment').fill('Thử nghiệm tủ báo cháy định kỳ');
    await shoot(page, 'silence-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByTestId('action-done').textContent()).toMatch(/Đã tạo lệnh tạm ẩn #\d+/);

    const [silence] = (await admin.get<{ items: Silence[] }>('/api/silences')).items;
    expect(silence).toMatchObject({ matchers: { kind: 'fire_alarm', deviceId: panel.id }, createdBy: 'supervisor', status: 'active' });
    const minutes = (Date.parse(silence!.endsAt) - Date.parse(silence!.startsAt)) / 60_000;
    expect(minutes).toBeGreaterThan(119);
    expect(minutes).toBeLessThan(121);

    // The test is over at the panel: it restores, the incident is closed out, then it alarms again.
    await admin.send('POST', `/api/incidents/${incident.id}/resolve`, { note: 'Thử nghiệm, không có cháy', overrideChecklist: true });
    await publishFireEvent(stack.mqttUrl, panel, { seq: 2, event: 'restore', zone: 'Tầng 2' });
    await publishFireEvent(stack.mqttUrl, panel, { seq: 3, event: 'alarm', zone: 'Tầng 2' });

    await openAdmin(page, 'silences');
    const row = page.locator(`[data-testid="silence-row"][data-silence-id="${silence!.id}"]`);
    await row.locator(`[data-testid="held-alert"][data-subject="${panel.id}"]`).waitFor({ state: 'visible', timeout: 20_000 });
    expect(await row.getByTestId('silence-held').textContent()).toContain('Đang giữ');
    const alerts = (await admin.get<{ items: AlertStateView[] }>('/api/alerts')).items;
    expect(alerts).toContainEqual(
      expect.objectContaining({ ruleId: 'fire-alarm', subject: panel.id, state: 'firing', incident: 'suppressed', suppressedBy: `silence:${silence!.id}` }),
    );
    // Held: no incident opened for the second alarm.
    const open = (await admin.incidents()).filter((i: Incident) => i.deviceId === panel.id);
    expect(open).toEqual([]);
    await shoot(page, 'silences');
  });

  test('an admin disables a user: their console signs out within 2 s, their next call is 401, and the audit log shows it', async () => {
    captureOnFailure('disable');
    await admin.send('POST', '/api/users', { username: WARD_OP.username, role: 'dispatcher', password: WARD_OP.password });

    // The ward operator mistypes once, then signs in.
    const ward = await openConsole(browser, stack.consoleUrl);
    pages.ward = ward;
    await fillSignIn(ward.page, WARD_OP.username, 'sai mật khẩu');
    await ward.page.getByRole('alert').waitFor({ state: 'visible' });
    await fillSignIn(ward.page, WARD_OP.username, WARD_OP.password);
    await ward.page.getByTestId('user-role').waitFor({ state: 'visible', timeout: 60_000 });
    await ward.page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'live', null, { timeout: 30_000 });

    const adminPage = await signIn(browser, stack.consoleUrl, 'admin', stack.demoPassword);
    pages.admin = adminPage;
    const page = adminPage.page;
    await openAdmin(page, 'users');
    const row = page.locator(`[data-testid="user-row"][data-username="${WARD_OP.username}"]`);
    await row.waitFor({ state: 'visible' });
    await shoot(page, 'users');

    const clickedAt = Date.now();
    await row.getByTestId('user-disable').click();
    await ward.page.getByTestId('login-username').waitFor({ state: 'visible', timeout: 10_000 });
    const signedOutMs = Date.now() - clickedAt;
    console.log(`disabled user's console signed out ${signedOutMs} ms after the click`);
    expect(signedOutMs).toBeLessThan(2_000);
    await page.locator(`[data-testid="user-row"][data-username="${WARD_OP.username}"][data-disabled="true"]`).waitFor({ state: 'visible' });

    // The old cookie opens nothing: the next call from that browser is refused.
    const status = await ward.page.evaluate(async () => (await fetch('/api/incidents', { credentials: 'same-origin' })).status);
    expect(status).toBe(401);

    await openAdmin(page, 'audit');
    await page.getByTestId('audit-actor').fill(WARD_OP.username);
    await page.getByTestId('audit-run').click();
    await page.locator('[data-testid="audit-row"][data-action="auth.sign_in"][data-outcome="failed"]').waitFor({ state: 'visible' });
    await page.getByTestId('audit-actor').fill('');
    await page.getByTestId('audit-action').selectOption('user.');
    await page.getByTestId('audit-run').click();
    await page.locator(`[data-testid="audit-row"][data-action="user.update"][data-target="${WARD_OP.username}"]`).waitFor({ state: 'visible' });
    await page.getByTestId('audit-action').selectOption('');
    await page.getByTestId('audit-run').click();
    await page.locator('[data-testid="audit-row"][data-action="user.update"]').first().waitFor({ state: 'visible' });
    await shoot(page, 'audit');

    // The same record over REST, in order: the failed sign-in before the disable.
    const trail = (await admin.get<AuditList>('/api/audit?limit=1000')).items
      .filter((e) => e.actor === WARD_OP.username || e.target === WARD_OP.username)
      .reverse();
    const steps = trail.map((e) => `${e.action}:${e.outcome}`);
    expect(steps).toEqual(['user.create:succeeded', 'auth.sign_in:failed', 'auth.sign_in:succeeded', 'user.update:succeeded']);
    expect(trail[1]).toMatchObject({ address: '127.0.0.1', after: { reason: 'wrong password' } });
    expect(trail[3]).toMatchObject({ actor: 'admin', before: { disabled: false }, after: { disabled: true } });
  });

  test('a shift handover lists what is open, is signed by the next operator, and prints on A4 alone', async () => {
    captureOnFailure('handover');
    const dispatcherApi = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
    const incident = await dispatcherApi.send<Incident>('POST', '/api/incidents', {
      kind: 'manual',
      severity: 'critical',
      title: 'Cây đổ chắn đường Phan Đình Phùng',
      lat: 21.04,
      lon: 105.84,
    });
    await dispatcherApi.send('POST', '/api/tickets', {
      line: '1022',
      category: 'environment',
      description: 'Rác ùn ứ ngõ 12 Hàng Bạc',
      lat: 21.03,
      lon: 105.85,
    });

    const day = await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword);
    pages.day = day;
    await day.page.getByTestId('handover-open').click();
    const dialog = day.page.getByTestId('handover-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByTestId('handover-notes-field').fill('Camera Ngã Tư Sở chập chờn, đã báo đội kỹ thuật.');
    await dialog.getByTestId('handover-make').click();
    const sheet = dialog.getByTestId('handover-sheet');
    await sheet.locator('[data-testid="handover-incoming"]', { hasText: 'chờ ký nhận' }).waitFor({ state: 'visible' });
    expect(await sheet.getByTestId('handover-unacknowledged').locator(`[data-incident-id="${incident.id}"]`).textContent()).toContain('Cây đổ chắn đường');
    expect(await sheet.getByTestId('handover-due').textContent()).toContain('Rác ùn ứ ngõ 12 Hàng Bạc');
    // The one who made it cannot sign it.
    expect(await dialog.getByTestId('handover-sign').count()).toBe(0);
    const id = Number(await sheet.getAttribute('data-handover-id'));

    const nightShift = await signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword);
    pages.night = nightShift;
    const night = nightShift.page;
    await night.getByTestId('handover-open').click();
    const nightDialog = night.getByTestId('handover-dialog');
    await nightDialog.locator(`[data-testid="handover-item"][data-handover-id="${id}"]`).click();
    await nightDialog.getByTestId('handover-incoming-note').fill('Đã nhận, theo dõi camera Ngã Tư Sở');
    await nightDialog.getByTestId('handover-sign').click();
    await nightDialog.locator('[data-testid="handover-sheet"][data-signed="true"]').waitFor({ state: 'visible' });
    expect(await nightDialog.getByTestId('handover-incoming').textContent()).toBe('supervisor');
    await shoot(night, 'handover');

    // Printed: the sheet alone (no map, no list, no buttons), black on white, A4.
    await night.emulateMedia({ media: 'print' });
    expect(await night.locator('#app').isVisible()).toBe(false);
    expect(await nightDialog.getByTestId('handover-list').isVisible()).toBe(false);
    expect(await nightDialog.getByTestId('handover-sheet').isVisible()).toBe(true);
    expect(await nightDialog.getByTestId('handover-sheet').evaluate((el) => getComputedStyle(el.querySelector('h3')!).color)).toBe('rgb(0, 0, 0)');
    await night.screenshot({ path: join(ARTIFACTS_DIR, 'admin-handover-print.png') });
    // The page size comes from the print CSS (@page A4: 210 × 297 mm = 595.3 × 841.9 pt), not from the test.
    const pdf = await night.pdf({ preferCSSPageSize: true, path: join(ARTIFACTS_DIR, 'admin-handover.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [width, height] = (pdf.toString('latin1').match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/) ?? []).slice(1).map(Number);
    expect(Math.abs(width! - 595.3)).toBeLessThan(1);
    expect(Math.abs(height! - 841.9)).toBeLessThan(1);
    await night.emulateMedia({ media: 'screen' });
    expect((await dispatcherApi.get<{ incoming: string }>(`/api/handovers/${id}`)).incoming).toBe('supervisor');
  });

  test('an admin issues an API key shown once and revokes it; a panel’s malformed message is found among the dead letters', async () => {
    captureOnFailure('keys');
    const adminPage = pages.admin ?? (pages.admin = await signIn(browser, stack.consoleUrl, 'admin', stack.demoPassword));
    const page = adminPage.page;
    await openAdmin(page, 'apikeys');
    await page.getByTestId('apikey-name').fill('Tổng đài 1022 (e2e)');
    await page.getByTestId('apikey-scope-tickets').check();
    await page.getByTestId('apikey-issue').click();
    const key = (await page.getByTestId('apikey-value').textContent())!;
    expect(key).toMatch(/^cok_/);
    await shoot(page, 'apikeys');

    // The key works for its scope, and is nowhere in the list.
    const file = (k: string) =>
      fetch(new URL('/api/tickets', stack.consoleUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
        body: JSON.stringify({ line: '1022', category: 'environment', description: 'Đèn đường hỏng (e2e)', lat: 21.03, lon: 105.85 }),
      });
    expect((await file(key)).status).toBe(201);
    expect(await page.getByTestId('apikeys-table').textContent()).not.toContain(key);
    const row = page.locator('[data-testid="apikey-row"]', { hasText: 'Tổng đài 1022 (e2e)' });
    await row.getByTestId('apikey-revoke').click();
    await page.locator('[data-testid="apikey-row"][data-revoked="true"]', { hasText: 'Tổng đài 1022 (e2e)' }).waitFor({ state: 'visible' });
    expect((await file(key)).status).toBe(401);

    // A panel with broken firmware: its message is kept with the reason, and found by device and reason.
    await publishRawAsDevice(stack.mqttUrl, panel, 'fire', '{"seq": 9, "event": "alarm",');
    await openAdmin(page, 'deadletters');
    await page.getByTestId('deadletters-device').fill(panel.id);
    await page.getByTestId('deadletters-reason').selectOption('CITYOPS_INGEST_PAYLOAD_NOT_JSON');
    const found = page.locator(`[data-testid="deadletter-row"][data-device="${panel.id}"][data-reason="CITYOPS_INGEST_PAYLOAD_NOT_JSON"]`);
    await expect
      .poll(
        async () => {
          await page.getByTestId('deadletters-run').click();
          return found.count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1);
    expect(await found.textContent()).toContain('{"seq": 9, "event": "alarm",');
    await shoot(page, 'deadletters');
  });

  test('a supervisor tunes a rule: the server’s refusal shows on the field, the fix is saved, and reset brings the shipped rule back', async () => {
    captureOnFailure('rules');
    const supervisor = await signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword);
    pages.rules = supervisor;
    const page = supervisor.page;
    await openAdmin(page, 'rules');
    await page.locator('[data-testid="rule-row"][data-rule-id="queue-overload"]').click();
    const form = page.getByTestId('rule-form');
    const input = (path: string) => form.locator(`[data-testid="rule-field"][data-path="${path}"] [data-testid="rule-input"]`);
    await input('/params/clearRatio').fill('3');
    await input('/params/maxWaiting').fill('25');
    await form.getByTestId('rule-save').click();
    const fieldError = form.locator('[data-testid="rule-field"][data-path="/params/clearRatio"] [data-testid="rule-field-error"]');
    await fieldError.waitFor({ state: 'visible' });
    expect(await fieldError.textContent()).toMatch(/1/);
    // Only that field is marked; the rest of the form is as typed.
    expect(await form.locator('[data-testid="rule-field-error"]').count()).toBe(1);
    await shoot(page, 'rules');

    await input('/params/clearRatio').fill('0,7');
    await form.getByTestId('rule-save').click();
    await form.getByTestId('rule-done').waitFor({ state: 'visible' });
    const view = await admin.get<{ rule: { params: { maxWaiting: number; clearRatio: number } }; modified: boolean; updatedBy: string }>(
      '/api/rules/queue-overload',
    );
    expect(view).toMatchObject({ rule: { params: { maxWaiting: 25, clearRatio: 0.7 } }, modified: true, updatedBy: 'supervisor' });
    await page.locator('[data-testid="rule-row"][data-rule-id="queue-overload"] [data-testid="rule-modified"]').waitFor({ state: 'visible' });

    await form.getByTestId('rule-reset').click();
    await page.locator('[data-testid="rule-row"][data-rule-id="queue-overload"] [data-testid="rule-modified"]').waitFor({ state: 'detached' });
    expect(await admin.get<{ modified: boolean }>('/api/rules/queue-overload')).toMatchObject({ modified: false });
  });

  test('at the desk, M merges a duplicate into another incident and L links a ticket; a second desk sees the duplicate leave', async () => {
    captureOnFailure('merge');
    const dispatcherApi = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
    const open = (title: string) =>
      dispatcherApi.send<Incident>('POST', '/api/incidents', { kind: 'manual', severity: 'major', title, lat: 21.031, lon: 105.852 });
    const keep = await open('Ngập sâu phố Lý Thường Kiệt');
    const dup = await open('Ngập Lý Thường Kiệt (người dân gọi lại)');
    const ticket = await dispatcherApi.send<{ id: number }>('POST', '/api/tickets', {
      line: '1022',
      category: 'environment',
      description: 'Nước ngập ngang gối trước số 40 Lý Thường Kiệt',
      lat: 21.031,
      lon: 105.852,
    });

    const desk = await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword);
    pages.mergeDesk = desk;
    const other = await signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword);
    pages.mergeOther = other;
    await waitForItem(other.page, dup.id, 20_000);
    const page = desk.page;
    await waitForItem(page, dup.id, 20_000, 'open');
    await selectWithKeyboard(page, dup.id);

    await page.keyboard.press('m');
    const mergeDialog = page.getByTestId('merge-dialog');
    await mergeDialog.waitFor({ state: 'visible' });
    await page.keyboard.type(String(keep.id));
    await page.keyboard.press('Enter');
    await mergeDialog.waitFor({ state: 'detached' });
    // The desk follows the incident it went into; its timeline says so.
    await page.locator(`[data-testid="incident-detail"] [data-incident-id="${keep.id}"]`).waitFor({ state: 'visible' });
    await page.getByTestId('incident-detail').getByText(`Gộp sự cố #${dup.id} vào đây`).waitFor({ state: 'visible' });
    // The other desk sees the duplicate leave its queue.
    await other.page.locator(`[data-testid="incident-item"][data-incident-id="${dup.id}"]`).waitFor({ state: 'detached', timeout: 5_000 });

    await page.keyboard.press('l');
    const linkDialog = page.getByTestId('link-dialog');
    await linkDialog.waitFor({ state: 'visible' });
    await page.keyboard.type(String(ticket.id));
    await page.keyboard.press('Enter');
    await linkDialog.waitFor({ state: 'detached' });
    await page.getByTestId('incident-detail').getByText(`Liên kết phản ánh #${ticket.id}`).waitFor({ state: 'visible' });
    await shoot(page, 'merge-link');

    expect(await dispatcherApi.get<Incident>(`/api/incidents/${keep.id}`)).toMatchObject({ occurrences: 2 });
    expect(await dispatcherApi.get<Incident>(`/api/incidents/${dup.id}`)).toMatchObject({ state: 'resolved' });
  });

  test('an admin imports the building registry: a file with a bad row is refused whole with the row named, the fixed file lands', async () => {
    captureOnFailure('import');
    const adminPage = pages.admin ?? (pages.admin = await signIn(browser, stack.consoleUrl, 'admin', stack.demoPassword));
    const page = adminPage.page;
    await openAdmin(page, 'imports');
    const header = 'id,houseId,name,address,area,lat,lon,floors,usage,contactPhone';
    const rows = [
      'B-IMP-1,0101-IMP-1,Chung cư Hoàng Anh,"Số 5, phố Huế",P01,21.0285,105.8542,12,apartment,0900 000 123',
      'B-IMP-2,,,Ngõ 3 Hàng Bạc,,95,105.85,,,',
    ];
    const file = (text: string) => ({ name: 'toa-nha.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`, 'utf8') });
    const before = (await admin.get<{ total: number }>('/api/buildings?limit=1')).total;

    await page.getByTestId('import-buildings-file').setInputFiles(file([header, ...rows].join('\r\n')));
    const problems = page.getByTestId('import-buildings-problems');
    await problems.waitFor({ state: 'visible' });
    expect(await problems.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.row))).toEqual(['3']);
    expect(await problems.textContent()).toContain('lat');
    expect((await admin.get<{ total: number }>('/api/buildings?limit=1')).total).toBe(before);
    await shoot(page, 'import');

    await page.getByTestId('import-buildings-file').setInputFiles(file([header, rows[0], rows[1]!.replace(',95,', ',21.03,')].join('\r\n')));
    await page.getByTestId('import-buildings-done').waitFor({ state: 'visible' });
    expect(await page.getByTestId('import-buildings-done').textContent()).toContain('2 tòa nhà mới');
    expect(await admin.get<{ name: string; address: string }>('/api/buildings/B-IMP-1')).toMatchObject({
      name: 'Chung cư Hoàng Anh',
      address: 'Số 5, phố Huế',
    });
  });

  test('the call-intake form takes its coordinates from a click on the map, and Esc cancels a pick', async () => {
    captureOnFailure('pick');
    const desk = await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword);
    pages.pick = desk;
    const page = desk.page;
    await waitForMap(page, 1);
    await page.getByTestId('ticket-list').focus();
    await page.keyboard.press('i');
    const dialog = page.getByTestId('intake-dialog');
    await dialog.waitFor({ state: 'visible' });

    // Esc while picking cancels the pick only: the form comes back, still empty.
    await dialog.getByTestId('pick-on-map').click();
    await page.getByTestId('pick-hint').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByTestId('pick-hint').waitFor({ state: 'detached' });
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByTestId('intake-lat').inputValue()).toBe('');

    await dialog.getByTestId('pick-on-map').click();
    await page.getByTestId('pick-hint').waitFor({ state: 'visible' });
    await shoot(page, 'pick-on-map');
    // A point of the map left of the desk panel, away from the hint and the controls.
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + 300, box.y + box.height - 150);
    await page.getByTestId('pick-hint').waitFor({ state: 'detached' });
    await dialog.waitFor({ state: 'visible' });
    const lat = Number(await dialog.getByTestId('intake-lat').inputValue());
    const lon = Number(await dialog.getByTestId('intake-lon').inputValue());
    // Somewhere in Hà Nội's view, with six decimals (about 10 cm).
    expect(lat).toBeGreaterThan(20.5);
    expect(lat).toBeLessThan(21.5);
    expect(lon).toBeGreaterThan(105.3);
    expect(lon).toBeLessThan(106.3);
    expect(await dialog.getByTestId('intake-lat').inputValue()).toMatch(/^\d+\.\d{6}$/);
  });

  test('a supervisor adds a required step to the fire procedure, and resets it to the shipped list', async () => {
    captureOnFailure('sops');
    const supervisor = pages.rules ?? (pages.rules = await signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword));
    const page = supervisor.page;
    await openAdmin(page, 'sops');
    await page.locator('[data-testid="sop-kind"][data-kind="fire_alarm"]').click();
    const shipped = await page.getByTestId('sop-item').count();
    await page.getByTestId('sop-add').click();
    const added = page.getByTestId('sop-item').last();
    await added.getByTestId('sop-item-text').fill('Báo Ban quản lý tòa nhà kiểm tra hiện trường');
    await added.getByTestId('sop-item-required').check();
    await page.getByTestId('sop-save').click();
    await page.getByTestId('sop-done').waitFor({ state: 'visible' });
    const fire = (await admin.get<{ items: { kind: string; shipped: boolean; items: { text: string; required: boolean }[] }[] }>('/api/sops')).items.find(
      (l) => l.kind === 'fire_alarm',
    )!;
    expect(fire.shipped).toBe(false);
    expect(fire.items).toHaveLength(shipped + 1);
    expect(fire.items.at(-1)).toMatchObject({ text: 'Báo Ban quản lý tòa nhà kiểm tra hiện trường', required: true });
    await shoot(page, 'sops');

    await page.getByTestId('sop-reset').click();
    await page.getByTestId('sop-reset').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sop-item').count()).toBe(shipped);
  });

  test("the API reference opens for a signed-in user under the console's own security policy, and lists the operations", async () => {
    captureOnFailure('api-docs');
    const viewer = pages.apiDocs ?? (pages.apiDocs = await signIn(browser, stack.consoleUrl, 'operator', stack.demoPassword));
    const page = viewer.page;
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${stack.consoleUrl}/api/docs/`, { waitUntil: 'domcontentloaded' });
    // Swagger UI drew the description it fetched from /api/openapi.json: the incidents group and its operations.
    await page.locator('.opblock-tag', { hasText: 'incidents' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    await page.locator('.opblock-summary-path', { hasText: '/api/incidents/{id}/ack' }).first().waitFor({ state: 'visible' });
    expect(violations).toEqual([]);
    await shoot(page, 'api-docs');
  });
});
