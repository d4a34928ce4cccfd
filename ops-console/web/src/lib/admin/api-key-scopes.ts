import type { AgencyLine, ApiKeyScope } from '@cityops/contracts';

/**
 * What an API key may do, restated from contracts' API_KEY_SCOPES (a value import would pull the
 * schema library into the bundle); api-key-scopes.test.ts pins the two together.
 */
export const API_KEY_SCOPE_LIST: readonly ApiKeyScope[] = ['tickets', 'open311', 'agency'];

/** The lines an agency key may speak for, restated from contracts' AGENCY_LINES (pinned by the test). */
export const AGENCY_LINE_LIST: readonly AgencyLine[] = ['113', '114', '115'];

/** Areas typed as a comma list ("hoan-kiem, ba-dinh"): trimmed, empty ones and repeats dropped. */
export function parseAreas(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ];
}
