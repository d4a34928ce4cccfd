import type { DeviceList, DeviceStatusEvent } from '@cityops/contracts';
import type { Api } from '../api/http.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { DeviceIndex, type MapDevice } from './device-index.ts';
import { loadSnapshot } from './snapshot-load.ts';

/**
 * The live device fleet for the map and header. Events land in a plain DeviceIndex at once;
 * the reactive fields below are published at most once per animation frame.
 */
export class DevicesManager {
  points = $state.raw<MapDevice[]>([]);
  statusVersion = $state(0);
  positionVersion = $state(0);
  counts = $state.raw<Record<string, number>>({});
  total = $state(0);
  loaded = $state(false);
  error = $state<MessageKey | null>(null);

  readonly #index = new DeviceIndex();
  readonly #api: Api;
  readonly #frames: FrameScheduler;

  constructor(api: Api, frames: FrameScheduler) {
    this.#api = api;
    this.#frames = frames;
  }

  /** GET /api/devices; live events that arrive meanwhile are kept over the snapshot. */
  async load(): Promise<void> {
    const ok = await loadSnapshot(this.#index, async () => (await this.#api.get<DeviceList>('/api/devices')).items, 'devices');
    this.error = ok ? null : 'error.loadDevices';
    if (!ok) return;
    this.loaded = true;
    this.#schedule();
  }

  applyStatus(e: DeviceStatusEvent): void {
    if (this.#index.applyStatus(e) !== 'none') this.#schedule();
  }

  #schedule(): void {
    this.#frames.schedule('devices', () => this.#publish());
  }

  #publish(): void {
    const idx = this.#index;
    this.points = idx.points();
    this.statusVersion = idx.statusVersion;
    this.positionVersion = idx.positionVersion;
    this.counts = { ...idx.counts };
    this.total = idx.size;
  }
}
