type Env = Readonly<Record<string, string | undefined>>;

/** A BENCH_* number, undefined when unset; out of range or not a number stops the bench with its name. */
export function envNumber(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number ${min}–${max}, got "${raw}"`);
  return v;
}
