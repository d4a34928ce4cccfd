import type { IncidentKind, Severity } from '@cityops/contracts';

/**
 * The kinds and severities a dispatcher picks from when opening an incident by hand, restated from
 * contracts' INCIDENT_KINDS and SEVERITIES (their values stay out of the bundle); incident-kinds.test.ts
 * pins them together. `manual` first: most incidents opened by hand fit no sensor's kind.
 */
export const INCIDENT_KIND_LIST = [
  'manual',
  'fire_alarm',
  'fire_fault',
  'fire_comm_trouble',
  'camera_offline',
  'camera_tampered',
  'area_outage',
  'queue_overload',
  'qr_fraud',
  'transit_rejections',
  'reader_silent',
  'hotline',
  'hotline_deadline',
] as const satisfies readonly IncidentKind[];

export const SEVERITY_LIST = ['critical', 'major', 'warning', 'info'] as const satisfies readonly Severity[];
