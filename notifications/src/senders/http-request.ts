import { httpResult, type AttemptResult } from '../delivery/attempt-result.ts';

/** One HTTP attempt bounded by `timeoutMs`; network errors and timeouts are failures a retry may cure. */
export async function sendHttp(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | undefined },
  timeoutMs: number,
  now: () => number = performance.now.bind(performance),
): Promise<AttemptResult> {
  const started = now();
  try {
    const res = await fetch(url, { method: init.method, headers: init.headers, body: init.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // Only the start of an error body: enough to say why, never a large page kept in a row.
    const text = res.ok ? '' : (await res.text().catch(() => '')).slice(0, 200);
    if (res.ok) await res.body?.cancel().catch(() => undefined);
    return httpResult(res.status, started, now(), text);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
    return { ok: false, permanent: false, status: null, error: why, durationMs: Math.round(now() - started) };
  }
}
