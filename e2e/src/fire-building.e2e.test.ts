import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Building, Incident, IncidentContext } from '@cityops/contracts';
import { ApiClient } from './support/api.ts';
import { signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { selectWithKeyboard, waitForItem } from './support/desk.ts';
import { publishFireEvent } from './support/mqtt.ts';
import { ARTIFACTS_DIR, REPO_ROOT, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * Fire-alarm buildings in the browser: a fire alarm from a panel tied to a registered building shows the
 * building and the nearest stations at the desk, and `H` hands it to 114 with a chosen station.
 * The stations are the bundled sample set, loaded the way a deployment loads its own file.
 */
const STATIONS_FILE = join(REPO_ROOT, 'simulators', 'data', 'fire-stations.sample.geojson');
const BUILDING = {
  id: 'B-E2E-1',
  houseId: '0101-E2E-0001',
  name: 'Chung cư mẫu E2E',
  address: 'Số 5 Phố Tòa nhà (e2e)',
  area: 'A001',
  lat: 21.0285,
  lon: 105.8542,
  floors: 12,
  basementFloors: 2,
  occupants: 340,
  usage: 'apartment',
  contactName: 'Ban quản lý (e2e)',
  contactPhone: '0900 000 123',
} as const;

let stack: RunningStack;
let browser: Browser;
let desk: SignedIn | undefined;

describe('fire-alarm building at the desk (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    for (const f of readdirSync(ARTIFACTS_DIR)) if (/^(FAILED-)?building-/.test(f)) rmSync(join(ARTIFACTS_DIR, f), { force: true });
    ({ stack, browser } = await startStackAndBrowser({ simulate: false, env: { CITYOPS_FIRE_STATIONS_FILE: STATIONS_FILE } }));
  });

  afterAll(async () => {
    await stopStackAndBrowser(stack, browser, join(ARTIFACTS_DIR, 'building-stack.log'));
  });

  test('the detail shows the building and nearest stations; H hands it to 114 with the second station', async () => {
    onTestFailed(async () => {
      if (desk && !desk.page.isClosed()) await desk.page.screenshot({ path: join(ARTIFACTS_DIR, 'FAILED-building-desk.png') }).catch(() => undefined);
      if (desk?.errors.length) console.log(`browser errors:\n  ${desk.errors.join('\n  ')}`);
      writeFileSync(join(ARTIFACTS_DIR, 'FAILED-building-stack.log'), stack?.output() ?? '');
    });
    const admin = await ApiClient.login(stack.consoleUrl, 'admin', stack.demoPassword);
    await admin.send<Building>('POST', '/api/buildings', BUILDING);
    const panel = await stack.addDevice({ kind: 'fire', id: 'FA-BLD-1', lat: 21.0286, lon: 105.8543, address: BUILDING.address });
    await admin.send('PUT', `/api/devices/${panel.id}/building`, { buildingId: BUILDING.id });

    desk = await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword);
    await waitForMap(desk.page, 1);
    await desk.page.getByTestId('desk-panel').waitFor({ state: 'visible' });

    await publishFireEvent(stack.mqttUrl, panel, { seq: 1, event: 'alarm', zone: 'Tầng 7' });
    const incident = await admin.waitForIncident(panel.id, 20_000, 100);
    const page = desk.page;
    await waitForItem(page, incident.id, 20_000, 'open');
    await selectWithKeyboard(page, incident.id);

    const place = page.getByTestId('incident-place');
    await place.getByTestId('building').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await place.getByTestId('building-address').textContent()).toBe(BUILDING.address);
    expect(await place.getByTestId('building-floors').textContent()).toBe('12 tầng + 2 hầm');
    expect(await place.getByTestId('building-occupants').textContent()).toBe('340');
    expect(await place.getByTestId('building-contact').textContent()).toContain('0900 000 123');
    const context = await admin.get<IncidentContext>(`/api/incidents/${incident.id}/context`);
    const stationRows = place.getByTestId('nearest-stations').locator('li');
    expect(await stationRows.count()).toBe(3);
    // The page lists the server's nearest three in order, each flagged as sample data.
    expect(await stationRows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.station))).toEqual(context.nearestStations.map((s) => s.id));
    expect(await stationRows.first().textContent()).toContain('dữ liệu mẫu');

    await page.keyboard.press('h');
    const dialog = page.getByTestId('handoff-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator(`[data-station="${context.nearestStations[1]!.id}"]`).click();
    await dialog.getByTestId('dialog-note').fill('Khói tầng 7, 2 người mắc kẹt');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    await page.locator('[data-testid="timeline-entry"][data-type="handoff"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="timeline-entry"][data-type="handoff"]').textContent()).toContain(context.nearestStations[1]!.name);
    await page.locator('[data-testid="detail-state"][data-state="dispatched"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('detail-assignee').getAttribute('data-assignee')).toBe('114');
    await place.getByTestId('handoffs').waitFor({ state: 'visible', timeout: 15_000 });

    const after = await admin.get<IncidentContext>(`/api/incidents/${incident.id}/context`);
    expect(after.handoffs).toHaveLength(1);
    expect(after.handoffs[0]).toMatchObject({
      unit: '114',
      by: 'dispatcher',
      stationId: context.nearestStations[1]!.id,
      note: 'Khói tầng 7, 2 người mắc kẹt',
      building: { id: BUILDING.id },
    });
    expect(await admin.get<Incident>(`/api/incidents/${incident.id}`)).toMatchObject({ state: 'dispatched', assignee: '114' });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'building-handoff.png') });
  });
});
