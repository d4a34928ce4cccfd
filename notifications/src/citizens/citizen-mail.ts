import type { CitizenMilestone, PublicReportStatus } from '@cityops/contracts';

/** The page a citizen follows their report on: public, found only by its token. */
export const statusPageUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/status/${encodeURIComponent(token)}`;

/** A time as a Vietnamese reader expects it, in the center's clock: "08:05 ngày 21/11/2026". */
export function vietnamTime(iso: string, utcOffsetMinutes: number): string {
  const d = new Date(Date.parse(iso) + utcOffsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ngày ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export interface CitizenMailFacts {
  milestone: CitizenMilestone;
  /** When the report reached it. */
  at: string;
  /** The unit it was forwarded to, as the milestone's event named it. */
  unit: string | null;
  status: PublicReportStatus;
  statusUrl: string;
  utcOffsetMinutes: number;
}

const SUBJECTS: Record<CitizenMilestone, (id: number, unit: string | null) => string> = {
  forwarded: (id, unit) => `Phản ánh số ${id} đã được chuyển đến ${unit ?? 'đơn vị xử lý'}`,
  answered: (id) => `Phản ánh số ${id} đã được trả lời`,
  closed: (id) => `Phản ánh số ${id} đã hoàn tất`,
};

/**
 * The e-mail a citizen gets about their report: what happened, when, the unit's answer once there is
 * one, and the status page link. It says nothing the status page does not: whoever reads a
 * forwarded mail learns no more about anyone than the page shows.
 */
export function citizenMail(f: CitizenMailFacts): { subject: string; text: string } {
  const id = f.status.ticketId;
  const when = vietnamTime(f.at, f.utcOffsetMinutes);
  const what: Record<CitizenMilestone, string[]> = {
    forwarded: [
      `Phản ánh số ${id} (${f.status.category}) của quý vị đã được chuyển đến ${f.unit ?? 'đơn vị xử lý'} lúc ${when}.`,
      ...(f.status.answerDueAt ? [`Thành phố hẹn trả lời trước ${vietnamTime(f.status.answerDueAt, f.utcOffsetMinutes)}.`] : []),
    ],
    answered: [
      `Phản ánh số ${id} (${f.status.category}) của quý vị đã được ${f.unit ?? 'đơn vị xử lý'} trả lời lúc ${when}.`,
      ...(f.status.answer ? ['', 'Nội dung trả lời:', f.status.answer] : []),
    ],
    closed: [`Phản ánh số ${id} (${f.status.category}) của quý vị đã hoàn tất lúc ${when}. Cảm ơn quý vị đã phản ánh.`],
  };
  const text = [
    'Kính gửi quý công dân,',
    '',
    ...what[f.milestone],
    '',
    `Theo dõi tình trạng phản ánh: ${f.statusUrl}`,
    '',
    'Quý vị nhận e-mail này vì đã đăng ký nhận cập nhật khi gửi phản ánh. Muốn ngừng nhận, mở đường dẫn trên và chọn "Ngừng nhận e-mail".',
    '',
    '— Trung tâm điều hành đô thị thông minh (cityops)',
  ].join('\n');
  return { subject: SUBJECTS[f.milestone](id, f.unit), text };
}
