import type { HttpGatewaySettings, WebhookBody } from '@cityops/contracts';
import type { AttemptResult } from '../delivery/attempt-result.ts';
import { fillGatewayRequest } from './gateway-template.ts';
import { sendHttp } from './http-request.ts';
import type { TargetGuard } from './target-guard.ts';
import { DEFAULT_TIMEOUT_MS } from './webhook-sender.ts';

/**
 * An SMS or Zalo OA message through the provider's HTTP API, as the contact point's template
 * describes it; to the message's own recipient (a building's contact) when it names one.
 */
export async function sendThroughGateway(s: HttpGatewaySettings, body: WebhookBody, guard: TargetGuard): Promise<AttemptResult> {
  const req = fillGatewayRequest(s, {
    to: body.recipient?.phone ?? s.to,
    text: body.text,
    incidentId: String(body.incident.id),
    link: body.link,
    idempotencyKey: body.idempotencyKey,
  });
  const headers: Record<string, string> = { ...s.headers, 'idempotency-key': body.idempotencyKey };
  if (req.body !== undefined) headers['content-type'] = `${s.contentType}; charset=utf-8`;
  return sendHttp(req.url, { method: s.method, headers, body: req.body }, s.timeoutMs ?? DEFAULT_TIMEOUT_MS, guard);
}
