import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import type { ProvisionedDevice } from '../fleet/device-spec.ts';
import type { Rng } from '../core/rng.ts';
import { deviceRng } from '../core/rng.ts';
import type { FireFields } from '../behaviours/fire.ts';
import { BEHAVIOURS, fireBehaviour } from '../behaviours/index.ts';
import type { FireState } from '../behaviours/fire.ts';
import type { StatsCollector } from './stats.ts';
import type { ResendPolicy } from './pending-receipts.ts';
import { PendingReceipts } from './pending-receipts.ts';
import { parseReceipt } from './parse-receipt.ts';
import { connectDevice, disconnect } from './connect-device.ts';

export interface SessionContext {
  mqttUrl: string;
  rate: number;
  seed: number;
  clock: () => number;
  stats: StatsCollector;
  log: Logger;
  resend: ResendPolicy;
  connectTimeoutMs: number;
  onError(deviceId: string, what: string, err: Error): void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** One device: its own MQTT connection, its behaviour's timer and, for fire panels, its receipts. */
export class DeviceSession {
  private client: MqttClient | undefined;
  private state: unknown;
  private readonly firstDelayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private up = false;
  private closed = false;
  private readonly rng: Rng;
  private readonly topic: string;
  private readonly receipts: PendingReceipts | undefined;

  constructor(
    readonly device: ProvisionedDevice,
    private readonly ctx: SessionContext,
  ) {
    this.rng = deviceRng(ctx.seed, device.id);
    this.topic = telemetryTopic(device.kind, device.id);
    const init = BEHAVIOURS[device.kind].init(device, ctx.clock(), this.rng);
    this.state = init.state;
    this.firstDelayMs = init.delayMs;
    if (device.kind === 'fire') {
      this.receipts = new PendingReceipts(ctx.resend, {
        send: (bytes) => this.send(bytes),
        onResend: (seq, attempt) => {
          ctx.stats.add('resends');
          ctx.log.debug({ deviceId: device.id, seq, attempt }, 'fire event resent');
        },
        onExhausted: (seq) => {
          ctx.stats.add('resendsExhausted');
          ctx.log.warn({ deviceId: device.id, seq }, 'no receipt after the last resend; fire event given up');
        },
      });
    }
  }

  /** Connect; resolves once connected, refused or timed out, so callers can pace new connections. */
  open(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const { device, ctx } = this;
    const { client, opened } = connectDevice(ctx.mqttUrl, device, this.rng, ctx.connectTimeoutMs, {
      onConnect: () => this.onConnect(),
      onClose: () => {
        if (this.up) ctx.stats.add('connected', -1);
        this.up = false;
      },
      onError: (err) => ctx.onError(device.id, 'connection', err),
      onMessage: (topic, bytes) => this.onMessage(topic, bytes),
    });
    this.client = client;
    return opened;
  }

  /** A scenario's scripted fire event: published now, resent until its receipt like any other. */
  inject(fields: FireFields): void {
    if (this.closed || this.device.kind !== 'fire') return;
    const { state, payload } = fireBehaviour.inject(this.state as FireState, fields, this.ctx.clock());
    this.state = state;
    this.ctx.log.info({ deviceId: this.device.id, seq: payload.seq, event: payload.event }, 'scripted fire event');
    this.publish(payload);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.receipts?.clear();
    if (this.client) await disconnect(this.client);
  }

  private onConnect(): void {
    const { device, ctx } = this;
    if (!this.up) ctx.stats.add('connected');
    this.up = true;
    if (!this.started) {
      this.started = true;
      // With clean sessions mqtt.js re-subscribes after each reconnect by itself (resubscribe: true).
      if (device.kind === 'fire') {
        this.client?.subscribe(receiptTopic(device.id), { qos: 1 }, (err) => {
          if (err) ctx.onError(device.id, 'subscribe', err);
        });
      }
      this.schedule(this.firstDelayMs);
    }
    // Events raised while the connection was down go out now, not at their next resend tick.
    this.receipts?.flush();
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => this.wake(), Math.min(MAX_TIMER_MS, Math.max(0, delayMs / this.ctx.rate)));
  }

  private wake(): void {
    if (this.closed) return;
    const step = BEHAVIOURS[this.device.kind].step(this.device, this.state, this.ctx.clock(), this.rng);
    this.state = step.state;
    if (step.payload) this.publish(step.payload);
    this.schedule(step.delayMs);
  }

  private publish(payload: { seq: number }): void {
    const bytes = Buffer.from(JSON.stringify(payload));
    if (this.receipts) this.receipts.track(payload.seq, bytes);
    else if (!this.send(bytes)) this.ctx.stats.add('dropped');
  }

  private send(bytes: Buffer): boolean {
    const client = this.client;
    if (!client?.connected || this.closed) return false;
    client.publish(this.topic, bytes, { qos: 1 }, (err) => {
      if (err) this.ctx.onError(this.device.id, 'publish', err);
      else this.ctx.stats.add('published');
    });
    return true;
  }

  private onMessage(topic: string, bytes: Buffer): void {
    if (!this.receipts || topic !== receiptTopic(this.device.id)) return;
    const receipt = parseReceipt(bytes);
    if (!receipt) {
      this.ctx.log.warn({ deviceId: this.device.id, topic }, 'receipt is not {seq, status}; ignored');
      return;
    }
    if (!this.receipts.settle(receipt.seq)) return; // a second receipt for an event already settled
    if (receipt.status === 'ack') this.ctx.stats.add('receiptsAcked');
    else {
      this.ctx.stats.add('receiptsRejected');
      this.ctx.log.warn({ deviceId: this.device.id, seq: receipt.seq, reason: receipt.reason }, 'fire event rejected by the server');
    }
  }
}
