import type { WebhookBody, WebhookSettings } from '@cityops/contracts';
import type { AttemptResult } from '../delivery/attempt-result.ts';
import { sendHttp } from './http-request.ts';
import type { TargetGuard } from './target-guard.ts';
import { signWebhook } from './signature.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** POSTs the notification's JSON, signed with the contact point's secret, with its idempotency key. */
export async function sendWebhook(
  settings: WebhookSettings,
  secret: string | null,
  body: WebhookBody,
  nowSeconds: number,
  guard: TargetGuard,
): Promise<AttemptResult> {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = {
    ...settings.headers,
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'cityops-notifier/1',
    'idempotency-key': body.idempotencyKey,
    'x-cityops-timestamp': String(nowSeconds),
  };
  if (secret) headers['x-cityops-signature'] = signWebhook(secret, nowSeconds, raw);
  return sendHttp(settings.url, { method: 'POST', headers, body: raw }, settings.timeoutMs ?? DEFAULT_TIMEOUT_MS, guard);
}
