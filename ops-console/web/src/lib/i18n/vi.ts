import type { DeviceKind, DeviceStatus, HttpErrorCode, IncidentState, Role, Severity } from '@cityops/contracts';

/** Keys that name a value of a contract enum: tsc fails here if contracts add one we do not name. */
type EnumKeys =
  | `status.${DeviceStatus}`
  | `severity.${Severity}`
  | `state.${IncidentState}`
  | `role.${Role}`
  | `kind.${DeviceKind}`
  | `problem.${HttpErrorCode}`;

/**
 * Vietnamese: the operators' language and the default. `en.ts` has exactly these keys (tsc and
 * dictionaries.test.ts). `{name}` is a placeholder filled by `translate`.
 */
export const vi = {
  'app.product': 'Trung tâm điều hành',
  'app.loadingMap': 'Đang tải bản đồ…',
  'app.loadFailed': 'Không tải được giao diện — {error}',
  'locale.choose': 'Ngôn ngữ giao diện',

  'login.subtitle': 'Đăng nhập để vào bản đồ vận hành',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.submitting': 'Đang đăng nhập…',

  'header.signedInAs': 'Tài khoản đang đăng nhập',
  'header.logout': 'Đăng xuất',
  'header.devices': 'Thiết bị',
  'header.devicesLoaded': 'Số thiết bị trên bản đồ',
  'header.devicesByStatus': 'Thiết bị theo trạng thái',

  'link.live': 'Trực tiếp',
  'link.reconnecting': 'Đang kết nối lại',
  'link.stale': 'Dữ liệu cũ',
  'link.live.hint': 'Kết nối thời gian thực đang hoạt động',
  'link.reconnecting.hint': 'Mất kết nối thời gian thực, đang thử lại',
  'link.stale.hint': 'Không có kết nối thời gian thực: bản đồ có thể chưa cập nhật',

  'incidents.title': 'Sự cố đang xử lý',
  'incidents.empty': 'Không có sự cố',
  'incidents.loading': 'Đang tải…',
  'incidents.showOnMap': 'Hiện trên bản đồ',
  'incidents.occurrences': 'Số lần xảy ra',
  'incidents.ack': 'Xác nhận',
  'incidents.acking': 'Đang gửi…',
  'incidents.ackConflict': 'Đã được xác nhận — {detail}',
  'incidents.ackConflictBy': 'Đã được {by} xác nhận',

  'kpi.title': 'Chỉ số vận hành',
  'kpi.updatedAt': 'Cập nhật lúc {time}',
  'kpi.waiting': 'Đang chờ số liệu',
  'kpi.cameras': 'Camera trực tuyến',
  'kpi.cameras.hint': 'Tỷ lệ camera đang trực tuyến trên tổng số camera đã đăng ký',
  'kpi.incidents': 'Sự cố đang xử lý',
  'kpi.incidents.hint': 'Sự cố mới, đã xác nhận và đã điều phối, theo mức độ',
  'kpi.mtta': 'Thời gian xác nhận TB',
  'kpi.mtta.hint': 'Thời gian trung bình từ khi sự cố mở đến khi được xác nhận (sự cố mở trong 24 giờ qua)',
  'kpi.qrTaps': 'Lượt quét QR / phút',
  'kpi.qrTaps.hint': 'Lượt quét vé QR giao thông công cộng trong phút vừa qua',
  'kpi.queueWaiting': 'Một cửa: đang chờ',
  'kpi.queueWaiting.hint': 'Người dân đang chờ tại các bộ phận một cửa (báo cáo mới nhất của mỗi điểm, 15 phút qua)',
  'kpi.queueP90': 'Một cửa: chờ p90',
  'kpi.queueP90.hint': 'Phân vị 90 thời gian chờ trung bình của các điểm một cửa',
  'kpi.hotline': 'Đường dây nóng đúng hạn',
  'kpi.hotline.hint': 'Tỷ lệ phản ánh qua đường dây nóng được xử lý trong hạn',
  'kpi.ingest': 'Tin nhận / giây',
  'kpi.ingest.hint': 'Tin MQTT từ thiết bị được tiếp nhận mỗi giây',
  'unit.people': 'người',
  'unit.minutes': 'phút',
  'unit.perSecond': 'tin/s',

  'status.online': 'Trực tuyến',
  'status.normal': 'Bình thường',
  'status.degraded': 'Suy giảm',
  'status.offline': 'Mất kết nối',
  'status.tampered': 'Bị can thiệp',
  'status.fault': 'Lỗi',
  'status.alarm': 'Báo động',
  'status.overloaded': 'Quá tải',
  'status.unknown': 'Chưa rõ',

  'severity.critical': 'Khẩn cấp',
  'severity.major': 'Nghiêm trọng',
  'severity.warning': 'Cảnh báo',
  'severity.info': 'Thông tin',

  'state.open': 'Mới',
  'state.acknowledged': 'Đã xác nhận',
  'state.dispatched': 'Đã điều phối',
  'state.resolved': 'Đã xử lý',
  'state.closed': 'Đã đóng',

  'role.viewer': 'Trực ban',
  'role.dispatcher': 'Điều phối viên',
  'role.supervisor': 'Giám sát viên',
  'role.admin': 'Quản trị',

  'kind.camera': 'Camera',
  'kind.fire': 'Tủ báo cháy',
  'kind.transit': 'Đầu đọc vé',
  'kind.queue': 'Máy xếp hàng một cửa',

  'error.loadDevices': 'Không tải được danh sách thiết bị',
  'error.loadIncidents': 'Không tải được danh sách sự cố',
  'error.network': 'Không kết nối được máy chủ',
  'error.unavailable': 'Máy chủ điều hành không phản hồi (HTTP {status})',
  'error.expired': 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại',
  'error.retry': 'Thử lại',

  'problem.CITYOPS_AUTH_REQUIRED': 'Cần đăng nhập',
  'problem.CITYOPS_AUTH_INVALID_CREDENTIALS': 'Sai tên đăng nhập hoặc mật khẩu',
  'problem.CITYOPS_AUTH_FORBIDDEN': 'Vai trò của bạn không được phép thực hiện thao tác này',
  'problem.CITYOPS_REQUEST_INVALID': 'Yêu cầu không hợp lệ',
  'problem.CITYOPS_NOT_FOUND': 'Không tìm thấy',
  'problem.CITYOPS_DEVICE_NOT_FOUND': 'Không tìm thấy thiết bị',
  'problem.CITYOPS_DEVICE_EXISTS': 'Mã thiết bị này đã tồn tại',
  'problem.CITYOPS_USER_EXISTS': 'Tên người dùng này đã tồn tại',
  'problem.CITYOPS_USER_NOT_FOUND': 'Không tìm thấy người dùng',
  'problem.CITYOPS_INCIDENT_NOT_FOUND': 'Không tìm thấy sự cố',
  'problem.CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED': 'Sự cố đã được người khác xác nhận',
  'problem.CITYOPS_INCIDENT_ALREADY_RESOLVED': 'Sự cố đã được xử lý',
  'problem.CITYOPS_TICKET_NOT_FOUND': 'Không tìm thấy phản ánh',
  'problem.CITYOPS_RATE_LIMITED': 'Thử quá nhiều lần; vui lòng chờ rồi thử lại',
  'problem.CITYOPS_DEPENDENCY_UNAVAILABLE': 'Không kết nối được cơ sở dữ liệu hoặc broker',
  'problem.CITYOPS_INTERNAL': 'Lỗi hệ thống',
} as const satisfies Record<EnumKeys, string> & Record<string, string>;

export type MessageKey = keyof typeof vi;
