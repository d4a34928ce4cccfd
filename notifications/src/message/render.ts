import type { FireHandoff, Incident, NotificationReason, Role, WebhookBody } from '@cityops/contracts';
import { WEBHOOK_BODY_VERSION } from '@cityops/contracts';
import { KIND_LABELS, ROLE_LABELS, SEVERITY_LABELS } from './labels.ts';

/** The console page that opens this incident (a session is still needed to see it). */
export const incidentLink = (publicUrl: string, id: number) => `${publicUrl.replace(/\/+$/, '')}/?incident=${id}`;

const HEADLINES: Record<NotificationReason, string> = {
  opened: 'Sự cố mới',
  escalated: 'Chưa ai tiếp nhận',
  repeated: 'Nhắc lại: chưa ai tiếp nhận',
  resolved: 'Đã xử lý xong',
  dispatched: 'Bàn giao',
  test: 'Thử kênh thông báo',
};

const where = (i: Pick<Incident, 'address' | 'area'>) => [i.address, i.area].filter(Boolean).join(', ');

/**
 * One line, as an SMS or a chat message shows it: what, where, and the incident number. Rules'
 * titles often name the kind and the address already ("Báo cháy — Số 12 Phố Hàng Bạc (Tầng 3)"):
 * what the title says is not said twice, an SMS has no room for it.
 */
export function shortText(reason: NotificationReason, i: Incident, escalation?: { level: number; role: Role }): string {
  const head =
    reason === 'escalated' && escalation
      ? `${HEADLINES.escalated} (báo ${ROLE_LABELS[escalation.role].toLowerCase()})`
      : reason === 'dispatched' && i.assignee
        ? `${HEADLINES.dispatched} ${i.assignee}`
        : HEADLINES[reason];
  const kind = KIND_LABELS[i.kind];
  const what = i.title.includes(kind) ? i.title : `${kind} — ${i.title}`;
  const place = [i.address, i.area].filter((p): p is string => Boolean(p) && !i.title.includes(p!)).join(', ');
  return `[${SEVERITY_LABELS[i.severity]}] ${head}: ${what}${place ? ` — ${place}` : ''} (#${i.id})`;
}

/** An e-mail subject: the kind and the place first, so an inbox list reads as a list of incidents. */
export function emailSubject(body: WebhookBody): string {
  if (body.group)
    return `[cityops] ${body.text
      .replace(/^\[[^\]]*\] /, '')
      .split(': ')
      .slice(0, 2)
      .join(': ')}`;
  const i = body.incident;
  const place = where(i);
  const head = body.reason === 'dispatched' && i.assignee ? `${HEADLINES.dispatched} ${i.assignee}` : HEADLINES[body.reason];
  return `[cityops] ${head}: ${KIND_LABELS[i.kind]}${place ? ` — ${place}` : ''} (#${i.id})`;
}

/** The plain-text body of an e-mail: the facts an on-call person needs before opening the console. */
export function emailText(body: WebhookBody): string {
  if (body.group) {
    const list = body.group.incidents.flatMap((g) => [
      `#${g.id} [${SEVERITY_LABELS[g.severity as keyof typeof SEVERITY_LABELS] ?? g.severity}] ${g.title}`,
      ...(g.address || g.area ? [`   ${[g.address, g.area].filter(Boolean).join(', ')}`] : []),
      `   Mở lúc: ${g.openedAt} — ${g.link}`,
    ]);
    return [body.text, '', ...list, '', '— cityops, trung tâm điều hành đô thị'].join('\n');
  }
  const i = body.incident;
  const lines = [
    body.text,
    '',
    `Loại: ${KIND_LABELS[i.kind]}`,
    `Mức độ: ${SEVERITY_LABELS[i.severity]}`,
    `Nội dung: ${i.title}`,
    ...(i.address ? [`Địa chỉ: ${i.address}`] : []),
    ...(i.area ? [`Khu vực: ${i.area}`] : []),
    ...(i.deviceId ? [`Thiết bị: ${i.deviceId}`] : []),
    `Mở lúc: ${i.openedAt}`,
    `Trạng thái: ${i.state}`,
    '',
    `Xem sự cố: ${body.link}`,
    '',
    '— cityops, trung tâm điều hành đô thị',
  ];
  return lines.join('\n');
}

/** The message a delivery carries, fixed when it is planned so every retry sends the same thing. */
export function buildMessage(opts: {
  key: string;
  reason: NotificationReason;
  incident: Incident;
  at: Date;
  publicUrl: string;
  escalation?: { level: number; role: Role };
  handoff?: FireHandoff;
  recipient?: { name: string | null; phone: string; buildingId: string };
}): WebhookBody {
  const { timeline: _timeline, checklist: _checklist, ...incident } = opts.incident;
  return {
    version: WEBHOOK_BODY_VERSION,
    idempotencyKey: opts.key,
    reason: opts.reason,
    at: opts.at.toISOString(),
    ...(opts.escalation ? { escalation: opts.escalation } : {}),
    ...(opts.handoff ? { handoff: opts.handoff } : {}),
    ...(opts.recipient ? { recipient: opts.recipient } : {}),
    link: incidentLink(opts.publicUrl, incident.id),
    text: shortText(opts.reason, opts.incident, opts.escalation),
    incident,
  };
}
