import { createTransport, type Transporter } from 'nodemailer';
import type { EmailSettings, WebhookBody } from '@cityops/contracts';
import type { AttemptResult } from '../delivery/attempt-result.ts';
import { emailSubject, emailText } from '../message/render.ts';

/** The center's SMTP server (CITYOPS_SMTP_URL and friends, read by ../config.ts). */
export interface SmtpConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the first byte). */
  url: string;
  from: string;
  /** Refuse to send over a connection that did not upgrade to TLS. */
  requireTls: boolean;
  /** Accept a certificate that does not verify (a self-signed relay inside the center's network). */
  allowUnverifiedTls: boolean;
  timeoutMs: number;
}

/** One plain-text message; its key becomes the Message-ID and a header, the same on every retry. */
export interface PlainMail {
  subject: string;
  text: string;
  idempotencyKey: string;
  headers?: Record<string, string>;
}

export interface EmailSender {
  /** An incident's notification to an e-mail contact point. */
  send(to: readonly string[], body: WebhookBody): Promise<AttemptResult>;
  /** Any other message (a citizen's update about their report). */
  sendPlain(to: readonly string[], mail: PlainMail): Promise<AttemptResult>;
  close(): void;
}

/** Message-IDs carry the idempotency key: a mail system that deduplicates by Message-ID files a retry once. */
const messageId = (key: string) => `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@cityops.notifier>`;

export function createEmailSender(cfg: SmtpConfig, now: () => number = performance.now.bind(performance)): EmailSender {
  const transport: Transporter = createTransport({
    url: cfg.url,
    requireTLS: cfg.requireTls,
    tls: { rejectUnauthorized: !cfg.allowUnverifiedTls },
    connectionTimeout: cfg.timeoutMs,
    greetingTimeout: cfg.timeoutMs,
    socketTimeout: cfg.timeoutMs,
  } as Parameters<typeof createTransport>[0]);
  async function sendPlain(to: readonly string[], mail: PlainMail): Promise<AttemptResult> {
    const started = now();
    try {
      await transport.sendMail({
        from: cfg.from,
        to: [...to],
        subject: mail.subject,
        text: mail.text,
        messageId: messageId(mail.idempotencyKey),
        headers: { 'X-Cityops-Idempotency-Key': mail.idempotencyKey, ...mail.headers },
      });
      return { ok: true, permanent: false, status: 250, error: null, durationMs: Math.round(now() - started) };
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string };
      // SMTP 5xx replies are final (no such mailbox, relaying refused); 4xx and lost connections are not.
      const status = e.responseCode ?? null;
      return {
        ok: false,
        permanent: status !== null && status >= 500,
        status,
        error: `${e.code ?? 'SMTP'}: ${e.message}`.slice(0, 300),
        durationMs: Math.round(now() - started),
      };
    }
  }
  return {
    send: (to, body) =>
      sendPlain(to, {
        subject: emailSubject(body),
        text: emailText(body),
        idempotencyKey: body.idempotencyKey,
        headers: { 'X-Cityops-Incident': String(body.incident.id) },
      }),
    sendPlain,
    close: () => transport.close(),
  };
}

/** Without CITYOPS_SMTP_URL, e-mail contact points cannot send: each attempt says so, and the delivery waits for the setting. */
const noSmtp = async (): Promise<AttemptResult> => ({
  ok: false,
  permanent: false,
  status: null,
  error: 'no SMTP server configured (CITYOPS_SMTP_URL)',
  durationMs: 0,
});
export const NO_SMTP: EmailSender = {
  send: noSmtp,
  sendPlain: noSmtp,
  close: () => undefined,
};

export type { EmailSettings };
