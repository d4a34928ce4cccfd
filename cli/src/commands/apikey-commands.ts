import { API_KEY_SCOPES, type ApiKeyScope } from '@cityops/contracts';
import { createApiKey, listApiKeys, revokeApiKey, type Pool } from '@cityops/db';

/** `cityops apikey add|list|revoke`: keys for the call-centre system and Open311 apps. */
export type ApiKeyCommand = { op: 'apikey.add'; name: string; scopes: string[] } | { op: 'apikey.list' } | { op: 'apikey.revoke'; id: number };

/** Returns what is wrong with the command, or null. */
export function apiKeyCommandProblem(cmd: ApiKeyCommand): string | null {
  switch (cmd.op) {
    case 'apikey.add':
      if (cmd.name.trim() === '' || cmd.name.length > 100) return '--name must be 1-100 characters';
      if (cmd.scopes.length === 0 || cmd.scopes.some((s) => !(API_KEY_SCOPES as readonly string[]).includes(s)))
        return `--scopes must be a comma list of ${API_KEY_SCOPES.join(', ')}`;
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
      return createApiKey(pool, { name: cmd.name, scopes: [...new Set(cmd.scopes)] as ApiKeyScope[] }, 'cli');
    case 'apikey.list':
      return listApiKeys(pool);
    case 'apikey.revoke':
      return revokeApiKey(pool, cmd.id);
  }
}
