import type { Logger } from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn, waitForMap } from '@cityops/e2e';
import { serveBarePage, type BarePage } from './bare-page.ts';
import { startConsoleStack, type ConsoleStack } from './console-stack.ts';
import { installDrawProbe, measureFps, type FrameCount } from './measure.ts';

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
  /**
   * Frames per second that drew the map: a frame with nothing new costs the console next to nothing,
   * so counting every requestAnimationFrame would reward it for updating the map less often.
   */
  console: number;
  /** The same for the bare page (which draws every frame): mean of its runs before and after the console. */
  bare: number;
  bareRuns: [number, number];
  /** console / bare (target ≥ 0.8). */
  ratio: number;
  /** requestAnimationFrame callbacks per second, drawn or not. */
  rafFps: { console: number; bare: number };
  devices: number;
  rate: number;
  /** Updates the console page received per second (`device:status` sseq advance), from the real path. */
  consoleReceivedPerSec: number;
  /** Updates written per second during the console window. */
  sentPerSec: number;
  /**
   * Events logged but not yet applied by the console at the start and the end of its window: a
   * console that keeps up stays about a frame or two behind; one that does not falls further back.
   */
  consoleBehind: { start: number; end: number };
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
 * only the ratio means anything). Fairness: both pages get the same viewport and browser flags, and
 * the update stream is written to the console's event log throughout, so the machine carries the
 * same database and server load while either page is measured; the bare page is measured before and
 * after the console and averaged, so load that drifts (other work on the machine) does not favour
 * either. Starts and stops everything itself; about 2 min at the defaults.
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
  let driver: ReturnType<typeof driveUpdates> | undefined;
  try {
    step(`building the bare page, starting the console with ${n.toLocaleString('en')} devices, launching Chromium`);
    [bare, stack, browser] = await Promise.all([serveBarePage(), startConsoleStack(n, log), launchBrowser()]);
    const chromium = browser.version();
    driver = driveUpdates(stack, rate);

    step('bare deck.gl page');
    const bare1 = await measureBare(browser, bare.url, n, rate, warmupMs, windowMs);

    step('console (sign in, load the fleet)');
    const s = await signIn(browser, stack.consoleUrl, stack.username, stack.password, installDrawProbe);
    await s.page.setViewportSize(VIEWPORT);
    const hook = await waitForMap(s.page, n, 180_000);
    if (hook.devicesLoaded !== n) throw new Error(`console loaded ${hook.devicesLoaded} devices, expected ${n}`);
    step(`console at ${rate}/s updates`);
    await s.page.waitForTimeout(1_000);
    await s.page.waitForTimeout(warmupMs);
    const sseq0 = await lastSseq(s.page);
    const behindStart = Math.max(0, (await stack.latestSseq()) - sseq0);
    const sent0 = driver.sent();
    const t0 = Date.now();
    const consoleFps = await measureFps(s.page, 0, windowMs);
    const elapsed = Date.now() - t0;
    const sseq1 = await lastSseq(s.page);
    const consoleReceivedPerSec = ((sseq1 - sseq0) * 1000) / elapsed;
    const sentPerSec = ((driver.sent() - sent0) * 1000) / elapsed;
    const consoleBehind = { start: behindStart, end: Math.max(0, (await stack.latestSseq()) - sseq1) };
    await s.context.close();

    step('bare deck.gl page again');
    const bare2 = await measureBare(browser, bare.url, n, rate, warmupMs, windowMs);
    await driver.stop();
    if (driver.error()) throw driver.error();

    const bareDraws = (bare1.fps.drawsPerSec + bare2.fps.drawsPerSec) / 2;
    return {
      console: round(consoleFps.drawsPerSec),
      bare: round(bareDraws),
      bareRuns: [round(bare1.fps.drawsPerSec), round(bare2.fps.drawsPerSec)],
      ratio: round(consoleFps.drawsPerSec / bareDraws),
      rafFps: { console: round(consoleFps.fps), bare: round((bare1.fps.fps + bare2.fps.fps) / 2) },
      devices: n,
      rate,
      consoleReceivedPerSec: Math.round(consoleReceivedPerSec),
      sentPerSec: Math.round(sentPerSec),
      consoleBehind,
      bareAppliedPerSec: Math.round((bare1.appliedPerSec + bare2.appliedPerSec) / 2),
      windowMs,
      chromium,
      longestFrameMs: { console: consoleFps.longestMs, bare: Math.max(bare1.fps.longestMs, bare2.fps.longestMs) },
      durationMs: Date.now() - started,
    };
  } finally {
    await driver?.stop().catch(() => undefined);
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 15_000))]).catch(() => undefined);
    await bare?.close().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
  }
}

