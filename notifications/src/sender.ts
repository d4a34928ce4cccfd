import type { Logger } from 'pino';
import type { ConsoleSettings, EmailSettings, HttpGatewaySettings, WebhookBody, WebhookSettings } from '@cityops/contracts';
import {
  appendEvent,
  appendEvents,
  claimDueDeliveries,
  deferDelivery,
  finishAttempt,
  incidentWithoutTimeline,
  withTransaction,
  type AttemptOutcome,
  type ClaimedDelivery,
  type Pool,
} from '@cityops/db';
import type { AttemptResult } from './delivery/attempt-result.ts';
import { nextAttemptAt, type BackoffOptions } from './delivery/backoff.ts';
import type { CircuitBreakers } from './delivery/circuit-breaker.ts';
import type { EmailSender } from './senders/email-sender.ts';
import { sendThroughGateway } from './senders/gateway-sender.ts';
import { sendWebhook } from './senders/webhook-sender.ts';
import type { TargetGuard } from './senders/target-guard.ts';
import { consoleNotificationEvent } from './senders/console-event.ts';
import type { NotifierMetrics } from './metrics.ts';

export interface SenderOptions {
  pool: Pool;
  log: Logger;
  now: () => number;
  email: EmailSender;
  /** Which addresses webhooks and gateways may reach. */
  targets: TargetGuard;
  backoff: BackoffOptions;
  breakers: CircuitBreakers;
  metrics: NotifierMetrics;
  /** How long an attempt on a channel without a timeout setting may take before another notifier may try it again. */
  leaseMs: number;
  /** Deliveries attempted at once. */
  batch: number;
  random?: () => number;
  /** After a delivery's outcome is on its incident's timeline (in one process: wakes the console's reader). */
  onCommitted?: () => void;
}

const CHANNEL: Record<string, string> = { webhook: 'webhook', email: 'e-mail', http_gateway: 'SMS/Zalo', console: 'bảng điều khiển' };

/**
 * Sends what is due: claims a batch (each claim a lease), makes one attempt per delivery, and
 * records each outcome with an entry on the incident's timeline in one transaction. A failed
 * attempt is retried with backoff until the delivery's give-up time; a receiver's final refusal
 * or the give-up time makes it a dead letter (`given_up`) shown on the incident and in the console.
 */
