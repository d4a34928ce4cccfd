/**
 * `window.__cityops`: a few numbers browser tests wait on instead of sleeping (e2e/). Harmless to
 * leave in production: it holds counts, never data.
 */
export interface CityopsTestHook {
  /** Devices on the map (DeviceIndex size). */
  devicesLoaded: number;
  /** The basemap style has loaded and the deck.gl overlay is attached. */
  mapReady: boolean;
  /** Highest Socket.IO `sseq` applied. */
  lastSseq: number;
}

declare global {
  interface Window {
    __cityops: CityopsTestHook;
  }
}

export function publishTestHook(patch: Partial<CityopsTestHook>): void {
  // Mutated in place so a reference a test took earlier stays current.
  window.__cityops ??= { devicesLoaded: 0, mapReady: false, lastSseq: 0 };
  Object.assign(window.__cityops, patch);
}
