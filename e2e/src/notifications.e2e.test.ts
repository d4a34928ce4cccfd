import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { ContactPointList, DeliveryList, Incident, NotificationPolicy, StoredNotificationPolicy, WebhookBody } from '@cityops/contracts';
import { ApiClient } from './support/api.ts';
import { fillSignIn, openConsole, readTestHook, screenshotAtSizes, signIn, type SignedIn } from './support/browser.ts';
import { selectedId, selectWithKeyboard, waitForItem } from './support/desk.ts';
import { publishFireEvent } from './support/mqtt.ts';
import { ARTIFACTS_DIR, type ProvisionedDevice, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';
import { checkSignature, headerOf, WebhookReceiver, type ReceivedWebhook } from './support/webhook-receiver.ts';

/**
 * Outgoing notifications, as the people involved notice them: an admin adds contact points and the
 * notification policy in the browser (the webhook's signing secret shown once, a wrong policy refused
 * on the page); a fire alarm over MQTT reaches 114's webhook receiver, signed with that secret, and
 * the deliveries tab and the incident at the desk say so; a receiver that is down is retried with the
 * same key; the link a notification carries opens its incident; a supervisors' console contact point
 * shows a banner to a supervisor and not to the wall's viewer. Screenshots at the two sizes operators use.
 */
const WEBHOOK = 'pccc-114';
const FAILING = 'kenh-loi-500';
const CONSOLE = 'truong-ca-man-hinh';
const WEBHOOK_PATH = '/114';
const FAILING_PATH = '/loi';

/** What the admin types into the policy editor. */
function policyFor(webhook: string): NotificationPolicy {
  return {
    root: {
      groupWaitMs: 0,
      routes: [
        { name: 'chay-114', matchers: { kinds: ['fire_alarm'] }, contactPoints: [webhook], sendResolved: true, continue: true },
        { name: 'chay-truong-ca', matchers: { kinds: ['fire_alarm'] }, contactPoints: [CONSOLE] },
        { name: 'su-co-thu-cong', matchers: { kinds: ['manual'] }, contactPoints: [FAILING] },
      ],
    },
    escalation: { supervisor: [CONSOLE] },
  };
}

let stack: RunningStack;
let browser: Browser;
let receiver: WebhookReceiver;
let admin: ApiClient;
let panel: ProvisionedDevice;
let secondPanel: ProvisionedDevice;
/** Read from the admin's page when the contact point was made (test 1). */
let secret = '';
/** The fire incident of test 2 and the webhook 114 got about it. */
let fire: Incident | undefined;
let fireWebhook: WebhookBody | undefined;
const pages: Record<string, SignedIn | undefined> = {};

const shoot = (page: Page, name: string) => screenshotAtSizes(page, ARTIFACTS_DIR, `notifications-${name}`);

function captureOnFailure(label: string): void {
  onTestFailed(async () => {
    for (const [who, s] of Object.entries(pages)) {
      if (s && !s.page.isClosed()) await s.page.screenshot({ path: join(ARTIFACTS_DIR, `FAILED-notifications-${label}-${who}.png`) }).catch(() => undefined);
      if (s?.errors.length) console.log(`${who} browser errors:\n  ${s.errors.join('\n  ')}`);
    }
    const got = receiver?.received.map((r) => `${new Date(r.receivedAt).toISOString()} ${r.method} ${r.path} → ${r.answered} ${r.rawBody.slice(0, 300)}`);
    console.log(`webhook receiver got:\n  ${got?.join('\n  ') || 'nothing'}`);
    writeFileSync(join(ARTIFACTS_DIR, `FAILED-notifications-${label}-stack.log`), stack?.output() ?? '');
  });
}

/** Closes a console no later test needs: on two cores, every open map page slows the others. */
async function release(...who: string[]): Promise<void> {
  for (const w of who) {
    await pages[w]?.context.close().catch(() => undefined);
    delete pages[w];
  }
}

type AdminTab = 'users' | 'contactpoints' | 'deliveries';

async function openAdmin(page: Page, tab: AdminTab): Promise<void> {
  if (!(await page.getByTestId('admin-view').isVisible())) await page.getByTestId('admin-open').click();
  await page.getByTestId(`admin-tab-${tab}`).click();
  await page.getByTestId(`${tab}-tab`).waitFor({ state: 'visible' });
}

const bodyOf = (r: ReceivedWebhook) => JSON.parse(r.rawBody) as WebhookBody;

/** Whether `text` is anywhere on the page: its markup, or what a field holds (a value typed or set is not in the markup). */
function pageHolds(page: Page, text: string): Promise<boolean> {
  return page.evaluate(
    (t) =>
      document.documentElement.outerHTML.includes(t) ||
      [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].some((el) => el.value.includes(t)),
    text,
  );
}

/** Fills the "new contact point" form as an admin would and waits for the row in the list. */
async function addContactPoint(
  page: Page,
  cp: { name: string; description: string } & ({ type: 'webhook'; url: string } | { type: 'console'; role: 'supervisor' }),
): Promise<void> {
  const form = page.getByTestId('contact-point-form');
  await form.getByTestId('contact-point-name').fill(cp.name);
  await form.getByTestId('contact-point-type').selectOption(cp.type);
  await page.locator(`[data-testid="contact-point-form"][data-type="${cp.type}"]`).waitFor();
  await form.getByTestId('contact-point-description').fill(cp.description);
  if (cp.type === 'webhook') await form.getByTestId('contact-point-url').fill(cp.url);
  else await form.getByTestId('contact-point-role').selectOption(cp.role);
  await form.getByTestId('contact-point-submit').click();
  await page.locator(`[data-testid="contact-point-row"][data-name="${cp.name}"]`).waitFor({ state: 'visible' });
  await page
    .getByTestId('contact-points-done')
    .filter({ hasText: `Đã thêm điểm nhận ${cp.name}` })
    .waitFor({ state: 'visible' });
}

/** Clicks the deliveries tab's search until `row` is listed (the tab reads on demand, not live). */
async function searchUntilListed(page: Page, row: Locator, timeoutMs: number): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.getByTestId('deliveries-run').click();
        await page.getByTestId('deliveries-run').and(page.locator(':enabled')).waitFor();
        return row.count();
      },
      { timeout: timeoutMs, interval: 500 },
    )
    .toBeGreaterThan(0);
}

