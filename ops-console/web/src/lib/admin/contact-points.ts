import type {
  ContactPoint,
  ContactPointType,
  CreateContactPointRequest,
  EmailSettings,
  HttpGatewaySettings,
  Role,
  UpdateContactPointRequest,
  WebhookSettings,
} from '@cityops/contracts';
import { ROLE_RANK } from '../auth/roles.ts';

/**
 * Where notifications go, restated from contracts (CONTACT_POINT_TYPES, GATEWAY_CONTENT_TYPES and the
 * gateway's methods; their values would pull the schema library into the bundle).
 * contact-points.test.ts pins each list to contracts and checks what `createRequest` builds against
 * the server's own schema.
 */
export const CONTACT_POINT_TYPE_LIST = ['webhook', 'email', 'http_gateway', 'console'] as const satisfies readonly ContactPointType[];
export const GATEWAY_METHOD_LIST = ['POST', 'PUT', 'GET'] as const satisfies readonly HttpGatewaySettings['method'][];
export const GATEWAY_CONTENT_TYPE_LIST = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
] as const satisfies readonly HttpGatewaySettings['contentType'][];
/** What a gateway's body template (and URL) may use; the server escapes each value for the content type. */
export const GATEWAY_PLACEHOLDERS = ['{{to}}', '{{text}}', '{{incidentId}}', '{{link}}', '{{idempotencyKey}}'] as const;

type GatewayMethod = HttpGatewaySettings['method'];
type GatewayContentType = HttpGatewaySettings['contentType'];

/** Limits the server's schema sets (contracts/src/http/contact-points.ts), checked here first. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
const MAX_URL = 2000;
const MAX_EMAILS = 20;
const MAX_EMAIL = 254;
const MAX_HEADERS = 20;
const MAX_HEADER_VALUE = 2000;
const MAX_TO = 120;
const MAX_BODY = 4000;
const MAX_DESCRIPTION = 300;
export const TIMEOUT_MIN_MS = 500;
export const TIMEOUT_MAX_MS = 60_000;

export interface HeaderRow {
  name: string;
  value: string;
}

/** The contact point form's fields, as typed: every type's fields, the ones of `type` used. */
export interface ContactPointDraft {
  name: string;
  type: ContactPointType;
  description: string;
  enabled: boolean;
  /** Webhook and gateway. */
  url: string;
  /** Milliseconds as typed; blank is the server's default (10 s). */
  timeoutMs: string;
  headers: HeaderRow[];
  /** E-mail: addresses, one a line (commas and semicolons also separate). */
  emails: string;
  method: GatewayMethod;
  contentType: GatewayContentType;
  bodyTemplate: string;
  /** Gateway: the one recipient (a phone number, a Zalo user id). */
  to: string;
  /** Console: the lowest role whose consoles show the banner. */
  role: Role;
}

export type ContactPointFormProblem = 'name' | 'description' | 'url' | 'timeout' | 'headers' | 'emails' | 'to' | 'bodyTemplate' | 'role';

export const DEFAULT_BODY_TEMPLATE = '{"to": "{{to}}", "text": "{{text}}"}';

