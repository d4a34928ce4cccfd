/** Counters of one run; `snapshot` derives msg/s from a sliding window of samples. */
export interface SimulationStats {
  devices: number;
  /** Devices whose MQTT connection is up right now. */
  connected: number;
  /** Messages the broker acknowledged (QoS 1 PUBACK), resends included. */
  published: number;
  /** Messages a device produced while its connection was down (fire events are kept and resent instead). */
  dropped: number;
  receiptsAcked: number;
  receiptsRejected: number;
  resends: number;
  /** Fire events given up on after the last resend attempt. */
  resendsExhausted: number;
  errors: number;
  msgPerSec: number;
  elapsedSec: number;
}

type Counter = Exclude<keyof SimulationStats, 'devices' | 'msgPerSec' | 'elapsedSec'>;

const WINDOW_MS = 5_000;

export class StatsCollector {
  private readonly counts: Record<Counter, number> = {
    connected: 0,
    published: 0,
    dropped: 0,
    receiptsAcked: 0,
    receiptsRejected: 0,
    resends: 0,
    resendsExhausted: 0,
    errors: 0,
  };
  private samples: { at: number; published: number }[] = [];

  constructor(
    private readonly devices: number,
    private readonly startedAt: number,
  ) {}

  add(counter: Counter, by = 1): void {
    this.counts[counter] += by;
  }

  /** Record the published count now; call about once a second. */
  sample(now: number): void {
    this.samples.push({ at: now, published: this.counts.published });
    while (this.samples.length > 2 && (this.samples[1] as { at: number }).at <= now - WINDOW_MS) this.samples.shift();
  }

  snapshot(now: number): SimulationStats {
    const oldest = this.samples[0];
    const span = oldest ? now - oldest.at : 0;
    const msgPerSec = oldest && span > 0 ? ((this.counts.published - oldest.published) * 1000) / span : 0;
    return {
      devices: this.devices,
      ...this.counts,
      msgPerSec: Math.round(msgPerSec * 10) / 10,
      elapsedSec: Math.round((now - this.startedAt) / 100) / 10,
    };
  }
}
