import type { Incident } from '@cityops/contracts';
import type { ApiError } from '../api/http.ts';
import type { Message } from '../i18n/translate.ts';

/** The server may answer an ack with the incident or `{incident}`; the event follows either way. */
export function incidentFromAck(body: unknown): Incident | null {
  if (!body || typeof body !== 'object') return null;
  const candidate = 'incident' in body ? (body as { incident: unknown }).incident : body;
  const i = candidate as Partial<Incident> | null;
  return i && typeof i.id === 'number' && typeof i.state === 'string' ? (i as Incident) : null;
}

/** 409 when someone else acknowledged first (two dispatchers racing); name them when the problem does. */
export function ackConflictMessage(err: ApiError): Message {
  const by = (err.problem as { acknowledgedBy?: unknown } | null)?.acknowledgedBy;
  if (typeof by === 'string') return { key: 'incidents.ackConflictBy', params: { by } };
  return { key: 'incidents.ackConflict', params: { detail: err.operatorMessage } };
}
