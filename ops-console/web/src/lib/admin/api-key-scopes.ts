import type { ApiKeyScope } from '@cityops/contracts';

/**
 * What an API key may do, restated from contracts' API_KEY_SCOPES (a value import would pull the
 * schema library into the bundle); api-key-scopes.test.ts pins the two together.
 */
export const API_KEY_SCOPE_LIST: readonly ApiKeyScope[] = ['tickets', 'open311'];
