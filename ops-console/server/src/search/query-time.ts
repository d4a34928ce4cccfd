import { CityopsError } from '@cityops/contracts';

/** Years a timestamptz and a person's search both make sense in; beyond them PostgreSQL would fail the query (a 500). */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

/** A `from`/`to` query value (RFC 3339 or epoch milliseconds) as a Date; a 400 naming the field otherwise. */
export function queryTime(text: string | undefined, name: string): Date | undefined {
  if (text === undefined) return undefined;
  const t = /^\d{10,13}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(t) || t < EARLIEST || t > LATEST)
    throw new CityopsError('CITYOPS_REQUEST_INVALID', `${name} must be an RFC 3339 time or epoch milliseconds between 1970 and 9999`);
  return new Date(t);
}
