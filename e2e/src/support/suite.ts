import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startStack, type RunningStack, type StackOptions } from './stack.ts';

/**
 * What every browser suite does first: a stack and Chromium started side by side (both are slow).
 * If either fails, the other is stopped before the error is thrown, so nothing is left running.
 */
export async function startStackAndBrowser(opts?: StackOptions): Promise<{ stack: RunningStack; browser: Browser }> {
  const [s, b] = await Promise.allSettled([startStack(opts), launchBrowser()]);
  if (s.status === 'fulfilled' && b.status === 'fulfilled') return { stack: s.value, browser: b.value };
  if (s.status === 'fulfilled') await s.value.stop();
  if (b.status === 'fulfilled') await b.value.close().catch(() => undefined);
  throw s.status === 'rejected' ? s.reason : (b as PromiseRejectedResult).reason;
}

/** And last: the stack's output kept as an artifact, the browser closed (bounded: a hung GPU process must not hold CI), the stack stopped. */
export async function stopStackAndBrowser(stack: RunningStack | undefined, browser: Browser | undefined, logFile: string): Promise<void> {
  if (stack) writeFileSync(logFile, stack.output());
  await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 15_000))]).catch(() => undefined);
  await stack?.stop();
}
