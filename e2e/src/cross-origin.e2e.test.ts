import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Incident } from '@cityops/contracts';
import { ApiClient } from './support/api.ts';
import { signIn, waitForMap, type SignedIn } from './support/browser.ts';
import { publishFireEvent } from './support/mqtt.ts';
import { ARTIFACTS_DIR, type RunningStack } from './support/stack.ts';
import { startStackAndBrowser, stopStackAndBrowser } from './support/suite.ts';

/**
 * A page on another port of the console's host, opened in the browser of a signed-in dispatcher.
 * Same host, other port: another origin but the same *site*, so the browser sends it the
 * SameSite=Lax session cookie. Its script tries what such a page can: a no-cors text/plain POST
 * to acknowledge an incident, a form POST, and a WebSocket to Socket.IO /ops. None may change the
 * incident, and no /ops frame may reach the page. The console's own page runs under its CSP
 * without a violation.
 */

const PANEL = { id: 'FA-XORIGIN-1', lat: 21.0285, lon: 105.8542, address: 'Số 7 Phố chéo (e2e)' } as const;
const DIR = join(ARTIFACTS_DIR, 'cross-origin');

let stack: RunningStack;
let browser: Browser;
let api: ApiClient;
let victim: SignedIn | undefined;
let incident: Incident;
let attacker: Server | undefined;
let attackerOrigin: string;

/** What the attacking page saw, read back by the test. */
interface AttackReport {
  fetchDone: boolean;
  formLoaded: boolean;
  wsOpened: boolean;
  frames: string[];
}

/** The attacking page: every request goes to the console's URL with the victim's cookie attached by the browser. */
function attackPage(consoleUrl: string, incidentId: number): string {
  const ack = `${consoleUrl}/api/incidents/${incidentId}/ack`;
  const ws = `${consoleUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return `<!doctype html><meta charset="utf-8"><title>not the console</title>
<iframe name="sink" style="display:none"></iframe>
<form id="f" method="POST" action="${ack}" enctype="text/plain" target="sink"><input name="x" value="1"></form>
<script>
const report = { fetchDone: false, formLoaded: false, wsOpened: false, frames: [] };
window.__attack = report;
const cap = (ms) => new Promise((r) => setTimeout(r, ms));
async function viaFetch() {
  await fetch(${JSON.stringify(ack)}, {
    method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '',
  }).catch(() => undefined);
  report.fetchDone = true;
}
function viaForm() {
  return new Promise((resolve) => {
    document.querySelector('iframe').addEventListener('load', () => { report.formLoaded = true; resolve(); }, { once: true });
    document.getElementById('f').submit();
  });
}
function viaSocket() {
  return new Promise((resolve) => {
    const socket = new WebSocket(${JSON.stringify(ws)});
    socket.onopen = () => { report.wsOpened = true; };
    socket.onmessage = (m) => {
      const frame = String(m.data);
      report.frames.push(frame);
      // Engine.IO open → ask for the /ops namespace, as socket.io-client would; answer pings.
      if (frame.startsWith('0')) socket.send('40/ops,');
      if (frame === '2') socket.send('3');
      if (frame.startsWith('42/ops,')) { socket.close(); resolve(); }
    };
    socket.onerror = () => resolve();
    socket.onclose = () => resolve();
  });
}
// Bounded: a page that hangs must not hold the suite (the test reads what happened, not when).
window.__done = Promise.race([Promise.all([viaFetch(), viaForm(), viaSocket()]), cap(20000)]).then(() => report);
</script>`;
}

function captureOnFailure(label: string): void {
  onTestFailed(async () => {
    if (victim && !victim.page.isClosed()) await victim.page.screenshot({ path: join(DIR, `FAILED-${label}.png`), timeout: 30_000 }).catch(() => undefined);
    if (victim?.errors.length) console.log(`browser errors:\n  ${victim.errors.join('\n  ')}`);
    writeFileSync(join(DIR, `FAILED-${label}-stack.log`), stack?.output() ?? '');
  });
}

/** Records the page's CSP violations from the first script on, before the app's own. */
async function watchCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

describe("cross-origin requests with the victim's cookie (Chromium)", () => {
  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    ({ stack, browser } = await startStackAndBrowser({ simulate: false }));
    const panel = await stack.addDevice({ kind: 'fire', ...PANEL });
    api = await ApiClient.login(stack.consoleUrl, 'dispatcher', stack.demoPassword);
    await publishFireEvent(stack.mqttUrl, panel, { seq: 1, event: 'alarm', zone: 'Tầng 2' });
    incident = await api.waitForIncident(PANEL.id, 20_000, 100);
    // The attacker: the console's host name, another port (127.0.0.1 only).
    const consoleUrl = new URL(stack.consoleUrl);
    const page = attackPage(stack.consoleUrl, incident.id);
    attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => attacker!.listen(0, '127.0.0.1', resolve));
    attackerOrigin = `http://${consoleUrl.hostname}:${(attacker.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    await stopStackAndBrowser(stack, browser, join(DIR, 'stack.log'));
  });

  test('the signed-in console draws its map under its CSP without a single violation', async () => {
    captureOnFailure('1-csp');
    victim = await signIn(browser, stack.consoleUrl, 'dispatcher', stack.demoPassword, watchCsp);
    await waitForMap(victim.page, 1);
    const headers = (await victim.page.request.get(stack.consoleUrl)).headers();
    expect(headers['content-security-policy']).toContain("worker-src 'self' blob:");
    expect(await victim.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(victim.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    // The listener is live: an image from an origin the policy does not name is reported (and never fetched).
    await victim.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img alt="" src="http://csp-probe.invalid/x.png">'));
    await expect
      .poll(() => victim!.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations))
      .toEqual([expect.stringMatching(/^img-src http:\/\/csp-probe\.invalid/)]);
  });

  test('a page on another port of the same host cannot acknowledge, post a form, or open /ops with the cookie', async () => {
    captureOnFailure('2-attack');
    if (!victim) throw new Error('needs the signed-in browser of the first test');
    expect(new URL(attackerOrigin).hostname).toBe(new URL(stack.consoleUrl).hostname);
    expect(attackerOrigin).not.toBe(new URL(stack.consoleUrl).origin);
    // The cookie would go along: same site.
    expect((await victim.context.cookies(attackerOrigin)).map((c) => c.name)).toContain('cityops_session');

    const page = await victim.context.newPage();
    await page.goto(`${attackerOrigin}/attack.html`, { waitUntil: 'domcontentloaded' });
    const report = await page.evaluate(() => (window as unknown as { __done: Promise<AttackReport> }).__done);
    await page.close();

    const after = await api.get<Incident>(`/api/incidents/${incident.id}`);
    expect({
      attemptsMade: report.fetchDone && report.formLoaded,
      incident: { state: after.state, acknowledgedBy: after.acknowledgedBy },
      opsFrames: report.frames.filter((f) => f.startsWith('40/ops') || f.startsWith('42/ops')),
      socketOpened: report.wsOpened,
    }).toEqual({ attemptsMade: true, incident: { state: 'open', acknowledgedBy: null }, opsFrames: [], socketOpened: false });

    // The console's own page, with the same cookie, still acknowledges: the refusals were about origin.
    const status = await victim.page.evaluate((id) => fetch(`/api/incidents/${id}/ack`, { method: 'POST' }).then((r) => r.status), incident.id);
    expect(status).toBe(200);
    expect(await api.get<Incident>(`/api/incidents/${incident.id}`)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'dispatcher' });
  });
});
