import type { Device, ReplayDevice } from '@cityops/contracts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { DeviceIndex } from '../stores/device-index.ts';
import { DeviceMapView } from '../stores/device-map-view.svelte.ts';

/**
 * The replayed fleet, the same DeviceMapView as DevicesManager, so the map's existing layer builders
 * draw it unchanged (binary attributes, cluster grid, picking). A DeviceIndex of its own: the live
 * one keeps taking events in the background while this one shows the past.
 */
export class ReplayDevices extends DeviceMapView {
  constructor(frames: FrameScheduler) {
    super(frames, 'replay-devices');
  }

  /** Replaces the whole fleet (the snapshot, or after a seek removed devices created later). */
  load(devices: Iterable<ReplayDevice>): void {
    const list: Device[] = [];
    for (const d of devices) list.push({ ...d, lastSeenAt: null, revoked: false, createdAt: '' });
    // beginSnapshot: nothing applied earlier may survive a reload (a device created later must go).
    this.index.beginSnapshot();
    this.index.loadSnapshot(list);
    this.schedule();
  }

  /** Status (or position) changes of existing devices, and devices that appear (with their names); `at` is the replayed time. */
  apply(changed: Iterable<ReplayDevice>, at: string): void {
    let any = false;
    for (const d of changed) any = this.index.upsert({ ...d, lastSeenAt: at }) !== 'none' || any;
    if (any) this.schedule();
  }

  /** Frees the arrays when going back to live. */
  clear(): void {
    const filter = this.index.filter;
    this.index = new DeviceIndex();
    this.index.setFilter(filter);
    this.publish();
  }
}
