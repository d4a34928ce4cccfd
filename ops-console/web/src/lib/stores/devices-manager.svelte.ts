import type { DeviceList, DeviceRegistryEvent, DeviceStatusEvent } from '@cityops/contracts';
import type { Api } from '../api/http.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { toMapDevice } from './device-index.ts';
import { DeviceMapView } from './device-map-view.svelte.ts';
import { loadSnapshot } from './snapshot-load.ts';

/**
 * The live device fleet for the map and header. Events land in a plain DeviceIndex at once (typed
 * arrays and cluster counts written in place); the reactive fields are published at most once per
 * animation frame, however many events arrived.
 */
export class DevicesManager extends DeviceMapView {
  counts = $state.raw<Record<string, number>>({});
  loaded = $state(false);
  error = $state<MessageKey | null>(null);

  readonly #api: Api;

  constructor(api: Api, frames: FrameScheduler) {
    super(frames, 'devices');
    this.#api = api;
  }

  /** GET /api/devices; live events that arrive meanwhile are kept over the snapshot. */
  async load(): Promise<void> {
    const ok = await loadSnapshot(this.index, async () => (await this.#api.get<DeviceList>('/api/devices')).items, 'devices');
    this.error = ok ? null : 'error.loadDevices';
    if (!ok) return;
    this.loaded = true;
    this.schedule();
  }

  applyStatus(e: DeviceStatusEvent): void {
    if (this.index.applyStatus(e) !== 'none') this.schedule();
  }

  /** The registry changed: a provisioned device appears with its name, a revoked one leaves the map. */
  applyRegistry(e: DeviceRegistryEvent): void {
    const changed = e.change === 'revoked' ? this.index.remove(e.device.id) : this.index.upsert(toMapDevice(e.device)) !== 'none';
    if (changed) this.schedule();
  }

  protected override publish(): void {
    super.publish();
    this.counts = { ...this.index.counts };
  }
}