type BareHook = { __bare?: { ready: boolean; applied: () => number } };

/** The bare page in a fresh context of the same size: its fps and the updates it applied per second. */
async function measureBare(
  browser: Browser,
  url: string,
  n: number,
  rate: number,
  warmupMs: number,
  windowMs: number,
): Promise<{ fps: FrameCount; appliedPerSec: number }> {
  const context: BrowserContext = await browser.newContext({ viewport: VIEWPORT });
  try {
    await installDrawProbe(context);
    const page = await context.newPage();
    await page.goto(`${url}?n=${n}&rate=${rate}`);
    await page.waitForFunction(() => (window as unknown as BareHook).__bare?.ready === true, null, { timeout: 120_000, polling: 250 });
    const applied = () => page.evaluate(() => (window as unknown as Required<BareHook>).__bare.applied());
    const applied0 = await applied();
    const t0 = Date.now();
    const fps = await measureFps(page, warmupMs, windowMs);
    return { fps, appliedPerSec: (((await applied()) - applied0) * 1000) / (Date.now() - t0) };
  } finally {
    await context.close();
  }
}

/** Every 100 ms, `rate / 10` status rows into the event log; never overlapping itself. */
function driveUpdates(stack: ConsoleStack, rate: number): { stop(): Promise<void>; error(): Error | undefined; sent(): number } {
  const perTick = Math.max(1, Math.round(rate / 10));
  let busy: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let owed = 0;
  let sent = 0;
  const timer = setInterval(() => {
    owed += perTick;
    busy = busy
      .then(async () => {
        if (owed === 0) return;
        const count = owed;
        owed = 0;
        await stack.publishUpdates(count);
        sent += count;
      })
      .catch((err: Error) => {
        failure ??= err;
      });
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await busy;
    },
    error: () => failure,
    sent: () => sent,
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
    `map fps: ${r.devices.toLocaleString('en')} devices, ${r.rate.toLocaleString('en')} status updates/s` +
      `, ${r.windowMs / 1000} s window, Chromium ${r.chromium} (SwiftShader, no GPU)`,
    `  console ${r.console} fps drawn, ${r.rafFps.console} animation frames/s (received ${r.consoleReceivedPerSec.toLocaleString('en')} of` +
      ` ${r.sentPerSec.toLocaleString('en')}` +
      ` updates/s sent, over Socket.IO; behind by ${r.consoleBehind.start.toLocaleString('en')} at the start of the window,` +
      ` ${r.consoleBehind.end.toLocaleString('en')} at its end; longest frame ${r.longestFrameMs.console} ms)`,
    `  bare    ${r.bare} fps drawn, ${r.rafFps.bare} animation frames/s (runs before/after the console: ${r.bareRuns.join(' / ')}` +
      `; applied ${r.bareAppliedPerSec.toLocaleString('en')} updates/s locally; longest frame ${r.longestFrameMs.bare} ms)`,
    `  ratio   ${r.ratio.toFixed(2)} (target ≥ 0.80)   [${(r.durationMs / 1000).toFixed(0)} s]`,
  ].join('\n');
}
