import type { CreateTicketRequest, Hotline } from '@cityops/contracts';

/** The intake form as typed: everything a string, as the fields hold it. */
export interface IntakeFields {
  line: Hotline;
  category: string | null;
  description: string;
  address: string;
  lat: string;
  lon: string;
  callerPhone: string;
  /** For call-backs and, when `callerUpdates`, the e-mails about the report. */
  callerEmail: string;
  callerUpdates: boolean;
}

export type IntakeProblem = 'category' | 'description' | 'point' | 'phone' | 'email';

/** A coordinate as typed: decimal degrees with a dot or a comma (Vietnamese keyboards write 21,0285). */
export function parseCoordinate(text: string, min: number, max: number): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d{1,3}(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** The point the form names, when both coordinates are valid. */
export function intakePoint(f: Pick<IntakeFields, 'lat' | 'lon'>): { lat: number; lon: number } | null {
  const lat = parseCoordinate(f.lat, -90, 90);
  const lon = parseCoordinate(f.lon, -180, 180);
  return lat === null || lon === null ? null : { lat, lon };
}

const PHONE = /^\+?[0-9 .-]{3,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The request to send, or what is missing (the form marks those fields); the server checks again. */
export function intakeRequest(f: IntakeFields): { ok: true; request: CreateTicketRequest } | { ok: false; problems: IntakeProblem[] } {
  const problems: IntakeProblem[] = [];
  if (!f.category) problems.push('category');
  if (!f.description.trim()) problems.push('description');
  const point = intakePoint(f);
  if (!point) problems.push('point');
  const phone = f.callerPhone.trim();
  if (phone && !PHONE.test(phone)) problems.push('phone');
  const email = f.callerEmail.trim();
  // Updates go by e-mail: asking for them without an address is the same mistake as a bad address.
  if ((email && (email.length > 254 || !EMAIL.test(email))) || (f.callerUpdates && !email)) problems.push('email');
  if (problems.length > 0 || !point || !f.category) return { ok: false, problems };
  return {
    ok: true,
    request: {
      line: f.line,
      category: f.category,
      description: f.description.trim(),
      lat: point.lat,
      lon: point.lon,
      ...(f.address.trim() ? { address: f.address.trim() } : {}),
      ...(phone ? { callerPhone: phone } : {}),
      ...(email ? { callerEmail: email } : {}),
      ...(email && f.callerUpdates ? { callerUpdates: true } : {}),
    },
  };
}
