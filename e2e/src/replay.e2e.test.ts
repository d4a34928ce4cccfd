import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { incidentItem, signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { publishFireEvent } from './support/mqtt.ts';
import { countInRing, decodePng } from './support/png.ts';
import { settledValue } from './support/wait.ts';
import { ARTIFACTS_DIR, type ProvisionedDevice, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * Replay as the wall operator sees it: a fire alarm arrives over MQTT, then the
 * replay bar takes the map back to before it (no incident, the panel's dot green) and forward past
 * it (the ring and the red dot), marked PHÁT LẠI with the replayed time, while the live incident list
 * keeps the alarm. No simulated fleet: the pixels around the panel are the panel's alone.
 */

/** At the wall's initial centre (HANOI_CENTER), so it is drawn at the map's centre before and after the fly-to. */
const PANEL = { id: 'FA-RPL-1', lat: 21.0285, lon: 105.8542, address: 'Số 5 Phố phát lại (e2e)' } as const;
const DIR = join(ARTIFACTS_DIR, 'replay');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: RunningStack;
let browser: Browser;
let panel: ProvisionedDevice;
let wall: SignedIn | undefined;
let beforeAlarm = 0;
let afterAlarm = 0;

function page(): Page {
  if (!wall) throw new Error('needs the page of the first test');
  return wall.page;
}

function captureOnFailure(label: string): void {
  onTestFailed(async () => {
    if (wall && !wall.page.isClosed()) await wall.page.screenshot({ path: join(DIR, `FAILED-${label}.png`) }).catch(() => undefined);
    if (wall?.errors.length) console.log(`browser errors:\n  ${wall.errors.join('\n  ')}`);
    writeFileSync(join(DIR, `FAILED-${label}-stack.log`), stack?.output() ?? '');
  });
}

/** Where the map's centre is drawn (the map is padded by the header and the incident panel). */
function mapCentre(p: Page): Promise<{ x: number; y: number }> {
  return p.evaluate(() => {
    const bottom = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().bottom ?? 0;
    const top = Math.max(bottom('header'), bottom('[data-testid="kpi-strip"]'));
    return { x: document.querySelector('aside')!.getBoundingClientRect().left / 2, y: (top + window.innerHeight) / 2 };
  });
}

const isAlarmRed = (r: number, g: number, b: number) => r >= 200 && g <= 110 && b <= 100;
const isHealthyGreen = (r: number, g: number, b: number) => g >= 150 && r <= 120 && b <= 160;

/** Red and green pixels around the map centre: the panel's dot (≤ 8 px) and its incident ring (12–24 px). */
async function pixelsAtPanel(p: Page): Promise<{ dotRed: number; dotGreen: number; ringRed: number }> {
  const c = await mapCentre(p);
  const half = 30;
  const box = { x: Math.round(c.x - half), y: Math.round(c.y - half), width: half * 2, height: half * 2 };
  const img = decodePng(await p.screenshot({ clip: box, timeout: 30_000 }));
  const [cx, cy] = [c.x - box.x, c.y - box.y];
  return {
    dotRed: countInRing(img, cx, cy, 0, 8, isAlarmRed),
    dotGreen: countInRing(img, cx, cy, 0, 8, isHealthyGreen),
    ringRed: countInRing(img, cx, cy, 12, 24, isAlarmRed),
  };
}

/** Drags the slider as far as a person would: sets the range input and fires `input`. Returns the value it took. */
function slideTo(p: Page, t: number): Promise<number> {
  return p.getByTestId('replay-slider').evaluate((el, value) => {
    const input = el as HTMLInputElement;
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return Number(input.value);
  }, t);
}

/** hh:mm:ss in Hà Nội time, as the badge shows it. */
function hanoiClock(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms);
}

describe('replay of the last 24 hours on the wall map (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    ({ stack, browser } = await startStackAndBrowser({ simulate: false }));
    panel = await stack.addDevice({ kind: 'fire', ...PANEL });
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(DIR, 'stack.log'));
  });

  test('a fire alarm arrives live; the wall has no layer panel and flies only as close as its basemap shows', async () => {
    captureOnFailure('1-live');
    wall = await signIn(browser, stack.consoleUrl, 'operator', stack.demoPassword);
    const p = wall.page;
    await waitForMap(p, 0);
    expect(await p.getByTestId('wall-panel').isVisible()).toBe(true);
    // Wall-mode defect: the layer panel is for the desk.
    expect(await p.getByTestId('layer-panel').isVisible()).toBe(false);

    await publishFireEvent(stack.mqttUrl, panel, { seq: 1, event: 'restore' });
    await settledValue(
      () => pixelsAtPanel(p),
      (px) => px.dotGreen > 10,
      30_000,
    );
    await sleep(1_500);
    beforeAlarm = Date.now();
    await sleep(1_500);
    await publishFireEvent(stack.mqttUrl, panel, { seq: 2, event: 'alarm', zone: 'Tầng 3' });
    await incidentItem(p, PANEL.address).waitFor({ state: 'visible', timeout: 30_000 });
    // Wall-mode defect: the fly-to stops at the offline basemap's last zoom with anything on it.
    await p.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.zoom) >= 13, undefined, {
      timeout: 30_000,
      polling: 250,
    });
    await sleep(1_500);
    expect(Number(await p.getByTestId('map').getAttribute('data-zoom'))).toBe(13);
    const live = await settledValue(
      () => pixelsAtPanel(p),
      (px) => px.ringRed >= 60 && px.dotRed > 10,
      30_000,
    );
    expect(live.ringRed).toBeGreaterThanOrEqual(60);
    afterAlarm = Date.now();
  });

  test('replayed to before the alarm, the map has no incident and a green panel, the live list keeps the alarm', async () => {
    captureOnFailure('2-before');
    const p = page();
    await p.getByTestId('replay-open').click();
    await p.locator('[data-testid="replay-bar"][data-complete="true"]').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('map').getAttribute('data-replay')).toBe('true');

    const at = await slideTo(p, beforeAlarm);
    expect(Math.abs(at - beforeAlarm)).toBeLessThanOrEqual(500);
    expect(await p.getByTestId('replay-badge').textContent()).toContain(`PHÁT LẠI ${hanoiClock(at)}`);
    expect(await p.getByTestId('replay-bar').textContent()).toContain('1 thiết bị · 0 sự cố đang mở');
    const px = await settledValue(
      () => pixelsAtPanel(p),
      (v) => v.ringRed === 0 && v.dotRed === 0 && v.dotGreen > 10,
      20_000,
    );
    console.log(`replay before the alarm: ${JSON.stringify(px)}`);
    expect(px).toMatchObject({ ringRed: 0, dotRed: 0 });
    expect(px.dotGreen).toBeGreaterThan(10);
    // The live incident list is not part of the replay.
    expect(await incidentItem(p, PANEL.address).isVisible()).toBe(true);
    await p.screenshot({ path: join(DIR, '1-replay-before-alarm.png') });
  });

  test('replayed past the alarm, by the slider and by playing, the ring and the red panel are back', async () => {
    captureOnFailure('3-after');
    const p = page();
    const at = await slideTo(p, afterAlarm);
    expect(await p.getByTestId('replay-badge').textContent()).toContain(hanoiClock(at));
    expect(await p.getByTestId('replay-bar').textContent()).toContain('1 thiết bị · 1 sự cố đang mở');
    const px = await settledValue(
      () => pixelsAtPanel(p),
      (v) => v.ringRed >= 60 && v.dotRed > 10,
      20_000,
    );
    console.log(`replay after the alarm: ${JSON.stringify(px)}`);
    expect(px.ringRed).toBeGreaterThanOrEqual(60);
    await p.screenshot({ path: join(DIR, '2-replay-after-alarm.png') });

    // Back before it and played at 10×: the alarm comes up by itself as the replayed time passes it.
    await slideTo(p, beforeAlarm);
    await settledValue(
      () => pixelsAtPanel(p),
      (v) => v.ringRed === 0,
      20_000,
    );
    await p.getByTestId('replay-speed-10').click();
    await p.getByTestId('replay-play').click();
    // Playing, not jumped: checked as it starts. On a loaded machine playback may reach the live edge
    // (and stop by itself) before the bar is read, so it is paused only if it still plays (seen once in CI).
    expect(await p.getByTestId('replay-play').getAttribute('data-playing')).toBe('true');
    await p.getByTestId('replay-bar').filter({ hasText: '1 sự cố đang mở' }).waitFor({ timeout: 15_000 });
    if ((await p.getByTestId('replay-play').getAttribute('data-playing')) === 'true') await p.getByTestId('replay-play').click();

    await p.getByTestId('replay-live').click();
    await p.getByTestId('replay-badge').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await p.getByTestId('map').getAttribute('data-replay')).toBe('false');
    // Only the session probe before sign-in may have been refused (401); replay requests never failed.
    expect(wall!.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  });

  test('the desk replays too, with its layer panel, while its incident queue stays live', async () => {
    captureOnFailure('4-desk');
    const desk = await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword);
    try {
      const p = desk.page;
      await waitForMap(p, 1);
      expect(await p.getByTestId('desk-panel').isVisible()).toBe(true);
      expect(await p.getByTestId('layer-panel').isVisible()).toBe(true);
      await p.getByTestId('replay-open').click();
      await p.locator('[data-testid="replay-bar"][data-complete="true"]').waitFor({ timeout: 60_000 });
      await slideTo(p, beforeAlarm);
      expect(await p.getByTestId('replay-bar').textContent()).toContain('0 sự cố đang mở');
      expect(await incidentItem(p, PANEL.address).isVisible()).toBe(true);
      await p.screenshot({ path: join(DIR, '3-replay-desk.png') });
    } finally {
      await desk.context.close();
    }
  });
});
