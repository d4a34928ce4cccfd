import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { httpResult, type AttemptResult } from '../delivery/attempt-result.ts';
import type { TargetGuard } from './target-guard.ts';

/** How much of an error answer is kept: enough to say why, never a large page kept in a row. */
const ERROR_BODY_CHARS = 200;

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
    let timedOut = false;
    const req = send(target, { method: init.method, headers, lookup: guard.lookup }, (res) => {
      clearTimeout(timer);
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        res.resume();
        resolve(httpResult(status, started, now()));
      } else void readStart(res).then((text) => resolve(httpResult(status, started, now(), text)));
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      if (timedOut) return resolve(failed(`no answer within ${timeoutMs} ms`, false));
      if (err.code === 'CITYOPS_TARGET_REFUSED') return resolve(failed(err.message, true));
      resolve(failed(err.code ?? err.message, false));
    });
    req.end(init.body);
  });
}
