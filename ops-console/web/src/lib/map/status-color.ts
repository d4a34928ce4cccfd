import type { DeviceStatus, Severity } from '@cityops/contracts';

/** RGBA, 0–255 each: the form deck.gl accessors expect. */
export type Rgba = [number, number, number, number];

/**
 * One colour per live device status. Pairs that mean the same to an operator share a colour
 * (online/normal = fine, tampered/fault = needs a technician), so the wall reads at a glance.
 */
const STATUS_COLORS: Record<DeviceStatus, Rgba> = {
  online: [46, 204, 113, 255],
  normal: [46, 204, 113, 255],
  degraded: [241, 196, 15, 255],
  offline: [127, 140, 141, 255],
  tampered: [230, 126, 34, 255],
  fault: [230, 126, 34, 255],
  alarm: [231, 76, 60, 255],
  overloaded: [155, 89, 182, 255],
  unknown: [84, 110, 160, 200],
};

/** A status from a newer server than this build falls back to `unknown` instead of throwing. */
export function statusColor(status: string): Rgba {
  return STATUS_COLORS[status as DeviceStatus] ?? STATUS_COLORS.unknown;
}

/** The order of the status legend in the header: what needs action first. */
export const STATUS_ORDER: readonly DeviceStatus[] = ['alarm', 'tampered', 'fault', 'overloaded', 'degraded', 'offline', 'online', 'normal', 'unknown'];

const SEVERITY_COLORS: Record<Severity, Rgba> = {
  critical: [255, 59, 48, 255],
  major: [255, 149, 0, 255],
  warning: [255, 204, 0, 255],
  info: [90, 200, 250, 255],
};

export function severityColor(severity: string): Rgba {
  return SEVERITY_COLORS[severity as Severity] ?? SEVERITY_COLORS.info;
}

/** The same colours for HTML (legend, badges), so map and panel never disagree. */
export function cssColor([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${Math.round((a / 255) * 100) / 100})`;
}
