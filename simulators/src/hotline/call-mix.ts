import type { Hotline } from '@cityops/contracts';

/**
 * What callers report, per line: category weights and a few sample descriptions (invented, in the
 * words a caller would use). Categories are the contract's (TICKET_CATEGORIES); weights are a sample.
 */
export interface CategoryMix {
  code: string;
  weight: number;
  descriptions: readonly string[];
}

export const CALL_MIX: Readonly<Record<Hotline, readonly CategoryMix[]>> = {
  '1022': [
    {
      code: 'infrastructure',
      weight: 25,
      descriptions: ['Ổ gà lớn giữa đường, xe máy dễ ngã', 'Đèn đường không sáng cả đoạn phố', 'Nắp cống bị vỡ trên vỉa hè'],
    },
    { code: 'environment', weight: 30, descriptions: ['Rác thải ùn ứ nhiều ngày chưa thu gom', 'Đường ngập sâu sau mưa', 'Tiếng ồn karaoke sau 22 giờ'] },
    { code: 'traffic', weight: 15, descriptions: ['Đèn tín hiệu giao thông hỏng ở ngã tư', 'Ùn tắc kéo dài, không có người phân luồng'] },
    { code: 'public_order', weight: 15, descriptions: ['Hàng quán lấn chiếm vỉa hè', 'Công trình xây dựng không che chắn'] },
    { code: 'administrative', weight: 10, descriptions: ['Hồ sơ đất đai trễ hẹn trả kết quả', 'Xếp hàng lâu ở bộ phận một cửa phường'] },
    { code: 'other', weight: 5, descriptions: ['Đề nghị bổ sung cây xanh cho tuyến phố'] },
  ],
  '113': [
    { code: 'crime', weight: 40, descriptions: ['Phát hiện trộm xe máy', 'Bị giật túi xách trên phố'] },
    { code: 'public_disorder', weight: 35, descriptions: ['Nhóm thanh niên đánh nhau trước quán'] },
    { code: 'traffic_accident', weight: 25, descriptions: ['Va chạm giữa ô tô và xe máy, cần phân luồng'] },
  ],
  '114': [
    { code: 'fire', weight: 60, descriptions: ['Cháy nhà dân, khói bốc cao', 'Cháy tủ điện trên cột'] },
    { code: 'rescue', weight: 30, descriptions: ['Người mắc kẹt trong thang máy'] },
    { code: 'hazmat', weight: 10, descriptions: ['Ngửi thấy mùi gas rò rỉ trong ngõ'] },
  ],
  '115': [
    { code: 'medical', weight: 70, descriptions: ['Người già bất tỉnh tại nhà', 'Đau ngực dữ dội, khó thở'] },
    { code: 'injury', weight: 30, descriptions: ['Tai nạn giao thông, một người bị thương ở chân'] },
  ],
};

/** Share of 1022 calls that report what another caller reported nearby shortly before (sample). */
export const REPEAT_SHARE = 0.12;
