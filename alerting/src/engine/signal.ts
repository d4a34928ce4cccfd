import { ticketCategory, type Severity } from '@cityops/contracts';
import type { IncidentSignal } from '@cityops/db';
import type { AnyRule, EngineIncidentKind } from './rule.ts';
import type { Observation } from './observation.ts';
import type { AlertState } from './state.ts';
import { DEFAULT_CRITICAL_ESCALATION } from './default-rules.ts';

/** `IncidentSignal` of `@cityops/db`, widened to the incident kinds contracts does not list yet. */
export type EngineSignal = Omit<IncidentSignal, 'kind'> & { kind: EngineIncidentKind; data: Record<string, unknown> };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const coord = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const minutes = (sec: number) => Math.round(sec / 60);

/** Where the observation happened, as far as it says. */
function placeOf(o: Observation | null): { area: string | null; address: string | null; lat: number | null; lon: number | null; name: string | null } {
  const r = (o ?? {}) as Record<string, unknown>;
  return { area: str(r.area), address: str(r.address), lat: coord(r.lat), lon: coord(r.lon), name: str(r.name) };
}

/** Dispatcher-facing title in Vietnamese, like the first-cut fire rules (fire-rules.ts). */
function titleOf(kind: EngineIncidentKind, subject: string, o: Observation | null, label: string): string {
  switch (kind) {
    case 'fire_alarm':
      return `Báo cháy — ${label}${o?.type === 'fire.event' && o.zone ? ` (${o.zone})` : ''}`;
    case 'fire_fault':
      return `Sự cố tủ báo cháy — ${label}`;
    case 'fire_comm_trouble':
      return `Mất liên lạc tủ báo cháy — ${label}`;
    case 'camera_offline':
      return `Camera mất kết nối — ${label}`;
    case 'camera_tampered':
      return `Camera bị can thiệp — ${label}`;
    case 'area_outage':
      return o?.type === 'area.cameras'
        ? `Mất tín hiệu hàng loạt camera — khu vực ${subject} (${o.downIds.length}/${o.total})`
        : `Mất tín hiệu hàng loạt camera — khu vực ${subject}`;
    case 'queue_overload':
      return o?.type === 'queue.load'
        ? `Quá tải hàng chờ — ${label} (${o.waiting} người chờ, TB ${minutes(o.avgWaitSec)} phút)`
        : `Quá tải hàng chờ — ${label}`;
    case 'qr_fraud':
      return o?.type === 'transit.replay'
        ? `Nghi gian lận vé QR — một mã được chấp nhận hai lần (${o.first.deviceId}, ${o.second.deviceId})`
        : 'Nghi gian lận vé QR — một mã được chấp nhận hai lần';
    case 'transit_rejections':
      return o?.type === 'transit.rejections' && o.taps > 0
        ? `Tỷ lệ từ chối vé cao — đầu đọc ${label} (${Math.round((100 * o.rejected) / o.taps)}% trên ${o.taps} lượt)`
        : `Tỷ lệ từ chối vé cao — đầu đọc ${label}`;
    case 'reader_silent':
      return `Đầu đọc vé không hoạt động — ${label}`;
    case 'hotline':
      return o?.type === 'ticket'
        ? `Đường dây ${o.line} — ${ticketCategory(o.line, o.category)?.vi ?? o.category}${o.address ? `: ${o.address}` : ''}`
        : `Đường dây nóng — ${label}`;
    default:
      return `${kind} — ${label}`;
  }
}

function severityOf(rule: AnyRule, o: Observation | null): Severity {
  if (rule.kind === 'hotline' && o?.type === 'ticket') return rule.params.lines[o.line] ?? rule.severity;
  return rule.severity;
}

/** Facts a dispatcher may want on the timeline, per observation type. */
function dataOf(o: Observation | null): Record<string, unknown> {
  if (!o) return {};
  switch (o.type) {
    case 'fire.event':
      return { seq: o.seq, event: o.event, zone: o.zone, detector: o.detector };
    case 'device.status':
      return { status: o.status };
    case 'heartbeat':
      return { lastSeenAt: o.lastSeenAt === null ? null : new Date(o.lastSeenAt).toISOString() };
    case 'queue.load':
      return { waiting: o.waiting, serving: o.serving, countersOpen: o.countersOpen, avgWaitSec: o.avgWaitSec };
    case 'transit.replay':
      return { token: o.token, first: o.first, second: o.second };
    case 'transit.rejections':
      return { taps: o.taps, rejected: o.rejected };
    case 'area.cameras':
      return { total: o.total, down: o.downIds.length, cameraIds: o.downIds };
    case 'ticket':
      return { ticketId: o.id, line: o.line, category: o.category, state: o.state };
    default:
      return {};
  }
}

/**
 * The incident signal for a state. One dedup key per incident kind and subject, so two rules that
 * see one camera die (a reported offline, a missed heartbeat) feed one incident.
 */
export function buildSignal(rule: AnyRule, s: AlertState, at: number): EngineSignal {
  const o = s.last;
  const place = placeOf(o);
  const severity = severityOf(rule, o);
  const deviceBound = rule.deviceKind !== null && rule.kind !== 'area-outage' && rule.kind !== 'transit-replay';
  const deviceId = deviceBound ? s.subject : o?.type === 'transit.replay' ? o.second.deviceId : null;
  const label = place.address ?? place.name ?? s.subject;
  return {
    kind: rule.incidentKind,
    severity,
    dedupKey: `${rule.incidentKind}:${s.subject}`,
    title: titleOf(rule.incidentKind, s.subject, o, label),
    deviceId,
    area: rule.kind === 'area-outage' ? s.subject : place.area,
    address: place.address,
    lat: place.lat,
    lon: place.lon,
    at: new Date(at),
    data: { ruleId: rule.id, alertState: s.state, ...dataOf(o) },
    ruleId: rule.id,
    escalation: rule.escalation ?? (severity === 'critical' ? [...DEFAULT_CRITICAL_ESCALATION] : []),
  };
}
