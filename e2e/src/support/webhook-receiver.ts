import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@cityops/contracts';

/** One request as the receiver got it: the raw body is what the signature covers. */
export interface ReceivedWebhook {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Epoch ms when the body was read in full. */
  receivedAt: number;
  /** The status this receiver answered. */
  answered: number;
}

/**
 * An agency's webhook endpoint on 127.0.0.1 (a free port): it keeps every request, and answers each
 * path with the status set for it (200 unless told otherwise: a receiver that is down answers 500).
 * Written here with node:http, not taken from @cityops/notifications: the e2e suites see the stack
 * from the outside only.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly #statusByPath = new Map<string, number>();
  readonly #waiters = new Set<() => void>();

  readonly #server: Server;
  #origin = '';

  private constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://receiver').pathname;
        const status = this.#statusByPath.get(path) ?? 200;
        this.received.push({
          path,
          method: req.method ?? '',
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
          answered: status,
        });
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(status < 300 ? 'ok' : 'receiver down (e2e)');
        for (const wake of this.#waiters) wake();
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    const server = receiver.#server;
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(0, '127.0.0.1', () => res());
    });
    receiver.#origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    return this.#origin;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  /** Every request to `path` is answered with `status` from now on. */
  answer(path: string, status: number): void {
    this.#statusByPath.set(path, status);
  }

  /** The requests to `path` so far, oldest first. */
  to(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  /** The first request (past or future) for which `match` holds; fails after `timeoutMs`. */
  async waitFor(match: (r: ReceivedWebhook) => boolean, timeoutMs: number, what: string): Promise<ReceivedWebhook> {
    await this.until(() => this.received.some(match), timeoutMs, what);
    return this.received.find(match)!;
  }

  /** Resolves once `done()` holds, looked at after every request; fails after `timeoutMs` naming what came. */
  until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((res, rej) => {
      const check = () => {
        if (!done()) return;
        stop();
        res();
      };
      const timer = setTimeout(() => {
        stop();
        const got = this.received.map((r) => `${r.method} ${r.path} → ${r.answered}`).join(', ');
        rej(new Error(`no ${what} within ${timeoutMs} ms (received: ${got || 'nothing'})`));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((res) => this.#server.close(() => res()));
  }
}

/** One header of a request (the first, if it came several times). */
export function headerOf(r: ReceivedWebhook, name: string): string | undefined {
  const v = r.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface SignatureCheck {
  /** The signature is `sha256=` + hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`), compared in constant time. */
  valid: boolean;
  /** How far the signing time is from now, seconds (a receiver refuses more than 300). */
  skewSeconds: number;
  idempotencyKey: string | undefined;
}

/** What a receiver does before trusting a notification (notifications/README.md, "Webhook receivers"). */
export function checkSignature(r: ReceivedWebhook, secret: string): SignatureCheck {
  const timestamp = headerOf(r, TIMESTAMP_HEADER) ?? '';
  const signature = headerOf(r, SIGNATURE_HEADER) ?? '';
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return {
    valid: /^[0-9]+$/.test(timestamp) && given.length === expected.length && timingSafeEqual(given, expected),
    skewSeconds: Math.abs(Date.now() / 1000 - Number(timestamp)),
    idempotencyKey: headerOf(r, IDEMPOTENCY_HEADER),
  };
}
