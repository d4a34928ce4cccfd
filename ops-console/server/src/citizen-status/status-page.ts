import type { PublicReportStatus } from '@cityops/contracts';
import { vietnamTime } from '@cityops/notifications';
import { escapeMarkup as esc } from '../markup/escape-markup.ts';

const STEP_LABELS: Record<string, string> = {
  received: 'Đã tiếp nhận',
  forwarded: 'Đã chuyển đến đơn vị xử lý',
  in_progress: 'Đang xử lý',
  answered: 'Đã trả lời',
  closed: 'Đã hoàn tất',
  transferred: 'Chuyển sang đường dây phù hợp',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b2733}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px}
h1{font-size:1.4rem;margin:0 0 1rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}
dt{color:#5a6b7b}dd{margin:0}ol{padding-left:1.2rem}.answer{white-space:pre-wrap;background:#eef6ee;padding:.8rem;border-radius:6px}
button{font:inherit;padding:.4rem .9rem}footer{color:#5a6b7b;font-size:.9rem;margin-top:1.5rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}
<footer>Trung tâm điều hành đô thị thông minh (cityops). Trang này chỉ hiện tình trạng phản ánh, không có thông tin cá nhân.</footer></main></body></html>`;
}

/**
 * The public page of one report: its number, category and state, the unit handling it, the answer
 * once given, and the steps it went through. Made from PublicReportStatus only, which carries no
 * description, address, caller or staff name, so the page cannot show one.
 */
export function statusPageHtml(s: PublicReportStatus, selfPath: string, utcOffsetMinutes: number, notice?: string): string {
  const time = (iso: string) => vietnamTime(iso, utcOffsetMinutes);
  const row = (label: string, value: string | null) => (value ? `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>` : '');
  const steps = s.steps.map((st) => `<li>${esc(STEP_LABELS[st.state] ?? st.state)}${st.unit ? `: ${esc(st.unit)}` : ''} — ${esc(time(st.at))}</li>`).join('');
  const updates = s.updatesOn
    ? `<form method="post" action="${esc(selfPath)}/stop"><p>Quý vị đang nhận e-mail khi phản ánh được chuyển, được trả lời và hoàn tất.</p>
<button type="submit">Ngừng nhận e-mail</button></form>`
    : '<p>Quý vị không nhận e-mail cập nhật cho phản ánh này.</p>';
  return page(
    `Phản ánh số ${s.ticketId}`,
    `<h1>Phản ánh số ${s.ticketId}</h1>${notice ? `<p role="status"><strong>${esc(notice)}</strong></p>` : ''}<dl>
${row('Loại phản ánh', s.category)}${row('Tình trạng', STEP_LABELS[s.state] ?? s.state)}${row('Đơn vị xử lý', s.unit)}
${row('Tiếp nhận lúc', time(s.receivedAt))}${row('Cập nhật lúc', time(s.updatedAt))}${row('Hẹn trả lời trước', s.answerDueAt ? time(s.answerDueAt) : null)}</dl>
${s.answer ? `<h2>Trả lời của đơn vị</h2><p class="answer">${esc(s.answer)}</p>` : ''}<h2>Quá trình xử lý</h2><ol>${steps}</ol>${updates}`,
  );
}

/** The same page for every token that names no report, so a guess learns nothing. */
export const notFoundPageHtml = (): string =>
  page('Không tìm thấy phản ánh', '<h1>Không tìm thấy phản ánh</h1><p>Đường dẫn không đúng hoặc đã hết hiệu lực. Hãy mở lại đường dẫn trong e-mail.</p>');
