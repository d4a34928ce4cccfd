import type { Hotline, Open311Service, Open311ServiceRequest, Ticket, TicketState } from '@cityops/contracts';
import { HOTLINES, TICKET_CATEGORIES, ticketCategory, type OPEN311_STATUSES } from '@cityops/contracts';
import type { TicketIntake } from '@cityops/db';

/** Open311 has no language parameter in v2; `?locale=en` (a common extension) picks English. */
export type Lang = 'vi' | 'en';
export const langOf = (locale: unknown): Lang => (typeof locale === 'string' && /^en\b/i.test(locale) ? 'en' : 'vi');

/** The line citizen apps file on (GeoReport is for non-emergency reports). */
const OPEN311_LINE: Hotline = '1022';

const GROUP: Record<Lang, (line: string) => string> = { vi: (l) => `Đường dây nóng ${l}`, en: (l) => `Hotline ${l}` };

/** Service codes are `{line}-{category}`: stable, since category codes are (contracts TICKET_CATEGORIES). */
export const serviceCodeOf = (line: Hotline, category: string): string => `${line}-${category}`;

export function parseServiceCode(code: string): { line: Hotline; category: string } | null {
  const dash = code.indexOf('-');
  const line = code.slice(0, dash) as Hotline;
  const category = code.slice(dash + 1);
  return dash > 0 && (HOTLINES as readonly string[]).includes(line) && ticketCategory(line, category) ? { line, category } : null;
}

/** services.json: one service per 1022 category. */
export function open311Services(lang: Lang): Open311Service[] {
  return TICKET_CATEGORIES[OPEN311_LINE].map((c) => ({
    service_code: serviceCodeOf(OPEN311_LINE, c.code),
    service_name: c[lang],
    description: lang === 'vi' ? `${c.vi} (${c.en})` : c.en,
    metadata: false,
    type: 'realtime',
    keywords: c.keywords.join(','),
    group: GROUP[lang](OPEN311_LINE),
  }));
}

/** Open311 knows two statuses: a report is open until it was answered. */
export const statusOf = (state: TicketState): (typeof OPEN311_STATUSES)[number] => (state === 'answered' || state === 'closed' ? 'closed' : 'open');

export function statesOf(status: string): TicketState[] {
  return status === 'closed' ? ['answered', 'closed'] : status === 'open' ? ['received', 'forwarded', 'in_progress'] : [];
}

/** What a citizen is promised (HCMC's 1022 rules, contracts HOTLINE_DEADLINES). */
export function serviceNotice(line: Hotline, lang: Lang): string | null {
  if (line !== '1022') return null;
  return lang === 'vi'
    ? 'Phản ánh được chuyển đến đơn vị xử lý trong 5 phút và được trả lời trong 5 ngày.'
    : 'Your report is forwarded to the unit in charge within 5 minutes and answered within 5 days.';
}

const VN_OFFSET_MS = 7 * 3600_000;
/** ISO 8601 in Hanoi time (the standard's examples carry the city's offset), e.g. 2026-11-21T08:05:00+07:00. */
export function vnIso(iso: string): string {
  const local = new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 19);
  return `${local}+07:00`;
}

/** A ticket as GeoReport's service request. The caller's phone and e-mail are not on `Ticket` at all. */
export function serviceRequestOf(t: Ticket, statusNotes: string | null, lang: Lang): Open311ServiceRequest {
  const cat = ticketCategory(t.line, t.category);
  const answer = t.deadlines?.find((d) => d.name === 'answer');
  return {
    service_request_id: String(t.id),
    status: statusOf(t.state),
    status_notes: statusNotes,
    service_name: cat ? cat[lang] : t.category,
    service_code: serviceCodeOf(t.line, t.category),
    description: t.description,
    // The unit it was forwarded to, once it has one; until then the line's own desk.
    agency_responsible: t.assignedUnit?.name ?? GROUP[lang](t.line),
    service_notice: serviceNotice(t.line, lang),
    requested_datetime: vnIso(t.createdAt),
    updated_datetime: vnIso(t.updatedAt),
    expected_datetime: answer ? vnIso(answer.dueAt) : null,
    address: t.address,
    address_id: null,
    zipcode: null,
    lat: t.lat,
    long: t.lon,
    media_url: t.mediaUrl ?? null,
  };
}

export type Parsed<T> = { value: T; errors?: undefined } | { value?: undefined; errors: string[] };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() || undefined : typeof v === 'number' ? String(v) : undefined);
const PHONE = /^\+?[0-9 .-]{3,20}$/;

/**
 * A POST requests body (JSON, or form-encoded with every value a string) as a ticket intake, or
 * every problem with it — a client fixes them all in one round.
 */
export function parseOpen311Post(body: unknown): Parsed<{ intake: TicketIntake; serviceCode: string }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { errors: ['the body must be JSON or form fields'] };
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  const code = str(b.service_code);
  const service = code ? parseServiceCode(code) : null;
  if (!code) errors.push('service_code is required');
  else if (!service || service.line !== OPEN311_LINE) errors.push(`service_code "${code}" is not a service of services.json`);
  const lat = Number(str(b.lat));
  const lon = Number(str(b.long));
  if (str(b.lat) === undefined || str(b.long) === undefined) errors.push('lat and long are required (this server does not geocode address_string)');
  else if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) errors.push('lat must be in [-90, 90] and long in [-180, 180]');
  const description = str(b.description);
  if (description && description.length > 4000) errors.push('description is longer than 4000 characters');
  const address = str(b.address_string);
  if (address && address.length > 300) errors.push('address_string is longer than 300 characters');
  const phone = str(b.phone);
  if (phone && !PHONE.test(phone)) errors.push('phone is not a phone number');
  const email = str(b.email);
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email))) errors.push('email is not an e-mail address');
  // Not in the standard: a citizen app that asks its user "e-mail me updates" says so here.
  const updates = typeof b.email_updates === 'boolean' ? String(b.email_updates) : str(b.email_updates);
  if (updates !== undefined && !/^(true|false|1|0)$/i.test(updates)) errors.push('email_updates is true or false');
  const wantsUpdates = updates !== undefined && /^(true|1)$/i.test(updates);
  if (wantsUpdates && !email) errors.push('email_updates needs email: updates are sent by e-mail');
  const media = str(b.media_url);
  if (media && (media.length > 2000 || !/^https?:\/\/\S+$/i.test(media))) errors.push('media_url must be an http(s) URL');
  if (errors.length > 0 || !service || !code) return { errors };
  const name = ticketCategory(service.line, service.category)!.vi;
  return {
    value: {
      serviceCode: code,
      intake: {
        line: service.line,
        category: service.category,
        // The standard makes description optional; a ticket needs one, so the service names it.
        description: description ?? name,
        lat,
        lon,
        ...(address ? { address } : {}),
        ...(phone ? { callerPhone: phone } : {}),
        ...(email ? { callerEmail: email } : {}),
        ...(wantsUpdates ? { callerUpdates: true } : {}),
        ...(media ? { mediaUrl: media } : {}),
      },
    },
  };
}