describe('outgoing notifications (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    for (const f of readdirSync(ARTIFACTS_DIR)) if (/^(FAILED-)?notifications-/.test(f)) rmSync(join(ARTIFACTS_DIR, f), { force: true });
    receiver = await WebhookReceiver.start();
    receiver.answer(FAILING_PATH, 500);
    // The webhook receiver runs on this machine: loopback is refused unless allowed.
    ({ stack, browser } = await startStackAndBrowser({ simulate: false, env: { CITYOPS_NOTIFY_ALLOW_NETWORKS: '127.0.0.1/32' } }));
    admin = await ApiClient.login(stack.consoleUrl, 'admin', stack.demoPassword);
    panel = await stack.addDevice({ kind: 'fire', id: 'FA-NOTI-1', lat: 21.0312, lon: 105.8521, address: 'Số 12 Phố Thông báo (e2e)' });
    secondPanel = await stack.addDevice({ kind: 'fire', id: 'FA-NOTI-2', lat: 21.0268, lon: 105.8489, address: 'Số 40 Phố Biểu ngữ (e2e)' });
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'notifications-stack.log'));
    await receiver?.close();
  });

  test('an admin adds contact points in the browser: the webhook’s secret is shown once; a policy naming an unknown contact point is refused on the field, the right one is saved', async () => {
    captureOnFailure('setup');
    const adminPage = await signIn(browser, stack.consoleUrl, 'admin', stack.demoPassword);
    pages.admin = adminPage;
    const page = adminPage.page;
    await openAdmin(page, 'contactpoints');
    // A fresh install notifies nobody.
    await page.getByTestId('policy-updated').filter({ hasText: 'Chưa ai sửa' }).waitFor({ state: 'visible' });

    await addContactPoint(page, { name: FAILING, type: 'webhook', url: receiver.url(FAILING_PATH), description: 'Cổng báo tin phường (đang hỏng, e2e)' });
    await addContactPoint(page, { name: CONSOLE, type: 'console', role: 'supervisor', description: 'Thông báo trên màn hình trưởng ca' });
    await addContactPoint(page, { name: WEBHOOK, type: 'webhook', url: receiver.url(WEBHOOK_PATH), description: 'Hệ thống chỉ huy 114 (e2e)' });

    // The last webhook's signing secret, once, named.
    const once = page.getByTestId('secret-once');
    await once.waitFor({ state: 'visible' });
    expect(await once.textContent()).toContain(`Khóa ký webhook của ${WEBHOOK}`);
    secret = (await once.getByTestId('secret-value').textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const row = (name: string) => page.locator(`[data-testid="contact-point-row"][data-name="${name}"]`);
    expect(await row(WEBHOOK).getByTestId('contact-point-target').textContent()).toContain(receiver.url(WEBHOOK_PATH));
    expect(await row(CONSOLE).getByTestId('contact-point-target').textContent()).toContain('Màn hình của Giám sát');
    expect(await row(WEBHOOK).textContent()).not.toContain(secret);
    await shoot(page, 'contactpoints-secret');

    // Never read back: the list has `hasSecret`, not the secret.
    const listed = await admin.get<ContactPointList>('/api/contact-points');
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.items.map((cp) => [cp.name, cp.type, cp.hasSecret, cp.enabled])).toEqual(
      expect.arrayContaining([
        [WEBHOOK, 'webhook', true, true],
        [FAILING, 'webhook', true, true],
        [CONSOLE, 'console', false, true],
      ]),
    );

    // Hidden, it is nowhere on the page; nor after the tab is opened again, nor after a reload.
    await once.getByRole('button', { name: 'Ẩn' }).click();
    await once.waitFor({ state: 'detached' });
    expect(await pageHolds(page, secret)).toBe(false);
    await openAdmin(page, 'users');
    await openAdmin(page, 'contactpoints');
    await row(WEBHOOK).waitFor({ state: 'visible' });
    expect(await page.getByTestId('secret-once').count()).toBe(0);
    expect(await pageHolds(page, secret)).toBe(false);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByTestId('user-role').waitFor({ state: 'visible' });
    await openAdmin(page, 'contactpoints');
    await row(WEBHOOK).waitFor({ state: 'visible' });
    expect(await pageHolds(page, secret)).toBe(false);

    // The policy, as JSON: a contact point that does not exist is named by its place in the tree.
    const editor = page.getByTestId('notification-policy');
    const text = editor.getByTestId('policy-text');
    await expect.poll(() => text.inputValue(), { timeout: 10_000 }).toContain('"root"');
    await text.fill(JSON.stringify(policyFor('pccc-115'), null, 2));
    await editor.getByTestId('policy-save').click();
    const fieldError = editor.getByTestId('policy-field-error');
    await fieldError.first().waitFor({ state: 'visible' });
    expect(await fieldError.allTextContents()).toEqual(['/root/routes/0/contactPoints/0: names no contact point: pccc-115']);
    expect(await text.getAttribute('class')).toContain('bad');
    expect((await admin.get<StoredNotificationPolicy>('/api/notification-policy')).updatedAt).toBeNull();
    await editor.scrollIntoViewIfNeeded();
    await shoot(page, 'policy-refused');

    await text.fill(JSON.stringify(policyFor(WEBHOOK), null, 2));
    await editor.getByTestId('policy-save').click();
    await editor.getByTestId('policy-done').waitFor({ state: 'visible' });
    expect(await fieldError.count()).toBe(0);
    expect(await editor.getByTestId('policy-updated').textContent()).toContain('bởi admin');
    // Every contact point is now marked as used by the policy.
    for (const name of [WEBHOOK, FAILING, CONSOLE]) await row(name).getByTestId('contact-point-in-policy').waitFor({ state: 'visible' });
    const stored = await admin.get<StoredNotificationPolicy>('/api/notification-policy');
    expect(stored).toMatchObject({ policy: policyFor(WEBHOOK), updatedBy: 'admin' });
    await editor.scrollIntoViewIfNeeded();
    await shoot(page, 'policy');
  });

  test('a fire alarm over MQTT: 114’s receiver gets a webhook signed with the secret the page showed; the deliveries tab and the incident at the desk say delivered', async () => {
    captureOnFailure('fire');
    expect(secret, 'the secret read in the first test').not.toBe('');
    const supervisor = await signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword);
    pages.supervisor = supervisor;
    await supervisor.page.getByTestId('desk-panel').waitFor({ state: 'visible' });

    const { publishedAt } = await publishFireEvent(stack.mqttUrl, panel, { seq: 1, event: 'alarm', zone: 'Tầng 4' });
    fire = await admin.waitForIncident(panel.id, 20_000, 100);
    const id = fire.id;
    const hit = await receiver.waitFor((r) => r.path === WEBHOOK_PATH && bodyOf(r).incident.id === id && bodyOf(r).reason === 'opened', 20_000, '114 webhook');
    console.log(`alarm published → 114's webhook received: ${hit.receivedAt - publishedAt} ms`);

    // What 114's system checks before trusting it.
    const body = bodyOf(hit);
    const signature = checkSignature(hit, secret);
    expect(hit.method).toBe('POST');
    expect(headerOf(hit, 'content-type')).toMatch(/^application\/json/);
    expect(signature.valid).toBe(true);
    expect(signature.skewSeconds).toBeLessThan(300);
    expect(checkSignature(hit, `${secret}x`).valid).toBe(false);
    expect(signature.idempotencyKey).toBe(body.idempotencyKey);
    expect(body.idempotencyKey).toMatch(new RegExp(`^incident:${id}:opened:cp\\d+$`));
    expect(body).toMatchObject({
      version: 1,
      reason: 'opened',
      incident: { id, kind: 'fire_alarm', severity: 'critical', deviceId: panel.id, address: 'Số 12 Phố Thông báo (e2e)' },
    });
    expect(new URL(body.link).search).toBe(`?incident=${id}`);
    expect(body.text.length).toBeGreaterThan(0);
    fireWebhook = body;
    // Once: the receiver answered 200, nothing is sent again.
    expect(receiver.to(WEBHOOK_PATH).filter((r) => bodyOf(r).incident.id === id && bodyOf(r).reason === 'opened')).toHaveLength(1);

    // The admin's deliveries tab: delivered, to 114, about this incident.
    const page = pages.admin!.page;
    await openAdmin(page, 'deliveries');
    await page.getByTestId('deliveries-incident').fill(String(id));
    const row = page.locator('[data-testid="delivery-row"][data-state="delivered"]', { hasText: WEBHOOK });
    await searchUntilListed(page, row, 15_000);
    const rowText = (await row.textContent())!;
    for (const part of [`#${id}`, WEBHOOK, 'Webhook', 'Sự cố mới', 'Đã gửi', '200']) expect(rowText).toContain(part);
    await shoot(page, 'deliveries');

    // At the desk, the supervisor opens the incident's notification routes: the route it took, the delivery.
    const desk = supervisor.page;
    await waitForItem(desk, id, 20_000);
    await selectWithKeyboard(desk, id);
    const routes = desk.getByTestId('notification-routes');
    await routes.locator('summary').click();
    const route = (name: string) => routes.locator(`[data-testid="route-match"][data-path$="${name}"]`);
    await route('chay-114').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await route('chay-114').getAttribute('data-matched')).toBe('true');
    expect(await route('chay-114').getAttribute('data-notifies')).toBe('true');
    expect(await route('chay-114').getByTestId('route-notifies').textContent()).toContain(WEBHOOK);
    expect(await route('chay-114').textContent()).toContain('Khớp');
    // The fire route goes on (`continue`) to the supervisors' console route, where the walk stops:
    // the route for manual incidents is not looked at.
    expect(await route('chay-truong-ca').getAttribute('data-matched')).toBe('true');
    expect(await route('chay-truong-ca').getByTestId('route-notifies').textContent()).toContain(CONSOLE);
    expect(await route('su-co-thu-cong').count()).toBe(0);
    const delivered = routes.locator('[data-testid="incident-delivery"][data-state="delivered"]', { hasText: WEBHOOK });
    await delivered.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await delivered.textContent()).toContain('Đã gửi');
    // The timeline says who was told.
    const notified = desk.locator('[data-testid="timeline-entry"][data-type="notified"]', { hasText: WEBHOOK });
    await notified.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await notified.textContent()).toContain(`Đã gửi thông báo tới ${WEBHOOK}`);
    expect(await notified.getByTestId('timeline-note').textContent()).toMatch(new RegExp(`^Đã báo ${WEBHOOK} \\(webhook\\): 200, \\d+ ms$`));
    await routes.scrollIntoViewIfNeeded();
    await shoot(desk, 'incident-routes');
  });

  test('a receiver that answers 500: the delivery stays pending, its attempts grow with the same key, and the tab shows "HTTP 500"', async () => {
    captureOnFailure('failing');
    const dispatcherApi = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
    const manual = await dispatcherApi.send<Incident>('POST', '/api/incidents', {
      kind: 'manual',
      severity: 'major',
      title: 'Cột điện nghiêng phố Hàng Gai (e2e)',
      lat: 21.033,
      lon: 105.849,
    });
    const attemptsAt = () => receiver.to(FAILING_PATH).filter((r) => bodyOf(r).incident.id === manual.id);

    const page = pages.admin!.page;
    await openAdmin(page, 'deliveries');
    await page.getByTestId('deliveries-incident').fill(String(manual.id));
    const row = page.locator('[data-testid="delivery-row"]', { hasText: FAILING });
    const attempts = async () => Number(await row.locator('td').nth(5).textContent());
    // Seen once with a failed attempt or two behind it (before the circuit breaker holds the receiver)…
    const failedRow = page.locator('[data-testid="delivery-row"][data-state="pending"]', { hasText: 'HTTP 500' }).filter({ hasText: FAILING });
    await searchUntilListed(page, failedRow, 20_000);
    const first = await attempts();
    expect(first).toBeGreaterThanOrEqual(1);
    // …and again, with more attempts: it is being retried, not given up.
    await expect
      .poll(
        async () => {
          await page.getByTestId('deliveries-run').click();
          await page.getByTestId('deliveries-run').and(page.locator(':enabled')).waitFor();
          return (await failedRow.count()) > 0 ? attempts() : 0;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(first);
    const rowText = (await row.textContent())!;
    for (const part of [`#${manual.id}`, FAILING, 'Chờ gửi', 'thử lại lúc', '500 · HTTP 500']) expect(rowText).toContain(part);
    expect(await row.getAttribute('data-state')).toBe('pending');
    // No resend button: only a given-up delivery is sent again by hand.
    expect(await row.getByTestId('delivery-resend').count()).toBe(0);
    const shown = await attempts();
    console.log(`failing receiver: ${attemptsAt().length} requests received, the tab shows ${shown} attempts`);
    expect(attemptsAt().length).toBeGreaterThanOrEqual(shown);
    // Every retry carries the same idempotency key (a receiver that remembers keys acts once).
    expect(new Set(attemptsAt().map((r) => headerOf(r, 'idempotency-key'))).size).toBe(1);
    await shoot(page, 'deliveries-failing');

    // The incident's timeline records the failed attempts too.
    const withTimeline = await dispatcherApi.get<Incident>(`/api/incidents/${manual.id}`);
    expect(withTimeline.timeline?.some((e) => e.type === 'notification_failed')).toBe(true);
    await release('admin');
  });

  test('the link a notification carries opens its incident at the desk for a dispatcher who signs in', async () => {
    captureOnFailure('link');
    expect(fireWebhook, 'the webhook of the second test').toBeDefined();
    const { id } = fire!;
    // The notifier builds links from CITYOPS_PUBLIC_URL (unset here: the console's configured port, 0);
    // the path and query are what matter, on the console this stack serves.
    const link = new URL(fireWebhook!.link);
    const target = new URL(`${link.pathname}${link.search}`, stack.consoleUrl).toString();
    console.log(`the webhook's link ${fireWebhook!.link} opened as ${target}`);

    const dispatcher = await openConsole(browser, target);
    pages.link = dispatcher;
    const page = dispatcher.page;
    await fillSignIn(page, 'dispatcher', stack.demoPassword);
    await page.getByTestId('user-role').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator(`[data-testid="incident-detail"] [data-incident-id="${id}"]`).waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.getByTestId('detail-title').textContent()).toBe(fire!.title);
    await waitForItem(page, id, 20_000);
    await expect.poll(() => selectedId(page), { timeout: 10_000 }).toBe(id);
    // The parameter leaves the address: a reload does not open it again.
    expect(new URL(page.url()).searchParams.has('incident')).toBe(false);
    // A dispatcher is below the routes section's role.
    expect(await page.getByTestId('notification-routes').count()).toBe(0);
    await release('link');
  });

  test('a supervisors’ console contact point: the supervisor sees a banner within seconds of the alarm, the wall’s viewer does not; the banner opens the incident', async () => {
    captureOnFailure('banner');
    const supervisor = await signIn(browser, stack.consoleUrl, 'supervisor', stack.demoPassword);
    pages.bannerSupervisor = supervisor;
    const viewer = await signIn(browser, stack.consoleUrl, 'operator', stack.demoPassword);
    pages.bannerViewer = viewer;
    for (const s of [supervisor, viewer])
      await s.page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'live', null, { timeout: 30_000 });
    const { publishedAt } = await publishFireEvent(stack.mqttUrl, secondPanel, { seq: 1, event: 'alarm', zone: 'Tầng 1' });
    const incident = await admin.waitForIncident(secondPanel.id, 20_000, 100);
    const banner = supervisor.page.locator(`[data-testid="notification-banner"][data-incident-id="${incident.id}"]`);
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    const bannerMs = Date.now() - publishedAt;
    console.log(`alarm published → supervisor's banner: ${bannerMs} ms`);
    expect(bannerMs).toBeLessThan(8_000);
    expect(await banner.getAttribute('data-reason')).toBe('opened');
    const bannerText = (await banner.textContent())!;
    expect(bannerText).toContain(`Sự cố mới · #${incident.id}`);
    const supervisorSeq = (await readTestHook(supervisor.page))!.lastSseq;

    // The viewer's wall took in everything up to that message (the incident is listed, its stream
    // position passed the banner's), and shows no banner: the message is for supervisors and up.
    await waitForItem(viewer.page, incident.id, 20_000);
    await viewer.page.waitForFunction((seq) => ((window as unknown as { __cityops?: { lastSseq: number } }).__cityops?.lastSseq ?? 0) >= seq, supervisorSeq, {
      timeout: 15_000,
    });
    expect(await viewer.page.getByTestId('notification-banner').count()).toBe(0);
    await shoot(supervisor.page, 'banner');

    // The banner opens its incident at the desk, and goes.
    await banner.getByTestId('notification-banner-open').click();
    await supervisor.page.locator(`[data-testid="incident-detail"] [data-incident-id="${incident.id}"]`).waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => selectedId(supervisor.page), { timeout: 10_000 }).toBe(incident.id);
    await banner.waitFor({ state: 'detached' });
    await release('bannerSupervisor', 'bannerViewer');
  });

  test('the fire alarm left unacknowledged pages the supervisors’ console at its escalation step, and 114’s webhook is not paged', async () => {
    captureOnFailure('escalation');
    const { id, openedAt } = fire!;
    // The supervisor at the desk since the first alarm (second test). The fire rule escalates to
    // supervisors after 60 s; most of that has passed by now, the rest is waited for (bounded).
    const desk = pages.supervisor!.page;
    const escalated = desk.locator(`[data-testid="notification-banner"][data-incident-id="${id}"][data-reason="escalated"]`);
    const timeout = Math.max(5_000, Date.parse(openedAt) + 90_000 - Date.now());
    await escalated.waitFor({ state: 'visible', timeout });
    console.log(`escalation banner shown ${Date.now() - Date.parse(openedAt)} ms after the incident opened`);
    expect(await escalated.textContent()).toContain(`Leo thang · #${id}`);
    const deliveries = (await admin.get<DeliveryList>(`/api/notifications?incidentId=${id}`)).items;
    expect(deliveries.filter((d) => d.reason === 'escalated').map((d) => [d.contactPoint, d.state])).toEqual([[CONSOLE, 'delivered']]);
    expect(receiver.to(WEBHOOK_PATH).filter((r) => bodyOf(r).incident.id === id && bodyOf(r).reason === 'escalated')).toEqual([]);
    await release('supervisor');
  });

  test('resolving the fire incident tells 114 too (sendResolved), signed, under a key of its own', async () => {
    captureOnFailure('resolved');
    const { id } = fire!;
    const supervisorApi = await ApiClient.login(stack.consoleUrl, 'supervisor', stack.demoPassword);
    await supervisorApi.send('POST', `/api/incidents/${id}/resolve`, { note: 'Báo nhầm, đã kiểm tra tại chỗ (e2e)', overrideChecklist: true });
    const hit = await receiver.waitFor(
      (r) => r.path === WEBHOOK_PATH && bodyOf(r).incident.id === id && bodyOf(r).reason === 'resolved',
      20_000,
      '114 resolved webhook',
    );
    const body = bodyOf(hit);
    expect(checkSignature(hit, secret).valid).toBe(true);
    expect(body.incident.state).toBe('resolved');
    expect(body.idempotencyKey).not.toBe(fireWebhook!.idempotencyKey);
  });
});
