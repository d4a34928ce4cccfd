/** What one attempt came to, whatever the channel. */
export interface AttemptResult {
  ok: boolean;
  /** The receiver refused it in a way a retry will not change (a 4xx other than 408/425/429, a rejected address). */
  permanent: boolean;
  /** HTTP status or SMTP reply code, when there was one. */
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * HTTP answers a retry can change: timeouts, conflicts of the moment, rate limits and server
 * errors. Any other 4xx means the request itself is wrong for this receiver (a bad URL, a
 * rejected signature), so it goes straight to the dead letters for someone to fix.
 */
export function isPermanentHttpFailure(status: number): boolean {
  return status >= 400 && status < 500 && ![408, 409, 425, 429].includes(status);
}

export function httpResult(status: number, startedAt: number, now: number, body?: string): AttemptResult {
  const ok = status >= 200 && status < 300;
  return {
    ok,
    permanent: !ok && isPermanentHttpFailure(status),
    status,
    error: ok ? null : `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`,
    durationMs: Math.round(now - startedAt),
  };
}
