import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { httpResult, type AttemptResult } from '../delivery/attempt-result.ts';
import type { TargetGuard } from './target-guard.ts';

/** How much of an error answer is kept: enough to say why, never a large page kept in a row. */
const ERROR_BODY_CHARS = 200;
/** A success answer's body is read and dropped up to this, then the connection is closed. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

function readStart(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      if (text.length >= ERROR_BODY_CHARS) res.destroy();
    });
    res.on('close', () => resolve(text.slice(0, ERROR_BODY_CHARS)));
    res.on('error', () => resolve(text.slice(0, ERROR_BODY_CHARS)));
  });
}

/**
 * One HTTP attempt bounded by `timeoutMs`, to an address the guard allows (checked on the address
 * connected to, after DNS). Network errors and timeouts are failures a retry may cure; a refused
 * address or a URL that is not http(s) is final. Redirects are not followed: a receiver that moved
 * says so with its status, and a redirect cannot lead the request somewhere the guard would refuse.
 */
export async function sendHttp(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | undefined },
  timeoutMs: number,
  guard: TargetGuard,
  now: () => number = performance.now.bind(performance),
): Promise<AttemptResult> {
  const started = now();
  const failed = (error: string, permanent: boolean): AttemptResult => ({ ok: false, permanent, status: null, error, durationMs: Math.round(now() - started) });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return failed('the URL does not parse', true);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return failed(`${target.protocol} is not http or https`, true);
  // An address written in the URL is connected to without a lookup, so it is judged here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  const refused = isIP(literal) ? guard.refusal(literal) : null;
  if (refused) return failed(refused, true);

  const headers = { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const settle = (r: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    // The time limit covers the error answer's body too: a receiver that sends headers and then
    // trickles the body cannot hold an attempt (and its lease) open.
    const timer = setTimeout(() => {
      settle(failed(`no answer within ${timeoutMs} ms`, false));
      req.destroy();
    }, timeoutMs);
    const req = send(target, { method: init.method, headers, lookup: guard.lookup }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        settle(httpResult(status, started, now()));
        // Drained so the connection can be reused, but never more than a small answer's worth.
        let drained = 0;
        res.on('data', (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > DRAIN_LIMIT_BYTES) res.destroy();
        });
      } else void readStart(res).then((text) => settle(httpResult(status, started, now(), text)));
    });
    req.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'CITYOPS_TARGET_REFUSED') return settle(failed(err.message, true));
      settle(failed(err.code ?? err.message, false));
    });
    req.end(init.body);
  });
}
