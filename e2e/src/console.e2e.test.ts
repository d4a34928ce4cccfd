import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from './support/api.ts';
import { fillSignIn, incidentItem, NetworkOutage, openConsole, readTestHook, signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { publishFireEvent } from './support/mqtt.ts';
import { colourStats, countInRing, decodePng } from './support/png.ts';
import { ARTIFACTS_DIR, type ProvisionedDevice, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * The operations wall end to end: `cityops start` (embedded database and broker, simulated fleet)
 * as a black box, real fire-panel messages over MQTT, two people signed in from two browsers.
 * The tests run in order and share the stack and the browsers.
 */

/** The simulated fleet has 2,926 devices; the wall must draw (nearly) all of them. */
const FLEET_MIN = 2_900;
/** Bound on publish → incident on screen; the pipeline itself takes well under a second. */
const ALARM_VISIBLE_MS = 20_000;

const PANELS = [
  // At HANOI_CENTER: the initial view is centred on it, so its ring is where the map's centre is.
  { id: 'FA-E2E-1', lat: 21.0285, lon: 105.8542, address: 'Số 1 Phố mẫu (e2e)' },
  { id: 'FA-E2E-2', lat: 21.0368, lon: 105.8345, address: 'Số 2 Phố mẫu (e2e)' },
  { id: 'FA-E2E-3', lat: 21.019, lon: 105.861, address: 'Số 3 Phố mẫu (e2e)' },
] as const;

let stack: RunningStack;
let browser: Browser;
let api: ApiClient;
const panels = new Map<string, ProvisionedDevice>();
let dispatcher: SignedIn | undefined;
let operator: SignedIn | undefined;
const operatorOutage = new NetworkOutage();
const latencies: Record<string, number> = {};

function panel(id: string): ProvisionedDevice {
  const p = panels.get(id);
  if (!p) throw new Error(`panel ${id} was not provisioned`);
  return p;
}

async function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(ARTIFACTS_DIR, name), timeout: 30_000 });
}

/** On failure: what each browser showed, and what the stack printed. */
function captureOnFailure(label: string): void {
  onTestFailed(async () => {
    for (const [who, s] of [
      ['dispatcher', dispatcher],
      ['operator', operator],
    ] as const) {
      if (s && !s.page.isClosed()) await screenshot(s.page, `FAILED-console-${label}-${who}.png`).catch(() => undefined);
      if (s?.errors.length) console.log(`${who} browser errors:\n  ${s.errors.join('\n  ')}`);
    }
    writeFileSync(join(ARTIFACTS_DIR, `FAILED-console-${label}-stack.log`), stack?.output() ?? '');
  });
}

/** Polls the page (not frames: WebGL on SwiftShader draws a frame or two a second) until the
 *  incident item containing `text` satisfies `state`; returns the browser's clock at that moment. */
