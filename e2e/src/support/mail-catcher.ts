import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the mail server took it: envelope recipients and the raw message. */
export interface CaughtMail {
  to: string[];
  raw: string;
}

/**
 * The city's mail relay as the stack sees it: a real SMTP server (the `smtp-server` package) on
 * 127.0.0.1 that keeps every message. Written here rather than taken from @cityops/notifications:
 * the e2e suites see the stack from the outside only.
 */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  readonly #server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((ok) => this.#server.listen(0, '127.0.0.1', ok));
    return `smtp://127.0.0.1:${(this.#server.server.address() as AddressInfo).port}`;
  }

  /** The messages to one address, with quoted-printable soft line breaks joined (links read whole). */
  to(address: string): string[] {
    return this.mails.filter((m) => m.to.includes(address)).map((m) => m.raw.replace(/=\r\n/g, ''));
  }

  stop(): Promise<void> {
    return new Promise((ok) => this.#server.close(() => ok()));
  }
}
