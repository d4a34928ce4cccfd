const two = (n: number): string => String(n).padStart(2, '0');

/** Time left until `targetIso`, with `overdue` once it has passed; null without a valid target. */
export function countdown(targetIso: string | null | undefined, nowMs: number): { text: string; overdue: boolean; ms: number } | null {
  if (!targetIso) return null;
  const target = Date.parse(targetIso);
  if (Number.isNaN(target)) return null;
  const ms = target - nowMs;
  return { text: formatCountdown(ms), overdue: ms <= 0, ms };
}

/**
 * `m:ss` under an hour, `h:mm:ss` from an hour up, never negative (an overdue step reads `0:00`
 * until the escalation event arrives). Rounded up: "0:01" shows until the last second is gone.
 */
export function formatCountdown(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0:00';
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
