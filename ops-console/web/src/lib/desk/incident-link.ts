/**
 * `?incident=<id>`: where a notification's link points (`<console URL>/?incident=42`). The console
 * opens that incident at the desk once signed in, then takes the parameter out of the address
 * (like `?mode=`, through history.replaceState) so a reload does not open it again.
 */
export const INCIDENT_PARAM = 'incident';

/** The incident the address asks for: a positive whole number, else none. */
export function parseIncidentParam(search: string): number | null {
  const value = new URLSearchParams(search).get(INCIDENT_PARAM)?.trim() ?? '';
  if (!/^[0-9]+$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The address without `?incident=`; the other parameters (`?mode=`) stay as they were. */
export function searchWithoutIncident(search: string): string {
  const params = new URLSearchParams(search);
  if (!params.has(INCIDENT_PARAM)) return search;
  params.delete(INCIDENT_PARAM);
  const rest = params.toString();
  return rest === '' ? '' : `?${rest}`;
}