export function createSender(o: SenderOptions) {
  async function attempt(d: ClaimedDelivery): Promise<AttemptResult> {
    const cp = d.contactPoint;
    const body: WebhookBody = d.message;
    switch (cp.type) {
      case 'webhook':
        return sendWebhook(cp.settings as WebhookSettings, cp.secret, body, Math.floor(o.now() / 1000), o.targets);
      case 'email':
        return o.email.send((cp.settings as EmailSettings).to, body);
      case 'http_gateway':
        return sendThroughGateway(cp.settings as HttpGatewaySettings, body, o.targets);
      case 'console':
        // Written with the outcome, in its transaction (see record): a console sees it exactly once.
        return { ok: true, permanent: false, status: null, error: null, durationMs: 0 };
    }
  }

  function outcomeOf(d: ClaimedDelivery, r: AttemptResult, now: number): AttemptOutcome {
    const base = { status: r.status, error: r.error, durationMs: r.durationMs };
    if (r.ok) return { ...base, state: 'delivered', nextAttemptAt: null };
    if (!d.contactPoint.enabled) return { ...base, state: 'given_up', nextAttemptAt: null, error: 'contact point disabled' };
    // Not before the contact point's circuit lets a try through: the deliveries it held back go
    // first then, so one receiver's backlog takes turns instead of retrying the same one.
    const next = nextAttemptAt(d.attempts, r, d.giveUpAt, now, o.backoff, o.random, o.breakers.holdUntil(d.contactPoint.id, now) ?? 0);
    return next === null ? { ...base, state: 'given_up', nextAttemptAt: null } : { ...base, state: 'pending', nextAttemptAt: next };
  }

  function timelineNote(d: ClaimedDelivery, out: AttemptOutcome): string {
    const to = d.message.recipient ? ` tới ${d.message.recipient.name ?? 'liên hệ tòa nhà'} (${d.message.recipient.phone})` : '';
    const together = d.groupIncidentIds.length > 1 ? `, chung một thông báo cho ${d.groupIncidentIds.length} sự cố` : '';
    const what = `${d.contactPoint.name} (${CHANNEL[d.contactPoint.type]})${to}${together}`;
    const result = [out.status ?? out.error ?? '', out.durationMs !== null ? `${out.durationMs} ms` : ''].filter(Boolean).join(', ');
    if (out.state === 'delivered') return `Đã báo ${what}: ${result}`;
    if (out.state === 'given_up') return `Bỏ cuộc báo ${what} sau ${d.attempts} lần: ${out.error ?? result}`;
    return `Báo ${what} chưa được (lần ${d.attempts}): ${result}; thử lại lúc ${out.nextAttemptAt!.toISOString()}`;
  }

  async function record(d: ClaimedDelivery, out: AttemptOutcome): Promise<void> {
    const now = new Date(o.now());
    const kept = await withTransaction(o.pool, async (db) => {
      if (!(await finishAttempt(db, d, out, now))) return false;
      if (d.contactPoint.type === 'console' && out.state === 'delivered') {
        await appendEvents(db, [consoleNotificationEvent(d.contactPoint.name, (d.contactPoint.settings as ConsoleSettings).role, d.message, now)]);
      }
      // A group's notification is on the timeline of every incident it told of.
      const about = d.groupIncidentIds.length > 0 ? d.groupIncidentIds : d.incidentId !== null ? [d.incidentId] : [];
      // The entry is the same on each listed incident: written once, then appended to each.
      const entry = {
        type: out.state === 'delivered' ? 'notified' : out.state === 'given_up' ? 'notification_given_up' : 'notification_failed',
        at: now,
        // The system's own entry (shown as such at the desk), like a recovery.
        actor: null,
        note: timelineNote(d, out),
        data: {
          deliveryId: d.id,
          contactPoint: d.contactPoint.name,
          channel: d.contactPoint.type,
          reason: d.reason,
          ...(d.groupIncidentIds.length > 0 ? { group: d.message.group?.key, groupSize: d.groupIncidentIds.length } : {}),
          ...(d.message.recipient ? { recipient: d.message.recipient } : {}),
          attempt: d.attempts,
          status: out.status,
          durationMs: out.durationMs,
          ...(out.error ? { error: out.error } : {}),
          ...(out.nextAttemptAt ? { nextAttemptAt: out.nextAttemptAt.toISOString() } : {}),
        },
      };
      const updated = [];
      for (const incidentId of about) {
        await appendEvent(db, incidentId, entry);
        const incident = await incidentWithoutTimeline(db, incidentId);
        if (incident) updated.push({ topic: 'incident.updated' as const, payload: { incident } });
      }
      await appendEvents(db, updated);
      return true;
    });
    if (!kept) {
      o.log.warn({ deliveryId: d.id, attempt: d.attempts }, 'delivery outcome dropped: its lease ran out and it was claimed again');
      return;
    }
    o.onCommitted?.();
    const outcome = out.state === 'delivered' ? 'delivered' : out.state === 'given_up' ? 'given_up' : 'retrying';
    o.metrics.countAttempt(d.contactPoint.name, outcome);
    if (out.state === 'delivered') o.metrics.observeLatency(Math.max(0, o.now() - Date.parse(d.message.at)) / 1000);
    const fields = {
      deliveryId: d.id,
      contactPoint: d.contactPoint.name,
      incidentId: d.incidentId,
      attempt: d.attempts,
      status: out.status,
      durationMs: out.durationMs,
    };
    if (out.state === 'given_up') o.log.error({ ...fields, err: out.error }, 'notification given up: dead-lettered');
    else if (out.state === 'pending') o.log.warn({ ...fields, err: out.error, nextAttemptAt: out.nextAttemptAt }, 'notification attempt failed; will retry');
    else o.log.info(fields, 'notification delivered');
  }

  async function one(d: ClaimedDelivery): Promise<void> {
    const held = o.breakers.holdUntil(d.contactPoint.id, o.now());
    if (held !== null && d.contactPoint.enabled) {
      // Past its give-up time a held delivery is not kept waiting for the next trial attempt.
      if (o.now() >= d.giveUpAt.getTime()) {
        await record(d, {
          state: 'given_up',
          nextAttemptAt: null,
          status: null,
          error: 'receiver failing (circuit open) past the give-up time',
          durationMs: null,
        });
      } else await deferDelivery(o.pool, d, new Date(held));
      return;
    }
    const r = await attempt(d);
    if (r.ok) o.breakers.succeeded(d.contactPoint.id);
    else o.breakers.failed(d.contactPoint.id, o.now());
    o.metrics.openCircuits = o.breakers.openCount();
    await record(d, outcomeOf(d, r, o.now()));
  }

  /** One batch of due deliveries, attempted concurrently; returns how many were claimed. */
  async function runDue(): Promise<number> {
    const due = await claimDueDeliveries(o.pool, new Date(o.now()), o.leaseMs, o.batch);
    const results = await Promise.allSettled(due.map(one));
    for (const r of results)
      if (r.status === 'rejected') o.log.warn({ err: r.reason }, 'recording a notification attempt failed; its lease will bring it back');
    return due.length;
  }

  return { runDue };
}
