import { describe, expect, it } from 'vitest';
import { httpResult, isPermanentHttpFailure } from './attempt-result.ts';

describe('HTTP attempt results', () => {
  it('retries timeouts, conflicts, rate limits and server errors; gives up on other 4xx', () => {
    expect([400, 401, 403, 404, 410, 422].map(isPermanentHttpFailure)).toEqual([true, true, true, true, true, true]);
    expect([408, 409, 425, 429, 500, 502, 503].map(isPermanentHttpFailure)).toEqual([false, false, false, false, false, false, false]);
  });
  it('says what the receiver answered', () => {
    expect(httpResult(503, 10, 190.4, 'maintenance')).toEqual({ ok: false, permanent: false, status: 503, error: 'HTTP 503: maintenance', durationMs: 180 });
    expect(httpResult(204, 0, 5)).toEqual({ ok: true, permanent: false, status: 204, error: null, durationMs: 5 });
  });
});
