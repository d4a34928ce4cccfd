import { AGENCY_LINES, API_KEY_SCOPES, type AgencyLine, type ApiKeyScope } from '@cityops/contracts';
import { createApiKey, listApiKeys, revokeApiKey, type Pool } from '@cityops/db';

/** `cityops apikey add|list|revoke`: keys for the call-centre system, Open311 apps and agencies (their lines or areas). */
export type ApiKeyCommand =
  { op: 'apikey.add'; name: string; scopes: string[]; lines?: string[]; areas?: string[] } | { op: 'apikey.list' } | { op: 'apikey.revoke'; id: number };

/** Returns what is wrong with the command, or null. */
export function apiKeyCommandProblem(cmd: ApiKeyCommand): string | null {
  switch (cmd.op) {
    case 'apikey.add':
      if (cmd.name.trim() === '' || cmd.name.length > 100) return '--name must be 1-100 characters';
      if (cmd.scopes.length === 0 || cmd.scopes.some((s) => !(API_KEY_SCOPES as readonly string[]).includes(s)))
        return `--scopes must be a comma list of ${API_KEY_SCOPES.join(', ')}`;
      if ((cmd.lines ?? []).some((l) => !(AGENCY_LINES as readonly string[]).includes(l))) return `--lines must be a comma list of ${AGENCY_LINES.join(', ')}`;
      if (cmd.scopes.includes('agency') && (cmd.lines ?? []).length + (cmd.areas ?? []).length === 0)
        return 'an agency key needs --lines (e.g. 114) or --areas (e.g. hoan-kiem,ba-dinh)';
      if (!cmd.scopes.includes('agency') && (cmd.lines?.length || cmd.areas?.length)) return '--lines and --areas are for --scopes agency';
      return null;
    case 'apikey.revoke':
      return Number.isSafeInteger(cmd.id) && cmd.id > 0 ? null : '--id must be the number `apikey list` shows';
    case 'apikey.list':
      return null;
  }
}

/** The key is in the answer of `add` only: it is stored as a hash. */
export async function runApiKeyCommand(pool: Pool, cmd: ApiKeyCommand): Promise<unknown> {
  switch (cmd.op) {
    case 'apikey.add':
      return createApiKey(
        pool,
        { name: cmd.name, scopes: [...new Set(cmd.scopes)] as ApiKeyScope[], agencyLines: (cmd.lines ?? []) as AgencyLine[], agencyAreas: cmd.areas ?? [] },
        'cli',
      );
    case 'apikey.list':
      return listApiKeys(pool);
    case 'apikey.revoke':
      return revokeApiKey(pool, cmd.id);
  }
}
