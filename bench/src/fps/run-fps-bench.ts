import type { Logger } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, waitForMap } from '@cityops/e2e';
import { serveBarePage, type BarePage } from './bare-page.ts';
import { startConsoleStack, type ConsoleStack } from './console-stack.ts';
import { measureFps } from './measure.ts';

export interface FpsBenchOptions {
  /** Devices on both pages. Default BENCH_FPS_DEVICES or 50,000. */
  devices?: number;
  /** Status updates per second on both pages. Default BENCH_FPS_RATE or 2,000. */
  rate?: number;
  /** Counting window after the warm-up. Defaults BENCH_FPS_WINDOW_MS or 20 s, BENCH_FPS_WARMUP_MS or 5 s. */
  windowMs?: number;
  warmupMs?: number;
}

export interface FpsBenchResult {
  console: number;
  bare: number;
  /** console / bare (target ≥ 0.8). */
  ratio: number;
  devices: number;
  rate: number;
  /** Updates the console page received per second (`device:status` sseq advance), from the real path. */
  consoleReceivedPerSec: number;
  /** Updates the bare page applied per second. */
  bareAppliedPerSec: number;
  windowMs: number;
  chromium: string;
  /** Longest gap between two frames seen in each window, ms. */
  longestFrameMs: { console: number; bare: number };
  durationMs: number;
}

const VIEWPORT = { width: 1280, height: 800 };

/**
 * Frames per second of the console's wall map with `devices` devices updating at `rate`/s, against a
 * bare deck.gl page drawing the same points with the same updates, in the same Chromium (SwiftShader:
 * only the ratio means anything). Starts and stops everything itself; bounded by its windows plus
 * startup (about 1.5 min at the defaults).
 */
export async function runFpsBench(log: Logger, opts: FpsBenchOptions = {}): Promise<FpsBenchResult> {
  const started = Date.now();
  const n = opts.devices ?? Number(process.env.BENCH_FPS_DEVICES ?? 50_000);
  const rate = opts.rate ?? Number(process.env.BENCH_FPS_RATE ?? 2_000);
  const windowMs = opts.windowMs ?? Number(process.env.BENCH_FPS_WINDOW_MS ?? 20_000);
  const warmupMs = opts.warmupMs ?? Number(process.env.BENCH_FPS_WARMUP_MS ?? 5_000);
  const step = (s: string) => process.stderr.write(`bench fps: ${s}…\n`);
  let stack: ConsoleStack | undefined;
  let bare: BarePage | undefined;
  let browser: Browser | undefined;
  try {
    step(`building the bare page, starting the console with ${n.toLocaleString('en')} devices, launching Chromium`);
    [bare, stack, browser] = await Promise.all([serveBarePage(), startConsoleStack(n, log), launchBrowser()]);
    const chromium = browser.version();

    step('bare deck.gl page');
    const bareContext = await browser.newContext({ viewport: VIEWPORT });
    const barePage = await bareContext.newPage();
    await barePage.goto(`${bare.url}?n=${n}&rate=${rate}`);
    await barePage.waitForFunction(() => (window as unknown as { __bare?: { ready: boolean } }).__bare?.ready === true, null, { timeout: 120_000, polling: 250 });
    const bareApplied0 = await barePage.evaluate(() => (window as unknown as { __bare: { applied: () => number } }).__bare.applied());
    const bareT0 = Date.now();
    const bareFps = await measureFps(barePage, warmupMs, windowMs);
    const bareApplied = (await barePage.evaluate(() => (window as unknown as { __bare: { applied: () => number } }).__bare.applied())) - bareApplied0;
    const bareAppliedPerSec = (bareApplied * 1000) / (Date.now() - bareT0);
    await bareContext.close();

    step('console (sign in, load the fleet)');
    const s = await signIn(browser, stack.consoleUrl, stack.username, stack.password);
    await s.page.setViewportSize(VIEWPORT);
    const hook = await waitForMap(s.page, n, 180_000);
    if (hook.devicesLoaded !== n) throw new Error(`console loaded ${hook.devicesLoaded} devices, expected ${n}`);
    step(`console at ${rate}/s updates`);
    const driver = driveUpdates(stack, rate);
    let consoleFps: Awaited<ReturnType<typeof measureFps>>;
    let consoleReceivedPerSec = 0;
    try {
      await s.page.waitForTimeout(1_000);
      const sseq0 = await lastSseq(s.page);
      const t0 = Date.now();
      consoleFps = await measureFps(s.page, warmupMs, windowMs);
      consoleReceivedPerSec = ((await lastSseq(s.page)) - sseq0) * 1000 / (Date.now() - t0);
    } finally {
      await driver.stop();
    }
    if (driver.error()) throw driver.error();
    await s.context.close();

    return {
      console: round(consoleFps.fps), bare: round(bareFps.fps), ratio: round(consoleFps.fps / bareFps.fps),
      devices: n, rate, consoleReceivedPerSec: Math.round(consoleReceivedPerSec), bareAppliedPerSec: Math.round(bareAppliedPerSec),
      windowMs, chromium, longestFrameMs: { console: consoleFps.longestMs, bare: bareFps.longestMs }, durationMs: Date.now() - started,
    };
  } finally {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 15_000))]).catch(() => undefined);
    await bare?.close().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
  }
}

/** Every 100 ms, `rate / 10` status rows into the event log; never overlapping itself. */
function driveUpdates(stack: ConsoleStack, rate: number): { stop(): Promise<void>; error(): Error | undefined } {
  const perTick = Math.max(1, Math.round(rate / 10));
  let busy: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let owed = 0;
  const timer = setInterval(() => {
    owed += perTick;
    busy = busy.then(async () => {
      if (owed === 0) return;
      const count = owed;
      owed = 0;
      await stack.publishUpdates(count);
    }).catch((err: Error) => {
      failure ??= err;
    });
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await busy;
    },
    error: () => failure,
  };
}

async function lastSseq(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __cityops: { lastSseq: number } }).__cityops.lastSseq);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function formatFpsResult(r: FpsBenchResult): string {
  return [
    `map fps: ${r.devices.toLocaleString('en')} devices, ${r.rate.toLocaleString('en')} status updates/s, ${r.windowMs / 1000} s window, Chromium ${r.chromium} (SwiftShader, no GPU)`,
    `  console ${r.console} fps (received ${r.consoleReceivedPerSec.toLocaleString('en')} updates/s over Socket.IO; longest frame ${r.longestFrameMs.console} ms)`,
    `  bare    ${r.bare} fps (applied ${r.bareAppliedPerSec.toLocaleString('en')} updates/s locally; longest frame ${r.longestFrameMs.bare} ms)`,
    `  ratio   ${r.ratio.toFixed(2)} (target ≥ 0.80)   [${(r.durationMs / 1000).toFixed(0)} s]`,
  ].join('\n');
}
