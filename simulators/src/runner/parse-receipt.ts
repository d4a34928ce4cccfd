import type { FireReceipt } from '@cityops/contracts';

/**
 * Read a receipt from city/v1/fire/{id}/receipt. Returns undefined instead of throwing: a bad
 * message from the server must not crash a panel: it runs in the hot loop of every simulated device.
 */
export function parseReceipt(bytes: Uint8Array): FireReceipt | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { seq, status, reason } = json as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return undefined;
  if (status === 'ack') return { seq: seq as number, status };
  if (status === 'rejected') return { seq: seq as number, status, reason: typeof reason === 'string' ? reason : '' };
  return undefined;
}
