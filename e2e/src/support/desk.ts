import type { Locator, Page } from 'playwright-core';

/** The queue (desk) or wall item of one incident. */
export function itemById(page: Page, id: number): Locator {
  return page.locator(`[data-testid="incident-item"][data-incident-id="${id}"]`);
}

/** Waits until the item of incident `id` is listed, in `state` if given. */
export async function waitForItem(page: Page, id: number, timeoutMs: number, state?: string): Promise<void> {
  await page.waitForFunction(
    ({ id, state }) => {
      const el = document.querySelector<HTMLElement>(`[data-testid="incident-item"][data-incident-id="${id}"]`);
      return !!el && (!state || el.dataset.state === state);
    },
    { id, state },
    { polling: 100, timeout: timeoutMs },
  );
}

/** The id of the incident the desk has selected, or null. */
export function selectedId(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="incident-item"][data-selected="true"]');
    return el ? Number(el.dataset.incidentId) : null;
  });
}

/** Moves the desk's selection with `j` (↓ first) until incident `id` is selected, as an operator would. */
export async function selectWithKeyboard(page: Page, id: number, maxPresses = 50): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    const before = await selectedId(page);
    if (before === id) return;
    await page.keyboard.press(i === 0 ? 'ArrowDown' : 'j');
    // Wait for the selection to move (Svelte renders it on the next tick); at the end of the
    // queue it does not move, and the loop gives up after maxPresses.
    await page
      .waitForFunction(
        (prev) => {
          const el = document.querySelector<HTMLElement>('[data-testid="incident-item"][data-selected="true"]');
          return el ? Number(el.dataset.incidentId) !== prev : false;
        },
        before,
        { polling: 50, timeout: 5_000 },
      )
      .catch(() => undefined);
  }
  throw new Error(`could not select incident ${id} with the keyboard (selected: ${await selectedId(page)})`);
}

/** Every POST the page sends to the incidents API from now on (to prove a key did nothing). */
export function recordIncidentPosts(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/incidents/')) posts.push(new URL(r.url()).pathname);
  });
  return posts;
}

/** The computed font size of the first element matching `selector`, px. */
export function fontSizePx(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? Number.parseFloat(getComputedStyle(el).fontSize) : 0;
  }, selector);
}
