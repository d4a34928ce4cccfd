import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.ts';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"version":1,"text":"Báo cháy"}';
  it('is HMAC-SHA256 of "{timestamp}.{body}", hex, after sha256=', () => {
    const expected = createHmac('sha256', secret).update(`1764806400.${body}`).digest('hex');
    expect(signWebhook(secret, 1764806400, body)).toBe(`sha256=${expected}`);
  });
  it('verifies the signature, and refuses another body, another secret, or a timestamp 5 minutes off', () => {
    const sig = signWebhook(secret, 1000, body);
    expect(verifyWebhook(secret, '1000', body, sig, 1000)).toBe(true);
    expect(verifyWebhook(secret, '1000', body, sig, 1299)).toBe(true);
    expect(verifyWebhook(secret, '1000', body, sig, 1301)).toBe(false);
    expect(verifyWebhook(secret, '1000', `${body} `, sig, 1000)).toBe(false);
    expect(verifyWebhook('whsec_other', '1000', body, sig, 1000)).toBe(false);
    // The timestamp is signed: moving it invalidates the signature.
    expect(verifyWebhook(secret, '1001', body, sig, 1000)).toBe(false);
    expect(verifyWebhook(secret, undefined, body, sig, 1000)).toBe(false);
  });
});
