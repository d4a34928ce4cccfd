import type { Logger } from 'pino';
import { claimDueCitizenUpdates, finishCitizenUpdate, withTransaction, type CitizenUpdateOutcome, type ClaimedCitizenUpdate, type Pool } from '@cityops/db';
import type { AttemptResult } from '../delivery/attempt-result.ts';
import { nextAttemptAt, type BackoffOptions } from '../delivery/backoff.ts';
import type { EmailSender } from '../senders/email-sender.ts';
import type { NotifierMetrics } from '../metrics.ts';

export interface CitizenSenderOptions {
  pool: Pool;
  log: Logger;
  now: () => number;
  email: EmailSender;
  backoff: BackoffOptions;
  metrics: NotifierMetrics;
  /** How long an attempt may take before another notifier may try the same e-mail again. */
  leaseMs: number;
  batch: number;
  random?: (() => number) | undefined;
}

/**
 * Sends citizens' e-mails that are due, one attempt each, with the same backoff and give-up time as
 * incident notifications. A citizen who turned updates off since the mail was planned gets nothing:
 * the address is read at the attempt, and without it the mail is withdrawn.
 */
export function createCitizenSender(o: CitizenSenderOptions) {
  function outcomeOf(u: ClaimedCitizenUpdate, r: AttemptResult, now: number): CitizenUpdateOutcome {
    if (r.ok) return { state: 'delivered', nextAttemptAt: null, status: r.status, error: null };
    const next = nextAttemptAt(u.attempts, r, u.giveUpAt, now, o.backoff, o.random);
    return { state: next === null ? 'given_up' : 'pending', nextAttemptAt: next, status: r.status, error: r.error };
  }

  async function one(u: ClaimedCitizenUpdate): Promise<void> {
    const out: CitizenUpdateOutcome =
      u.to === null
        ? { state: 'withdrawn', nextAttemptAt: null, status: null, error: 'the citizen turned e-mail updates off' }
        : outcomeOf(
            u,
            await o.email.sendPlain([u.to], {
              subject: u.message.subject,
              text: u.message.text,
              idempotencyKey: u.message.idempotencyKey,
              headers: { 'X-Cityops-Report': String(u.ticketId) },
            }),
            o.now(),
          );
    const kept = await withTransaction(o.pool, (db) => finishCitizenUpdate(db, u, out, new Date(o.now())));
    if (!kept) {
      o.log.warn({ citizenUpdateId: u.id, attempt: u.attempts }, 'citizen e-mail outcome dropped: its lease ran out and it was claimed again');
      return;
    }
    o.metrics.countCitizenUpdate(out.state === 'pending' ? 'retrying' : out.state);
    const fields = { citizenUpdateId: u.id, ticketId: u.ticketId, milestone: u.message.milestone, attempt: u.attempts, status: out.status };
    if (out.state === 'given_up') o.log.error({ ...fields, err: out.error }, 'citizen e-mail given up');
    else if (out.state === 'pending') o.log.warn({ ...fields, err: out.error, nextAttemptAt: out.nextAttemptAt }, 'citizen e-mail failed; will retry');
    else o.log.info(fields, `citizen e-mail ${out.state}`);
  }

  /** One batch of due e-mails, attempted concurrently; returns how many were claimed. */
  async function runDue(): Promise<number> {
    const due = await claimDueCitizenUpdates(o.pool, new Date(o.now()), o.leaseMs, o.batch);
    const results = await Promise.allSettled(due.map(one));
    for (const r of results) if (r.status === 'rejected') o.log.warn({ err: r.reason }, 'recording a citizen e-mail failed; its lease will bring it back');
    return due.length;
  }

  return { runDue };
}
