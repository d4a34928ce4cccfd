import { Histogram, type MetricFamily } from '@cityops/contracts';

/** Seconds from the event that called for a notification to its delivery: a page within seconds is the goal. */
const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

/** What the notifier counts, for /metrics; plain numbers so tests and the bench can read them. */
export class NotifierMetrics {
  planned = 0;
  /** Attempts by contact point and outcome (`delivered`, `retrying`, `given_up`). */
  readonly attempts = new Map<string, number>();
  private readonly latency = new Histogram(
    'cityops_notification_delivery_seconds',
    'From the event that called for a notification to its delivery',
    LATENCY_BUCKETS,
  );
  openCircuits = 0;
  /** Citizens' e-mails about their reports, by outcome. */
  readonly citizenUpdates = new Map<string, number>();

  countAttempt(contactPoint: string, outcome: 'delivered' | 'retrying' | 'given_up'): void {
    const key = `${contactPoint}\u0000${outcome}`;
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
  }

  countCitizenUpdate(outcome: 'delivered' | 'retrying' | 'given_up' | 'withdrawn'): void {
    this.citizenUpdates.set(outcome, (this.citizenUpdates.get(outcome) ?? 0) + 1);
  }

  observeLatency(seconds: number): void {
    this.latency.observe(seconds);
  }

  families(): MetricFamily[] {
    return [
      { name: 'cityops_notifications_planned_total', type: 'counter', help: 'Notification deliveries planned', samples: [{ value: this.planned }] },
      {
        name: 'cityops_notification_attempts_total',
        type: 'counter',
        help: 'Notification delivery attempts by contact point and outcome',
        samples: [...this.attempts].map(([key, value]) => {
          const [contact_point, outcome] = key.split('\u0000') as [string, string];
          return { labels: { contact_point, outcome }, value };
        }),
      },
      this.latency.family(),
      {
        name: 'cityops_citizen_update_attempts_total',
        type: 'counter',
        help: 'E-mail attempts to citizens about their reports, by outcome',
        samples: [...this.citizenUpdates].map(([outcome, value]) => ({ labels: { outcome }, value })),
      },
      {
        name: 'cityops_notification_open_circuits',
        type: 'gauge',
        help: 'Contact points whose circuit breaker holds deliveries back',
        samples: [{ value: this.openCircuits }],
      },
    ];
  }
}
