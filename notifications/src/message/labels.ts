import type { IncidentKind, Role, Severity } from '@cityops/contracts';

/**
 * The Vietnamese words a notification uses: the same as the console's (ops-console/web's
 * dictionary, which the server side cannot import), pinned equal by ./labels.test.ts.
 */
export const KIND_LABELS: Record<IncidentKind, string> = {
  fire_alarm: 'Báo cháy',
  fire_fault: 'Lỗi tủ báo cháy',
  fire_comm_trouble: 'Mất liên lạc tủ báo cháy',
  camera_offline: 'Camera mất kết nối',
  camera_tampered: 'Camera bị can thiệp',
  area_outage: 'Mất kết nối cả khu vực',
  queue_overload: 'Một cửa quá tải',
  qr_fraud: 'Nghi gian lận vé QR',
  transit_rejections: 'Nhiều lượt quét vé bị từ chối',
  reader_silent: 'Đầu đọc vé im lặng',
  hotline: 'Phản ánh đường dây nóng',
  hotline_deadline: 'Phản ánh sắp quá hạn',
  manual: 'Ghi nhận tại bàn điều phối',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Khẩn cấp',
  major: 'Nghiêm trọng',
  warning: 'Cảnh báo',
  info: 'Thông tin',
};

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Trực ban',
  dispatcher: 'Điều phối viên',
  supervisor: 'Giám sát viên',
  admin: 'Quản trị',
};
