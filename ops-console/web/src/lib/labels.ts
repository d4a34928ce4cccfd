import type { DeviceStatus, IncidentState, Role, Severity } from '@cityops/contracts';

/** Vietnamese first for the operators; English goes in `title` or secondary text. */
export interface Label {
  vi: string;
  en: string;
}

export const STATUS_LABELS: Record<DeviceStatus, Label> = {
  online: { vi: 'Trực tuyến', en: 'online' },
  normal: { vi: 'Bình thường', en: 'normal' },
  degraded: { vi: 'Suy giảm', en: 'degraded' },
  offline: { vi: 'Mất kết nối', en: 'offline' },
  tampered: { vi: 'Bị can thiệp', en: 'tampered' },
  fault: { vi: 'Lỗi', en: 'fault' },
  alarm: { vi: 'Báo động', en: 'alarm' },
  overloaded: { vi: 'Quá tải', en: 'overloaded' },
  unknown: { vi: 'Chưa rõ', en: 'unknown' },
};

export const SEVERITY_LABELS: Record<Severity, Label> = {
  critical: { vi: 'Khẩn cấp', en: 'critical' },
  major: { vi: 'Nghiêm trọng', en: 'major' },
  warning: { vi: 'Cảnh báo', en: 'warning' },
  info: { vi: 'Thông tin', en: 'info' },
};

export const STATE_LABELS: Record<IncidentState, Label> = {
  open: { vi: 'Mới', en: 'open' },
  acknowledged: { vi: 'Đã xác nhận', en: 'acknowledged' },
  dispatched: { vi: 'Đã điều phối', en: 'dispatched' },
  resolved: { vi: 'Đã xử lý', en: 'resolved' },
  closed: { vi: 'Đã đóng', en: 'closed' },
};

export const ROLE_LABELS: Record<Role, Label> = {
  viewer: { vi: 'Trực ban', en: 'viewer' },
  dispatcher: { vi: 'Điều phối viên', en: 'dispatcher' },
  supervisor: { vi: 'Giám sát viên', en: 'supervisor' },
  admin: { vi: 'Quản trị', en: 'admin' },
};

/** The order of status chips in the header: what needs action first. */
export const STATUS_ORDER: readonly DeviceStatus[] = ['alarm', 'tampered', 'fault', 'overloaded', 'degraded', 'offline', 'online', 'normal', 'unknown'];

function pick<K extends string>(table: Record<K, Label>, key: string): string {
  return table[key as K]?.vi ?? key;
}

export const statusLabel = (s: string): string => pick(STATUS_LABELS, s);
export const severityLabel = (s: string): string => pick(SEVERITY_LABELS, s);
export const stateLabel = (s: string): string => pick(STATE_LABELS, s);
export const roleLabel = (r: string): string => pick(ROLE_LABELS, r);
