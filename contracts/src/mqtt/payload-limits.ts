/**
 * Limits a device payload must stay within before anything of ours walks it. The schemas describe
 * the known fields; devices may add fields (a newer firmware), and those extras are what these
 * limits bound: a deeply nested extra once overflowed the stack of a later `JSON.stringify`, and a
 * NUL inside a string is a value PostgreSQL's `text` cannot hold.
 */
export const PAYLOAD_LIMITS = {
  /** Nesting of objects and arrays; the contract's payloads are flat objects (depth 1). */
  maxDepth: 8,
  /** Keys and array elements over the whole document. */
  maxMembers: 512,
  /** Characters of one string value or key. */
  maxStringLength: 1024,
} as const;

/**
 * Deepest nesting of `[`/`{` in a JSON text, counting only structure outside strings. Runs before
 * `JSON.parse`, so a hostile document is refused without building it. Stops early past `limit`.
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The first limit a parsed document breaks, as a short detail, or null when it fits. */
export function payloadLimitBreach(json: unknown): string | null {
  let members = 0;
  const stack: { value: unknown; path: string }[] = [{ value: json, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > PAYLOAD_LIMITS.maxStringLength) return `${path || '/'} is ${value.length} characters; at most ${PAYLOAD_LIMITS.maxStringLength}`;
      if (value.includes('\u0000')) return `${path || '/'} contains a NUL character`;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    members += entries.length;
    if (members > PAYLOAD_LIMITS.maxMembers) return `more than ${PAYLOAD_LIMITS.maxMembers} keys and elements`;
    for (const [key, v] of entries) {
      if (key.length > PAYLOAD_LIMITS.maxStringLength) return `a key of ${path || '/'} is ${key.length} characters; at most ${PAYLOAD_LIMITS.maxStringLength}`;
      if (key.includes('\u0000')) return `a key of ${path || '/'} contains a NUL character`;
      // Paths are for the dead letter's detail: keep them short whatever the keys are.
      stack.push({ value: v, path: `${path}/${key.slice(0, 32)}` });
    }
  }
  return null;
}
