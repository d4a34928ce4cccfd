import type { BrowserContext, Page } from 'playwright-core';

/**
 * Installed in both pages before their scripts run: notes that a WebGL draw call happened. A page
 * may skip redrawing when nothing changed, and such a frame costs next to nothing, so frames per
 * second alone would flatter a page that redraws less often; the count of frames that drew tells.
 * Wrapping costs one store per draw call, the same on both pages.
 */
const DRAW_PROBE = `(() => {
  const P = WebGL2RenderingContext.prototype;
  for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
    const orig = P[name];
    P[name] = function (...args) { window.__fpsDrew = true; return orig.apply(this, args); };
  }
})();`;

export async function installDrawProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(DRAW_PROBE);
}

/**
 * Counts requestAnimationFrame callbacks for `ms`, and those after which something was drawn. Kept
 * as source text: tsx (esbuild keepNames) would wrap inner functions of a compiled callback in a
 * `__name` helper the page does not have.
 */
const COUNT_FRAMES = `(ms) => new Promise((resolve) => {
  let frames = 0, drawn = 0, longest = 0, prev = 0, start = 0;
  function tick(now) {
    if (start === 0) { start = now; prev = now; window.__fpsDrew = false; }
    else {
      frames++;
      if (window.__fpsDrew) drawn++;
      window.__fpsDrew = false;
      longest = Math.max(longest, now - prev);
      prev = now;
    }
    if (now - start < ms) requestAnimationFrame(tick);
    else resolve({ fps: (frames * 1000) / (now - start), drawsPerSec: (drawn * 1000) / (now - start), frames, longestMs: Math.round(longest) });
  }
  requestAnimationFrame(tick);
})`;

export interface FrameCount {
  /** requestAnimationFrame callbacks per second: what the eye gets, changed or not. */
  fps: number;
  /** Frames per second in which the page issued WebGL draw calls (needs installDrawProbe). */
  drawsPerSec: number;
  frames: number;
  longestMs: number;
}

/**
 * Frames per second of a page: requestAnimationFrame callbacks counted over `windowMs` after
 * `warmupMs`. A frame that takes long to draw delays the next callback, so this is what the eye gets.
 */
export async function measureFps(page: Page, warmupMs: number, windowMs: number): Promise<FrameCount> {
  await page.waitForTimeout(warmupMs);
  return page.evaluate(`(${COUNT_FRAMES})(${Number(windowMs)})`) as Promise<FrameCount>;
}
