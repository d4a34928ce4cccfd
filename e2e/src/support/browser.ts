import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); override with CITYOPS_E2E_CHROMIUM. */
export const CHROMIUM_PATH = process.env.CITYOPS_E2E_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGL (MapLibre, deck.gl) on the CPU: slow (a frame or two a second) but deterministic.
  '--enable-unsafe-swiftshader',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CITYOPS_E2E_CHROMIUM)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Browser console errors and page errors seen so far (for failure messages). */
  errors: string[];
}

/** A fresh context (fresh profile, no cookies) with one page on the console's sign-in form. */
export async function openConsole(browser: Browser, consoleUrl: string, prepare?: (context: BrowserContext) => Promise<unknown>): Promise<SignedIn> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(30_000);
  // Before the first page: routes (WebSocket ones in particular) apply to documents loaded after them.
  await prepare?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(consoleUrl, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('login-username').waitFor({ state: 'visible' });
  return { context, page, errors };
}

export async function fillSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Opens the console in a fresh context, signs in and waits until the header shows the role. */
export async function signIn(
  browser: Browser,
  consoleUrl: string,
  username: string,
  password: string,
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<SignedIn> {
  const s = await openConsole(browser, consoleUrl, prepare);
  await fillSignIn(s.page, username, password);
  await s.page.getByTestId('user-role').waitFor({ state: 'visible', timeout: 60_000 });
  return s;
}

export interface TestHook {
  devicesLoaded: number;
  mapReady: boolean;
  lastSseq: number;
}

export function readTestHook(page: Page): Promise<TestHook | null> {
  return page.evaluate(() => (window as unknown as { __cityops?: TestHook }).__cityops ?? null);
}

/** Waits until the basemap has loaded, the overlay is attached and at least `minDevices` are loaded. */
export async function waitForMap(page: Page, minDevices: number, timeoutMs = 90_000): Promise<TestHook> {
  await page.waitForFunction(
    (min) => {
      const h = (window as unknown as { __cityops?: { mapReady: boolean; devicesLoaded: number } }).__cityops;
      return !!h && h.mapReady && h.devicesLoaded >= min;
    },
    minDevices,
    { timeout: timeoutMs, polling: 250 },
  );
  return (await readTestHook(page))!;
}

/** The incident item whose text contains `text` (e.g. the panel's address). */
export function incidentItem(page: Page, text: string) {
  return page.getByTestId('incident-item').filter({ hasText: text });
}

/**
 * A switchable network outage for one context. `context.setOffline(true)` alone fails new requests
 * but, in Chromium, leaves an open WebSocket up (its frames are only held back), so the console would
 * never notice. This routes the console's Socket.IO WebSocket through Playwright (install before the
 * first page) so that `cut()` can also drop it, like a real outage does.
 */
export class NetworkOutage {
  readonly #sockets = new Set<WebSocketRoute>();
  #down = false;
  #context: BrowserContext | undefined;

  /** Pass as `prepare` to openConsole / signIn. */
  readonly install = async (context: BrowserContext): Promise<void> => {
    this.#context = context;
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (this.#down) {
        void ws.close({ code: 1001, reason: 'e2e: network down' }).catch(() => undefined);
        return;
      }
      this.#sockets.add(ws);
      // Closing either side closes the other (default forwarding): the server sees the drop too.
      ws.connectToServer();
    });
  };

  async cut(): Promise<void> {
    if (!this.#context) throw new Error('NetworkOutage.install was not used for this context');
    this.#down = true;
    await this.#context.setOffline(true);
    for (const ws of this.#sockets) await ws.close({ code: 1001, reason: 'e2e: network down' }).catch(() => undefined);
    this.#sockets.clear();
  }

  async restore(): Promise<void> {
    this.#down = false;
    await this.#context?.setOffline(false);
  }
}

/** The sizes the console is checked at: the wall room's 1920×1080 and a laptop's 1280×800. */
export const SCREEN_SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
] as const;

/** `{name}-1920x1080.png` and `{name}-1280x800.png` in `dir`; the page is left at 1280×800, where tests run. */
export async function screenshotAtSizes(page: Page, dir: string, name: string): Promise<void> {
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    // Two frames for the layout to settle at the new size.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: `${dir}/${name}-${size.width}x${size.height}.png`, timeout: 30_000 });
  }
  await page.setViewportSize(SCREEN_SIZES[1]);
}
