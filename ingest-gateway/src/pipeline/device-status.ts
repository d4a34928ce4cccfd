import type { DeviceStatus, Telemetry } from '@cityops/contracts';

/** Queue load at which an office shows as overloaded on the map (alerting has its own rules). */
export const QUEUE_OVERLOAD_WAITING = 40;
export const QUEUE_OVERLOAD_WAIT_SEC = 45 * 60;

/**
 * The map status a message implies, or null when it only proves the device is alive (a fire-panel
 * heartbeat must not clear an alarm: only `restore` does).
 */
export function deriveStatus(m: Telemetry): DeviceStatus | null {
  switch (m.kind) {
    case 'camera':
      return m.payload.status;
    case 'fire':
      switch (m.payload.event) {
        case 'alarm':
          return 'alarm';
        case 'fault':
        case 'supervisory':
          return 'fault';
        case 'restore':
          return 'normal';
        default:
          return null;
      }
    case 'transit':
      return 'online';
    case 'queue':
      return m.payload.waiting >= QUEUE_OVERLOAD_WAITING || m.payload.avgWaitSec >= QUEUE_OVERLOAD_WAIT_SEC ? 'overloaded' : 'normal';
  }
}
