import type { StoredTelemetry } from '@cityops/db';

/** The payload every scenario sends: a camera heartbeat with all optional fields. */
export function cameraPayload(seq: number, ts: number) {
  return { ts, seq, status: 'online' as const, fps: 25, bitrateKbps: 4096, recording: true, storageFreePct: 61.5 };
}

/** The same messages as validated rows, for the database-only scenarios. */
export function cameraRows(deviceId: string, n: number, baseTs: number, area: string): StoredTelemetry[] {
  return Array.from({ length: n }, (_, seq) => ({ kind: 'camera', deviceId, seq, tsMs: baseTs + seq, payload: cameraPayload(seq, baseTs + seq), area }));
}

/** COPY text format of camera_status rows (ts, device_id, seq, area, status, fps, bitrate_kbps, recording, storage_free_pct). */
export function copyText(rows: readonly StoredTelemetry[]): string {
  let out = '';
  for (const r of rows) {
    if (r.kind !== 'camera') continue;
    const p = r.payload;
    out +=
      `${new Date(r.tsMs).toISOString()}\t${r.deviceId}\t${r.seq}\t${r.area ?? '\\N'}\t${p.status}` +
      `\t${p.fps ?? '\\N'}\t${p.bitrateKbps ?? '\\N'}\t${p.recording === undefined ? '\\N' : p.recording ? 't' : 'f'}\t${p.storageFreePct ?? '\\N'}\n`;
  }
  return out;
}