export function emptyDraft(type: ContactPointType = 'webhook'): ContactPointDraft {
  return {
    name: '',
    type,
    description: '',
    enabled: true,
    url: '',
    timeoutMs: '',
    headers: [],
    emails: '',
    method: 'POST',
    contentType: 'application/json',
    bodyTemplate: DEFAULT_BODY_TEMPLATE,
    to: '',
    role: 'supervisor',
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The form for editing a stored contact point; header values are write-only, so their rows come back blank. */
export function draftOf(cp: Pick<ContactPoint, 'name' | 'type' | 'description' | 'enabled' | 'settings'>): ContactPointDraft {
  const s = cp.settings;
  const draft = emptyDraft(cp.type);
  draft.name = cp.name;
  draft.description = cp.description ?? '';
  draft.enabled = cp.enabled;
  draft.url = str(s.url);
  draft.timeoutMs = typeof s.timeoutMs === 'number' ? String(s.timeoutMs) : '';
  draft.headers = headerNames(cp).map((name) => ({ name, value: '' }));
  draft.emails = Array.isArray(s.to) ? s.to.filter((x): x is string => typeof x === 'string').join('\n') : '';
  if ((GATEWAY_METHOD_LIST as readonly string[]).includes(str(s.method))) draft.method = s.method as GatewayMethod;
  if ((GATEWAY_CONTENT_TYPE_LIST as readonly string[]).includes(str(s.contentType))) draft.contentType = s.contentType as GatewayContentType;
  if (cp.type === 'http_gateway') {
    draft.bodyTemplate = str(s.bodyTemplate);
    draft.to = str(s.to);
  }
  if (Object.hasOwn(ROLE_RANK, str(s.role))) draft.role = s.role as Role;
  return draft;
}

/** The header names a stored contact point sends (their values are never read back). */
export function headerNames(cp: Pick<ContactPoint, 'settings'>): string[] {
  const h = cp.settings.headers;
  return h !== null && typeof h === 'object' && !Array.isArray(h) ? Object.keys(h) : [];
}

/** E-mail addresses as typed: one a line or separated by commas or semicolons; repeats once. */
export function parseEmails(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((x) => x !== ''))];
}

type Settings =
  | { type: 'webhook'; settings: WebhookSettings }
  | { type: 'email'; settings: EmailSettings }
  | { type: 'http_gateway'; settings: HttpGatewaySettings }
  | { type: 'console'; settings: { role: Role } };

type Checked<T> = { ok: true; value: T } | { ok: false; problems: ContactPointFormProblem[] };

/**
 * The headers to send: `keep` (editing, the stored names) leaves them out when the rows are still
 * the stored names with no value typed, so the server keeps the stored values. Otherwise the rows
 * replace them whole: each needs a valid name and a value; blank rows are dropped.
 */
function headersOf(rows: readonly HeaderRow[], keep: readonly string[] | null): { ok: boolean; headers?: Record<string, string> } {
  const named = rows.filter((r) => r.name.trim() !== '' || r.value !== '');
  if (keep !== null) {
    const names = named.map((r) => r.name.trim());
    const same = names.length === keep.length && keep.every((k) => names.includes(k));
    if (same && named.every((r) => r.value === '')) return { ok: true };
  }
  if (named.length === 0) return keep !== null && keep.length > 0 ? { ok: true, headers: {} } : { ok: true };
  if (named.length > MAX_HEADERS) return { ok: false };
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const r of named) {
    const name = r.name.trim();
    if (!HEADER_NAME.test(name) || r.value === '' || r.value.length > MAX_HEADER_VALUE || seen.has(name.toLowerCase())) return { ok: false };
    seen.add(name.toLowerCase());
    headers[name] = r.value;
  }
  return { ok: true, headers };
}

function timeoutOf(text: string): { ok: boolean; timeoutMs?: number } {
  const t = text.trim();
  if (t === '') return { ok: true };
  const n = Number(t);
  return Number.isInteger(n) && n >= TIMEOUT_MIN_MS && n <= TIMEOUT_MAX_MS ? { ok: true, timeoutMs: n } : { ok: false };
}

const urlOk = (url: string) => url.length <= MAX_URL && HTTP_URL.test(url);

