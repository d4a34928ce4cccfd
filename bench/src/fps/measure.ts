import type { Page } from 'playwright-core';

/**
 * Counts requestAnimationFrame callbacks for `ms`. Kept as source text: tsx (esbuild keepNames)
 * would wrap inner functions of a compiled callback in a `__name` helper the page does not have.
 */
const COUNT_FRAMES = `(ms) => new Promise((resolve) => {
  let frames = 0, longest = 0, prev = 0, start = 0;
  function tick(now) {
    if (start === 0) { start = now; prev = now; }
    else { frames++; longest = Math.max(longest, now - prev); prev = now; }
    if (now - start < ms) requestAnimationFrame(tick);
    else resolve({ fps: (frames * 1000) / (now - start), frames, longestMs: Math.round(longest) });
  }
  requestAnimationFrame(tick);
})`;

/**
 * Frames per second of a page: requestAnimationFrame callbacks counted over `windowMs` after
 * `warmupMs`. A frame that takes long to draw delays the next callback, so this is what the eye gets.
 */
export async function measureFps(page: Page, warmupMs: number, windowMs: number): Promise<{ fps: number; frames: number; longestMs: number }> {
  await page.waitForTimeout(warmupMs);
  return page.evaluate(`(${COUNT_FRAMES})(${Number(windowMs)})`) as Promise<{ fps: number; frames: number; longestMs: number }>;
}
