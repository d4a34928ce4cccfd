import { describe, expect, it } from 'vitest';
import { redactSecrets } from './audit-redact.ts';

describe('redactSecrets', () => {
  it('blanks secrets at any depth and keeps the rest', () => {
    expect(
      redactSecrets({
        id: 3,
        name: 'call centre',
        key: 'cok_abc',
        scopes: ['tickets'],
        nested: [{ password: 'x', passwordHash: 'y', role: 'admin', secret: 's' }],
      }),
    ).toEqual({
      id: 3,
      name: 'call centre',
      key: '[redacted]',
      scopes: ['tickets'],
      nested: [{ password: '[redacted]', passwordHash: '[redacted]', role: 'admin', secret: '[redacted]' }],
    });
    expect(redactSecrets(null)).toBeNull();
  });
});