/** The settings of the draft's type, or every field that does not fit the server's schema. */
function settingsOf(d: ContactPointDraft, keepHeaders: readonly string[] | null): Checked<Settings> {
  const problems: ContactPointFormProblem[] = [];
  const url = d.url.trim();
  switch (d.type) {
    case 'webhook': {
      const timeout = timeoutOf(d.timeoutMs);
      const headers = headersOf(d.headers, keepHeaders);
      if (!urlOk(url)) problems.push('url');
      if (!timeout.ok) problems.push('timeout');
      if (!headers.ok) problems.push('headers');
      if (problems.length > 0) return { ok: false, problems };
      const settings: WebhookSettings = { url };
      if (timeout.timeoutMs !== undefined) settings.timeoutMs = timeout.timeoutMs;
      if (headers.headers) settings.headers = headers.headers;
      return { ok: true, value: { type: 'webhook', settings } };
    }
    case 'email': {
      const to = parseEmails(d.emails);
      if (to.length === 0 || to.length > MAX_EMAILS || to.some((a) => a.length > MAX_EMAIL || !EMAIL.test(a))) return { ok: false, problems: ['emails'] };
      return { ok: true, value: { type: 'email', settings: { to } } };
    }
    case 'http_gateway': {
      const timeout = timeoutOf(d.timeoutMs);
      const headers = headersOf(d.headers, keepHeaders);
      const to = d.to.trim();
      if (!urlOk(url)) problems.push('url');
      if (to === '' || to.length > MAX_TO) problems.push('to');
      if (d.bodyTemplate.length > MAX_BODY) problems.push('bodyTemplate');
      if (!timeout.ok) problems.push('timeout');
      if (!headers.ok) problems.push('headers');
      if (problems.length > 0) return { ok: false, problems };
      const settings: HttpGatewaySettings = { url, method: d.method, contentType: d.contentType, bodyTemplate: d.bodyTemplate, to };
      if (headers.headers) settings.headers = headers.headers;
      if (timeout.timeoutMs !== undefined) settings.timeoutMs = timeout.timeoutMs;
      return { ok: true, value: { type: 'http_gateway', settings } };
    }
    case 'console':
      return Object.hasOwn(ROLE_RANK, d.role) ? { ok: true, value: { type: 'console', settings: { role: d.role } } } : { ok: false, problems: ['role'] };
  }
}

export type CreateResult = { ok: true; request: CreateContactPointRequest } | { ok: false; problems: ContactPointFormProblem[] };
export type UpdateResult = { ok: true; request: UpdateContactPointRequest } | { ok: false; problems: ContactPointFormProblem[] };

/** POST /api/contact-points from the form, or what to fix first. */
export function createRequest(d: ContactPointDraft): CreateResult {
  const name = d.name.trim();
  const description = d.description.trim();
  const problems: ContactPointFormProblem[] = [];
  if (!NAME.test(name)) problems.push('name');
  if (description.length > MAX_DESCRIPTION) problems.push('description');
  const settings = settingsOf(d, null);
  if (!settings.ok) problems.push(...settings.problems);
  if (!settings.ok || problems.length > 0) return { ok: false, problems };
  const request: CreateContactPointRequest = { name, enabled: d.enabled, ...(description ? { description } : {}), ...settings.value };
  return { ok: true, request };
}

/**
 * PATCH /api/contact-points/{id} from the form editing `stored`: its settings whole (the type and
 * name never change) and the description; header values left blank keep the stored ones.
 */
export function updateRequest(d: ContactPointDraft, stored: Pick<ContactPoint, 'type' | 'settings'>): UpdateResult {
  const description = d.description.trim();
  const problems: ContactPointFormProblem[] = [];
  if (description.length > MAX_DESCRIPTION) problems.push('description');
  const settings = settingsOf({ ...d, type: stored.type }, headerNames(stored));
  if (!settings.ok) problems.push(...settings.problems);
  if (!settings.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, request: { settings: settings.value.settings, description } };
}

/** What a contact point's row says about where it sends. */
export type TargetSummary =
  | { kind: 'url'; url: string }
  | { kind: 'emails'; to: string[] }
  | { kind: 'gateway'; to: string; host: string }
  | { kind: 'role'; role: Role }
  | { kind: 'unknown' };

export function targetSummary(cp: Pick<ContactPoint, 'type' | 'settings'>): TargetSummary {
  const s = cp.settings;
  switch (cp.type) {
    case 'webhook':
      return { kind: 'url', url: str(s.url) };
    case 'email':
      return { kind: 'emails', to: Array.isArray(s.to) ? s.to.filter((x): x is string => typeof x === 'string') : [] };
    case 'http_gateway':
      return { kind: 'gateway', to: str(s.to), host: hostOf(str(s.url)) };
    case 'console':
      return Object.hasOwn(ROLE_RANK, str(s.role)) ? { kind: 'role', role: s.role as Role } : { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

/** A gateway's host (its URL may hold placeholders and tokens: the host is enough to tell them apart). */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