async function whenItemShown(page: Page, text: string, timeoutMs: number, state?: string): Promise<number> {
  const handle = await page.waitForFunction(
    ({ text, state }) => {
      const items = [...document.querySelectorAll<HTMLElement>('[data-testid="incident-item"]')];
      const item = items.find((el) => el.textContent?.includes(text));
      return item && (!state || item.dataset.state === state) ? Date.now() : 0;
    },
    { text, state },
    { polling: 50, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

async function connectionStatus(page: Page, status: 'live' | 'reconnecting' | 'stale', timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (want) => (document.querySelector('[data-testid="connection-status"]')?.textContent?.trim() === want ? Date.now() : 0),
    status,
    { polling: 50, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Where the map's centre is drawn: the map fills the window and is padded by what covers it (the
 * header with the KPI strip on top, the incident panel on the right), so its centre is the middle
 * of what they leave free.
 */
function mapCentre(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const bottom = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().bottom ?? 0;
    const top = Math.max(bottom('header'), bottom('[data-testid="kpi-strip"]'));
    const panelLeft = document.querySelector('aside')!.getBoundingClientRect().left;
    return { x: panelLeft / 2, y: (top + window.innerHeight) / 2 };
  });
}

const isCriticalRed = (r: number, g: number, b: number) => r >= 200 && g <= 110 && b <= 100;

/** Critical-red pixels on a ring 12–24 px around the map centre (an incident ring is 18 px). */
async function redRingPixels(page: Page): Promise<number> {
  const c = await mapCentre(page);
  const box = { x: Math.round(c.x - 40), y: Math.round(c.y - 40), width: 80, height: 80 };
  const img = decodePng(await page.screenshot({ clip: box, timeout: 30_000 }));
  return countInRing(img, c.x - box.x, c.y - box.y, 12, 24, isCriticalRed);
}

describe('operations wall (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    // Only this file's artifacts (numbered screenshots, its failures, stack.log): the other suites'
    // screenshots from the same run stay.
    for (const f of readdirSync(ARTIFACTS_DIR)) if (/^(FAILED-console-|\d-|stack\.log$)/.test(f)) rmSync(join(ARTIFACTS_DIR, f), { force: true });
    const started = Date.now();
    // Settle both, so that afterAll can stop whichever did start.
    ({ stack, browser } = await startStackAndBrowser());
    console.log(`stack up in ${Date.now() - started} ms: ${stack.consoleUrl}, ${stack.mqttUrl}`);
    const provisioned = await Promise.all(PANELS.map((p) => stack.addDevice({ kind: 'fire', ...p })));
    for (const p of provisioned) panels.set(p.id, p);
    api = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
  });

  afterAll(async () => {
    console.log(`latencies (ms): ${JSON.stringify(latencies)}`);
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'stack.log'));
  });

  test('a wrong password is refused; the dispatcher signs in and the map draws the fleet', async () => {
    captureOnFailure('1-sign-in');
    const s = await openConsole(browser, stack.consoleUrl);
    dispatcher = s;
    await fillSignIn(s.page, 'dispatcher', 'not-the-password');
    await s.page.getByTestId('login-error').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await s.page.getByTestId('user-role').count()).toBe(0);

    await fillSignIn(s.page, 'dispatcher', stack.demoPassword);
    await s.page.getByTestId('user-role').waitFor({ state: 'visible', timeout: 60_000 });
    expect((await s.page.getByTestId('user-role').textContent())?.trim()).toBe('dispatcher');

    const hook = await waitForMap(s.page, FLEET_MIN);
    expect(hook.mapReady).toBe(true);
    expect(hook.devicesLoaded).toBeGreaterThanOrEqual(FLEET_MIN);
    expect(Number(await s.page.getByTestId('device-count').textContent())).toBe(hook.devicesLoaded);
    await connectionStatus(s.page, 'live', 30_000);

    // MapLibre's canvas and deck.gl's over it, both with a drawing surface.
    const canvases = await s.page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('[data-testid="map"] canvas')].map((c) => ({ w: c.width, h: c.height })),
    );
    expect(canvases.length).toBeGreaterThanOrEqual(2);
    for (const c of canvases) expect(c.w * c.h).toBeGreaterThan(0);

    // The map area (left of the panel, below the header) shows a basemap and device dots: many
    // colours, no single one dominating, and a good number of dot-coloured pixels. A frame can
    // lag the data, so look again until it is drawn.
    const area = await s.page.evaluate(() => {
      const top = Math.ceil(document.querySelector('header')!.getBoundingClientRect().bottom);
      const right = Math.floor(document.querySelector('aside')!.getBoundingClientRect().left);
      return { x: 0, y: top, width: right, height: window.innerHeight - top };
    });
    let stats = { distinct: 0, dominantShare: 1, dots: 0 };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const img = decodePng(await s.page.screenshot({ clip: area, timeout: 30_000 }));
      // Online/normal green and unknown slate-blue are the common device colours.
      const dots = countInRing(
        img,
        img.width / 2,
        img.height / 2,
        0,
        Math.hypot(img.width, img.height),
        (r, g, b) => (g > 150 && r < 120 && b < 160) || (r > 60 && r < 110 && g > 90 && g < 130 && b > 140 && b < 180),
      );
      stats = { ...colourStats(img), dots };
      if ((stats.distinct > 50 && stats.dominantShare < 0.95 && dots > 1_000) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(
      `map area ${area.width}×${area.height}: ${stats.distinct} colours, commonest ${(stats.dominantShare * 100).toFixed(1)} %, ${stats.dots} dot pixels`,
    );
    expect(stats.distinct).toBeGreaterThan(50);
    expect(stats.dominantShare).toBeLessThan(0.95);
    expect(stats.dots).toBeGreaterThan(1_000);
    await screenshot(s.page, '1-map-dispatcher.png');
  });

  test('a fire alarm published over MQTT reaches the dispatcher and the operator, in the list and on the map', async () => {
    captureOnFailure('2-alarm');
    dispatcher ??= await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword);
    operator = await signIn(browser, stack.consoleUrl, 'operator', stack.demoPassword, operatorOutage.install);
    // The demo account "operator" has the viewer role (watch only).
    expect((await operator.page.getByTestId('user-role').textContent())?.trim()).toBe('viewer');
    await waitForMap(operator.page, FLEET_MIN);
    await Promise.all([connectionStatus(dispatcher.page, 'live', 30_000), connectionStatus(operator.page, 'live', 30_000)]);
    // Survives only as long as the page is not reloaded.
    await operator.page.evaluate(() => ((window as unknown as { __e2eSamePage: boolean }).__e2eSamePage = true));

    const address = PANELS[0].address;
    expect(await incidentItem(dispatcher.page, address).count()).toBe(0);
    const redBefore = await redRingPixels(dispatcher.page);

    const { publishedAt, ackedAt } = await publishFireEvent(stack.mqttUrl, panel('FA-E2E-1'), { seq: 1, event: 'alarm', zone: 'Tầng 3' });
    const [seenByDispatcher, seenByOperator, [incident, inApiAt]] = await Promise.all([
      whenItemShown(dispatcher.page, address, ALARM_VISIBLE_MS),
      whenItemShown(operator.page, address, ALARM_VISIBLE_MS),
      // The server's side of the latency: when GET /api/incidents first lists it (polled every 100 ms).
      api.waitForIncident('FA-E2E-1', ALARM_VISIBLE_MS, 100).then((i) => [i, Date.now()] as const),
    ]);
    latencies.alarmToApi = inApiAt - publishedAt;
    latencies.alarmToDispatcher = seenByDispatcher - publishedAt;
    latencies.alarmToOperator = seenByOperator - publishedAt;
    console.log(
      `alarm: PUBACK after ${ackedAt - publishedAt} ms; in the REST API after ≤ ${latencies.alarmToApi} ms; ` +
        `visible to dispatcher after ${latencies.alarmToDispatcher} ms, to operator after ${latencies.alarmToOperator} ms`,
    );

    expect(incident).toMatchObject({ kind: 'fire_alarm', severity: 'critical', state: 'open', address, lat: PANELS[0].lat, lon: PANELS[0].lon });
    for (const s of [dispatcher, operator]) {
      const item = incidentItem(s.page, address);
      expect(await item.count()).toBe(1);
      expect(await item.getAttribute('data-severity')).toBe('critical');
      expect(await item.getAttribute('data-state')).toBe('open');
      expect(await item.getAttribute('data-incident-id')).toBe(String(incident.id));
      expect(await item.textContent()).toContain('Tầng 3');
    }

    // The map: the panel sits at the initial centre, so a critical-red ring appears around it.
    let redAfter = 0;
    const deadline = Date.now() + 20_000;
    while ((redAfter = await redRingPixels(dispatcher.page)) - redBefore < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    console.log(`incident ring: ${redBefore} → ${redAfter} critical-red pixels around the map centre`);
    expect(redAfter - redBefore).toBeGreaterThanOrEqual(80);

    await screenshot(dispatcher.page, '2-alarm-dispatcher.png');
    await screenshot(operator.page, '2-alarm-operator.png');
  });

  test('acknowledging in the dispatcher’s browser updates the operator’s without a reload', async () => {
    captureOnFailure('3-ack');
    if (!dispatcher || !operator) throw new Error('needs the browsers of the previous test');
    const address = PANELS[0].address;
    const item = incidentItem(dispatcher.page, address);
    // From the moment the browser sends the POST (Playwright's click first waits for the button to
    // hold still over two animation frames, which on SwiftShader alone takes about a second).
    const requested = dispatcher.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/ack'), { timeout: 30_000 }).then(() => Date.now());
    await item.getByTestId('ack-button').click();
    const clickedAt = await requested;

    const [dispatcherAt, operatorAt] = await Promise.all([
      whenItemShown(dispatcher.page, address, 15_000, 'acknowledged'),
      whenItemShown(operator.page, address, 15_000, 'acknowledged'),
    ]);
    latencies.ackToDispatcher = dispatcherAt - clickedAt;
    latencies.ackToOperator = operatorAt - clickedAt;
    console.log(`ack: dispatcher's item acknowledged after ${latencies.ackToDispatcher} ms, operator's after ${latencies.ackToOperator} ms`);

    expect(await item.getByTestId('ack-button').count()).toBe(0);
    expect(await incidentItem(operator.page, address).textContent()).toContain('dispatcher');
    expect(await operator.page.evaluate(() => (window as unknown as { __e2eSamePage?: boolean }).__e2eSamePage)).toBe(true);
    const incident = await api.waitForIncident('FA-E2E-1', 5_000);
    expect(incident).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'dispatcher' });
  });

  test('a viewer (operator) gets no acknowledge button, and the server refuses the operator too', async () => {
    captureOnFailure('4-viewer');
    if (!dispatcher || !operator) throw new Error('needs the browsers of the previous tests');
    // An open incident, so that the button would be there for someone allowed to use it.
    const address = PANELS[1].address;
    await publishFireEvent(stack.mqttUrl, panel('FA-E2E-2'), { seq: 1, event: 'alarm', zone: 'Tầng 1' });
    await Promise.all([whenItemShown(dispatcher.page, address, ALARM_VISIBLE_MS, 'open'), whenItemShown(operator.page, address, ALARM_VISIBLE_MS, 'open')]);
    expect(await incidentItem(dispatcher.page, address).getByTestId('ack-button').count()).toBe(1);

    expect(await operator.page.locator('[data-testid="incident-item"][data-state="open"]').count()).toBeGreaterThanOrEqual(1);
    expect(await operator.page.getByTestId('ack-button').count()).toBe(0);

    const incident = await api.waitForIncident('FA-E2E-2', 5_000);
    const asOperator = await ApiClient.login(stack.consoleUrl, 'operator', stack.demoPassword);
    expect(await asOperator.postStatus(`/api/incidents/${incident.id}/ack`)).toBe(403);
    expect((await api.waitForIncident('FA-E2E-2', 5_000)).state).toBe('open');

    await screenshot(dispatcher.page, '4-desk-dispatcher.png');
    await screenshot(operator.page, '4-desk-operator.png');
  });

  test('after a network outage the operator’s wall goes live again and shows the incident it missed', async () => {
    captureOnFailure('5-resume');
    if (!operator) throw new Error('needs the operator browser of the previous tests');
    // Fewer pages drawing WebGL on the CPU: the dispatcher is done.
    await dispatcher?.context.close();
    dispatcher = undefined;
    const page = operator.page;
    const address = PANELS[2].address;
    const before = (await readTestHook(page))!;

    const cutAt = Date.now();
    await operatorOutage.cut();
    await connectionStatus(page, 'reconnecting', 15_000);
    latencies.outageNoticed = Date.now() - cutAt;

    await publishFireEvent(stack.mqttUrl, panel('FA-E2E-3'), { seq: 1, event: 'alarm', zone: 'Tầng 2' });
    const missed = await api.waitForIncident('FA-E2E-3', 15_000);
    const offlineFor = 3_000 - (Date.now() - cutAt);
    if (offlineFor > 0) await new Promise((r) => setTimeout(r, offlineFor));
    // The server has it; the cut-off page does not.
    expect(await incidentItem(page, address).count()).toBe(0);
    // (`stale` only if a very slow machine kept it down for 15 s.)
    expect(['reconnecting', 'stale']).toContain((await page.getByTestId('connection-status').textContent())?.trim());

    const restoredAt = Date.now();
    await operatorOutage.restore();
    const liveAt = await connectionStatus(page, 'live', 30_000);
    const shownAt = await whenItemShown(page, address, 30_000);
    latencies.backLive = liveAt - restoredAt;
    latencies.missedIncidentShown = shownAt - restoredAt;
    console.log(
      `outage: noticed after ${latencies.outageNoticed} ms, offline ${restoredAt - cutAt} ms; live again ${latencies.backLive} ms after restore, missed` +
        ` incident shown after ${latencies.missedIncidentShown} ms`,
    );

    const item = incidentItem(page, address);
    expect(await item.getAttribute('data-incident-id')).toBe(String(missed.id));
    expect(await item.getAttribute('data-severity')).toBe('critical');
    expect(await item.getAttribute('data-state')).toBe('open');
    // Resumed in place: same page, no reload, and what it had is still there.
    expect(await page.evaluate(() => (window as unknown as { __e2eSamePage?: boolean }).__e2eSamePage)).toBe(true);
    expect((await readTestHook(page))!.lastSseq).toBeGreaterThan(before.lastSseq);
    expect(await incidentItem(page, PANELS[0].address).getAttribute('data-state')).toBe('acknowledged');
    expect(await incidentItem(page, PANELS[1].address).count()).toBe(1);
    await screenshot(page, '5-resumed-operator.png');
  });

  test('the KPI strip shows live figures, and the wall switches to English and back', async () => {
    dispatcher ??= await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword);
    const page = dispatcher.page;
    await expect.poll(async () => Number(await page.getByTestId('kpi-cameras').getAttribute('data-value')), { timeout: 30_000 }).toBeGreaterThan(50);
    expect(Number(await page.getByTestId('kpi-incidents').getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId('kpi-ingest').getAttribute('data-value'))).toBeGreaterThan(0);
    await page.getByTestId('locale-toggle').locator('[data-locale="en"]').click();
    await expect.poll(() => page.locator('aside').textContent(), { timeout: 10_000 }).toContain('Active incidents');
    await screenshot(page, '6-kpi-english-dispatcher.png');
    await page.getByTestId('locale-toggle').locator('[data-locale="vi"]').click();
    await expect.poll(() => page.locator('aside').textContent(), { timeout: 10_000 }).toContain('Sự cố đang xử lý');
  });

  // Last: it stops the database for half a minute.
  test('a database that stops answering shows as trouble within 10 s on a live link, and clears once it is back', async () => {
    if (!operator) throw new Error('needs the operator browser of the previous tests');
    const page = operator.page;
    const tone = () => page.getByTestId('link-indicator').getAttribute('data-tone');
    expect(await tone()).toBe('live');
    // The embedded database is a child process of the stack (db/src/embedded/supervisor.ts).
    const { stdout } = await promisify(execFile)('pgrep', ['-P', String(stack.pid), '-f', 'embedded/main']);
    const databasePid = Number(stdout.trim().split('\n')[0]);
    expect(databasePid).toBeGreaterThan(0);
    const stoppedAt = Date.now();
    // As a WebAssembly call that never returns: the supervisor kills and restarts it after 15 s.
    process.kill(databasePid, 'SIGSTOP');
    try {
      const banner = page.getByTestId('health-banner');
      await expect.poll(() => banner.textContent(), { timeout: 10_000, interval: 100 }).toContain('mất kết nối cơ sở dữ liệu');
      const shownAfter = Date.now() - stoppedAt;
      // The link to the console is still up, but it is not shown as plain live.
      expect(await page.getByTestId('connection-status').textContent()).toBe('live');
      expect(await tone()).toBe('troubled');
      await screenshot(page, '7-database-trouble.png');
      await expect.poll(() => banner.count(), { timeout: 90_000, interval: 250 }).toBe(0);
      expect(await tone()).toBe('live');
      console.log(`database stopped: trouble shown after ${shownAfter} ms, cleared after ${Date.now() - stoppedAt} ms (restarted by the supervisor)`);
    } finally {
      try {
        process.kill(databasePid, 'SIGCONT');
      } catch {
        // Killed and replaced by the supervisor, as it should be.
      }
    }
  });
});
