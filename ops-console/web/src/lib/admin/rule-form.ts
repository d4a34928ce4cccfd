/**
 * A rule as the rules screen edits it: each field by its JSON pointer (what the server's errors
 * name), its input kind, and its text. Milliseconds are shown in seconds (what a supervisor thinks
 * in); lists as comma-separated text; nested objects (escalation, overrides, the hotline's lines) as JSON.
 */
export type FieldKind = 'bool' | 'severity' | 'number' | 'seconds' | 'list' | 'json';

export interface RuleField {
  path: string;
  kind: FieldKind;
  /** The last part of the path: the label's key. */
  name: string;
  value: string | boolean;
}

type Rule = Record<string, unknown>;

function fieldOf(path: string, name: string, v: unknown): RuleField {
  if (typeof v === 'boolean') return { path, kind: 'bool', name, value: v };
  if (typeof v === 'number')
    return name.endsWith('Ms') ? { path, kind: 'seconds', name, value: String(v / 1000) } : { path, kind: 'number', name, value: String(v) };
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { path, kind: 'list', name, value: v.join(', ') };
  return { path, kind: 'json', name, value: JSON.stringify(v ?? null, null, 2) };
}

/** The fields a supervisor edits, in the screen's order. */
export function ruleFields(rule: Rule): RuleField[] {
  const fields: RuleField[] = [
    { path: '/enabled', kind: 'bool', name: 'enabled', value: rule.enabled === true },
    { path: '/severity', kind: 'severity', name: 'severity', value: String(rule.severity ?? '') },
    fieldOf('/forDurationMs', 'forDurationMs', rule.forDurationMs ?? 0),
    fieldOf('/recoverAfterMs', 'recoverAfterMs', rule.recoverAfterMs ?? 0),
  ];
  for (const [k, v] of Object.entries((rule.params ?? {}) as Record<string, unknown>)) fields.push(fieldOf(`/params/${k}`, k, v));
  // Steps and overrides are lists of objects: JSON even when empty.
  fields.push({ path: '/escalation', kind: 'json', name: 'escalation', value: JSON.stringify(rule.escalation ?? [], null, 2) });
  fields.push({ path: '/overrides', kind: 'json', name: 'overrides', value: JSON.stringify(rule.overrides ?? {}, null, 2) });
  return fields;
}

export type ApplyResult = { ok: true; rule: Rule } | { ok: false; path: string; problem: 'number' | 'json' };

/** The rule with the edited values in, or the first field whose text is not a value of its kind. */
export function applyFields(rule: Rule, fields: readonly RuleField[]): ApplyResult {
  const next: Rule = structuredClone(rule);
  for (const f of fields) {
    let value: unknown;
    if (f.kind === 'bool' || f.kind === 'severity') value = f.value;
    else if (f.kind === 'number' || f.kind === 'seconds') {
      const text = String(f.value).trim().replace(',', '.');
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return { ok: false, path: f.path, problem: 'number' };
      value = f.kind === 'seconds' ? Math.round(n * 1000) : n;
    } else if (f.kind === 'list') {
      value = String(f.value)
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
    } else {
      try {
        value = JSON.parse(String(f.value));
      } catch {
        return { ok: false, path: f.path, problem: 'json' };
      }
    }
    setAt(next, f.path, value);
  }
  // An empty list of steps or overrides is the same as none: the schema wants them absent.
  if (Array.isArray(next.escalation) && next.escalation.length === 0 && rule.escalation === undefined) delete next.escalation;
  if (isEmptyObject(next.overrides) && rule.overrides === undefined) delete next.overrides;
  return { ok: true, rule: next };
}

const isEmptyObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;

function setAt(target: Rule, path: string, value: unknown): void {
  const parts = path.split('/').slice(1);
  let node = target;
  for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Rule;
  node[parts[parts.length - 1]!] = value;
}

/**
 * The server's errors by the field they belong to: an error on `/params/maxWaiting` or below it
 * (`/overrides/byArea/A030/maxWaiting` belongs to `/overrides`) goes to that field; the rest are general.
 */
export function errorsByField(
  fields: readonly RuleField[],
  errors: readonly { path: string; message: string }[],
): { byField: Map<string, string>; general: string[] } {
  const byField = new Map<string, string>();
  const general: string[] = [];
  for (const e of errors) {
    const field = fields.find((f) => e.path === f.path || e.path.startsWith(`${f.path}/`));
    if (field && !byField.has(field.path)) byField.set(field.path, field.path === e.path ? e.message : `${e.path.slice(field.path.length + 1)}: ${e.message}`);
    else general.push(`${e.path} ${e.message}`);
  }
  return { byField, general };
}
