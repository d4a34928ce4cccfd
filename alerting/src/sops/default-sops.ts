import type { IncidentKind, SopItem } from '@cityops/contracts';

/**
 * The procedures cityops ships, per incident kind: sample operating practice for a Vietnamese city
 * operations centre, to be replaced by each centre's own (PUT /api/sops/{kind}). Kinds not listed
 * have no checklist until a supervisor writes one.
 */
export const DEFAULT_SOPS: Readonly<Partial<Record<IncidentKind, readonly SopItem[]>>> = {
  fire_alarm: [
    { id: 'confirm', text: 'Xác minh: xem camera gần nhất hoặc gọi người liên hệ của tòa nhà', required: true },
    { id: 'call-114', text: 'Báo 114 (bàn giao kèm thông tin tòa nhà) nếu cháy thật hoặc chưa xác minh được', required: true },
    { id: 'notify-building', text: 'Báo người liên hệ / ban quản lý tòa nhà', required: true },
    { id: 'evacuation', text: 'Nhắc hướng dẫn thoát nạn, không dùng thang máy', required: false },
    { id: 'outcome', text: 'Ghi kết quả: cháy thật, báo nhầm hay lỗi thiết bị', required: false },
  ],
  fire_fault: [
    { id: 'notify-building', text: 'Báo ban quản lý tòa nhà kiểm tra tủ báo cháy', required: true },
    { id: 'followup', text: 'Hẹn thời gian khắc phục và theo dõi', required: false },
  ],
  hotline: [
    { id: 'caller', text: 'Xác nhận địa điểm và số gọi lại của người báo', required: true },
    { id: 'agency', text: 'Chuyển lực lượng đường dây (113/114/115) và ghi người nhận', required: true },
  ],
  camera_tampered: [
    { id: 'review', text: 'Xem lại hình ảnh trước khi camera bị can thiệp', required: true },
    { id: 'police', text: 'Báo công an phường nếu có dấu hiệu phá hoại', required: false },
  ],
  queue_overload: [{ id: 'office', text: 'Gọi bộ phận một cửa đề nghị mở thêm quầy', required: true }],
};
