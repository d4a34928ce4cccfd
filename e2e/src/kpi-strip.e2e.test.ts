import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient } from './support/api.ts';
import { signIn, type SignedIn } from './support/browser.ts';
import { publishFireEvent } from './support/mqtt.ts';
import { ARTIFACTS_DIR, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * The KPI strip in Chromium: its sparklines come from the rollups when the page
 * opens (GET /api/history/kpi), not only from the ticks seen since; and on the wall at 1280 px the
 * incidents cell's severity counts stay inside their cell (at wall size they once spilled into the next).
 */
const PANELS = Array.from({ length: 11 }, (_, i) => ({ id: `FA-KPI-${i + 1}`, lat: 21.02 + i / 1000, lon: 105.84, address: `Số ${i + 1} Phố chỉ số (e2e)` }));

let stack: RunningStack;
let browser: Browser;
let wall: SignedIn | undefined;

describe('KPI strip (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    ({ stack, browser } = await startStackAndBrowser({ simulate: false }));
    // Eleven critical incidents: a two-digit count, as on a bad night.
    const api = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
    for (const p of PANELS) {
      const panel = await stack.addDevice({ kind: 'fire', ...p });
      await publishFireEvent(stack.mqttUrl, panel, { seq: 1, event: 'alarm', zone: 'Tầng 1' });
    }
    for (const p of PANELS) await api.waitForIncident(p.id, 20_000, 100);
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'kpi-strip-stack.log'));
  });

  test('on the wall at 1280 px, sparklines load from the history and no figure spills out of its cell', async () => {
    onTestFailed(async () => {
      if (wall) await wall.page.screenshot({ path: join(ARTIFACTS_DIR, 'FAILED-kpi-strip-wall.png') }).catch(() => undefined);
      if (wall?.errors.length) console.log(`browser errors:\n  ${wall.errors.join('\n  ')}`);
    });
    wall = await signIn(browser, new URL('/?mode=wall', stack.consoleUrl).href, 'operator', stack.demoPassword);
    const page = wall.page;
    expect(page.viewportSize()?.width).toBe(1280);
    await page.getByTestId('wall-panel').waitFor({ state: 'visible', timeout: 60_000 });

    // Five hours of 5-minute points at once: live ticks alone would give one point for the current slot.
    await expect
      .poll(async () => ((await page.getByTestId('kpi-spark-incidents').locator('path').getAttribute('d')) ?? '').split('L').length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(50);
    await expect.poll(async () => Number(await page.getByTestId('kpi-incidents').getAttribute('data-value')), { timeout: 30_000 }).toBe(PANELS.length);
    await page
      .locator('[data-testid="kpi-incidents"] [data-severity="critical"]')
      .filter({ hasText: String(PANELS.length) })
      .waitFor();

    const measure = () =>
      page.locator('[data-testid="kpi-strip"] > .kpi').evaluateAll((els) =>
        els.map((el) => {
          const cell = el.getBoundingClientRect();
          const value = el.querySelector('[class*="value"]') as HTMLElement;
          const parts = [...el.querySelectorAll('[data-severity], [class*="value"], [class*="label"]')].map((p) => p.getBoundingClientRect());
          return {
            name: el.getAttribute('data-testid'),
            spill: Math.max(0, ...parts.map((p) => p.right - cell.right)),
            clipped: value.scrollWidth - value.clientWidth,
          };
        }),
      );
    const cells = await measure();
    expect(cells).toHaveLength(8);
    for (const c of cells) {
      expect(c.spill, `${c.name} spills ${c.spill}px into its neighbour`).toBeLessThanOrEqual(0.5);
      expect(c.clipped, `${c.name}'s value is cut by ${c.clipped}px`).toBeLessThanOrEqual(1);
    }
    await page.getByTestId('kpi-strip').screenshot({ path: join(ARTIFACTS_DIR, 'kpi-strip-wall-1280.png') });

    // The measurement sees the defect: with the strip's layout before the fix (equal columns, fixed
    // 1.75rem values, nothing contained), the severity counts run into the next cell again.
    await page.addStyleTag({
      content: `[data-testid="kpi-strip"] > .kpi { grid-column: auto !important; container-type: normal !important; overflow: visible !important }
      [data-testid="kpi-strip"] [class*="value"] { font-size: 1.75rem !important }`,
    });
    const before = await measure();
    expect(before.find((c) => c.name === 'kpi-incidents')!.spill).toBeGreaterThan(10);
  });
});
