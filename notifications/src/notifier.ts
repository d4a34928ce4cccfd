import type { Logger } from 'pino';
import { TailLoop, type Pool } from '@cityops/db';
import { CircuitBreakers, type BreakerOptions } from './delivery/circuit-breaker.ts';
import type { BackoffOptions } from './delivery/backoff.ts';
import { createEmailSender, NO_SMTP, type SmtpConfig } from './senders/email-sender.ts';
import { createTargetGuard, DEFAULT_TARGET_POLICY, type TargetPolicy } from './senders/target-guard.ts';
import { NotifierMetrics } from './metrics.ts';
import { createPlanner } from './planner.ts';
import { createSender } from './sender.ts';
import { createCitizenSender } from './citizens/citizen-sender.ts';

export interface NotifierSettings {
  /** The console's address as people reach it: notifications link to incidents there. */
  publicUrl: string;
  smtp: SmtpConfig | null;
  /** A delivery still failing this long after it was due is given up (dead-lettered). */
  giveUpAfterMs: number;
  backoff: BackoffOptions;
  breaker: BreakerOptions;
  /** The center's clock, for quiet hours: minutes east of UTC (Vietnam: 420). */
  utcOffsetMinutes: number;
  /** Which addresses webhooks and SMS/Zalo gateways may be sent to (./senders/target-guard.ts). */
  targets: TargetPolicy;
}

export const DEFAULT_NOTIFIER_SETTINGS: Omit<NotifierSettings, 'publicUrl' | 'smtp'> = {
  giveUpAfterMs: 10 * 60_000,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  breaker: { failureThreshold: 5, openMs: 30_000 },
  utcOffsetMinutes: 420,
  targets: DEFAULT_TARGET_POLICY,
};

export interface NotifierOptions extends NotifierSettings {
  /** Where links point when `publicUrl` is '' (not configured): the console's own address, once it listens. */
  ownUrl?: () => string;
  pool: Pool;
  log: Logger;
  now?: () => number;
  random?: () => number;
  /** How often the event log and the due deliveries are looked at without a wake-up. */
  pollMs?: number;
  /** How often reminders (repeat intervals) are planned. */
  repeatEveryMs?: number;
  gapGraceMs?: number;
  leaseMs?: number;
  /** After the notifier committed timeline entries or console notifications (wakes the console in one process). */
  onCommitted?: () => void;
}

export interface Notifier {
  /** Nudge: new events were committed (in one process, the gateway and alerting call this). */
  wake(): void;
  /** Plans and sends whatever is due now; tests drive it with their clock. Returns the deliveries attempted. */
  runOnce(): Promise<number>;
  readonly metrics: NotifierMetrics;
  stop(): Promise<void>;
}

/**
 * The notifier: plans deliveries from the event log (./planner.ts) and sends them (./sender.ts),
 * and citizens' e-mails about their reports (./citizens/citizen-sender.ts).
 * Everything it knows is in the database, so it can be killed at any moment: a delivery planned
 * is sent after a restart, one in flight is sent again with the same idempotency key.
 */
export function startNotifier(opts: NotifierOptions): Notifier {
  const log = opts.log.child({ component: 'notifier' });
  const now = opts.now ?? Date.now;
  const metrics = new NotifierMetrics();
  const email = opts.smtp ? createEmailSender(opts.smtp) : NO_SMTP;
  const planner = createPlanner({
    pool: opts.pool,
    log,
    now,
    publicUrl: () => opts.publicUrl || opts.ownUrl?.() || 'http://localhost:8080',
    giveUpAfterMs: opts.giveUpAfterMs,
    utcOffsetMinutes: opts.utcOffsetMinutes,
    gapGraceMs: opts.gapGraceMs ?? 5000,
  });
  const sender = createSender({
    pool: opts.pool,
    log,
    now,
    email,
    targets: createTargetGuard(opts.targets),
    backoff: opts.backoff,
    breakers: new CircuitBreakers(opts.breaker),
    metrics,
    leaseMs: opts.leaseMs ?? 60_000,
    batch: 50,
    random: opts.random,
    onCommitted: opts.onCommitted,
  });

  const citizens = createCitizenSender({
    pool: opts.pool,
    log,
    now,
    email,
    backoff: opts.backoff,
    metrics,
    leaseMs: (opts.smtp?.timeoutMs ?? 10_000) + 5_000,
    batch: 50,
    random: opts.random,
  });
  const sendDue = async () => (await sender.runDue()) + (await citizens.runDue());

  const sendLoop = new TailLoop(sendDue, opts.pollMs ?? 500, log);
  const planLoop = new TailLoop(
    async () => {
      const r = await planner.step();
      if (r.planned > 0) {
        metrics.planned += r.planned;
        sendLoop.wake();
      }
      return r.events;
    },
    opts.pollMs ?? 500,
    log,
  );
  planLoop.start();
  sendLoop.start();

  const repeatTimer = setInterval(() => {
    planner
      .repeats()
      .then((n) => {
        if (n > 0) {
          metrics.planned += n;
          sendLoop.wake();
        }
      })
      .catch((err) => log.warn({ err }, 'planning reminders failed; retrying'));
  }, opts.repeatEveryMs ?? 15_000);
  repeatTimer.unref();

  return {
    wake: () => planLoop.wake(),
    async runOnce() {
      while ((await planner.step()).events > 0);
      metrics.planned += await planner.repeats();
      let sent = 0;
      for (let n = await sendDue(); n > 0; n = await sendDue()) sent += n;
      return sent;
    },
    metrics,
    async stop() {
      clearInterval(repeatTimer);
      await planLoop.stop();
      await sendLoop.stop();
      email.close();
    },
  };
}
