import { INTL_LOCALE, type Locale } from '../i18n/translate.ts';
import type { KpiName } from './figures.ts';

/** What a figure shows when the server has no value for it. */
export const NO_VALUE = '—';

const formatters = new Map<string, Intl.NumberFormat>();

/** `1.234,5` in Vietnamese, `1,234.5` in English; at most `fractionDigits` decimals. */
export function formatNumber(n: number | null, locale: Locale, fractionDigits = 0): string {
  if (n === null || !Number.isFinite(n)) return NO_VALUE;
  const id = `${locale}/${fractionDigits}`;
  let f = formatters.get(id);
  if (!f) formatters.set(id, (f = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: fractionDigits })));
  return f.format(n);
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `mm:ss`, or `h:mm:ss` from an hour up; the same in both languages. */
export function formatDuration(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec) || sec < 0) return NO_VALUE;
  const total = Math.round(sec);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** A figure's value as the strip prints it (its unit is printed apart, smaller). */
export function formatKpi(name: KpiName, value: number | null, locale: Locale): string {
  switch (name) {
    case 'mtta':
      return formatDuration(value);
    case 'queue-p90':
      return formatNumber(value === null ? null : value / 60, locale, 1);
    case 'cameras':
    case 'hotline':
      return formatNumber(value, locale, 1);
    case 'ingest':
      return formatNumber(value, locale, value !== null && Math.abs(value) < 10 ? 1 : 0);
    default:
      return formatNumber(value, locale);
  }
}
