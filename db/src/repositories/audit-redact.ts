/** Members whose values are secrets: a password, a key shown once, a token. Never stored in the audit log. */
const SECRET = /pass(word)?|secret|token|^key$|apikey|hash/i;

/** A copy of a JSON value with every secret member replaced by a marker, at any depth. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET.test(k) ? '[redacted]' : redactSecrets(v);
  return out;
}
