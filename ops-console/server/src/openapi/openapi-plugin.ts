import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifySchema } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Problem, SESSION_COOKIE } from '@cityops/contracts';

/** Where the description is served, and the reference page that reads it. */
export const OPENAPI_JSON_PATH = '/api/openapi.json';
export const API_REFERENCE_PATH = '/api/docs';

/** The console's own version, from its package.json. */
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const ERROR_RESPONSE = {
  description: 'Problem details (RFC 9457) with a stable `code`; see docs/api.md for the codes.',
  content: { 'application/problem+json': { schema: Problem } },
};

/** The group an operation is listed under: the resource its path names. */
export function tagOf(url: string): string {
  const [first, second] = url.split('/').filter(Boolean);
  if (first === 'api') return second ?? 'api';
  if (first === 'status') return 'citizens';
  if (first === 'metrics') return 'health';
  return first ?? 'api';
}

/**
 * OpenAPI 3.1 generated from the schemas the routes validate with (TypeBox is JSON Schema), served
 * at /api/openapi.json with a Swagger UI reference page at /api/docs, both for any signed-in user.
 * Each operation also says the least role it needs (`x-cityops-role`) and that errors are problem
 * details. Response schemas are documentation: replies are serialised as the handlers build them
 * (JSON.stringify), as before, so a schema can never drop a field a client relies on.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cityops operations center API',
        version,
        description:
          'REST API of the cityops console: incidents, hotline tickets, devices, alerting, notifications, history. ' +
          'Sign in with POST /api/auth/login (session cookie); machine clients send an API key. Realtime events ' +
          'go over Socket.IO /ops, described in docs/api.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Session from POST /api/auth/login.' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (Authorization: Bearer …, or X-Api-Key).' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const access = route.config?.access;
      const own = (schema ?? {}) as FastifySchema & { response?: Record<string, unknown> };
      const security = access === 'public' ? (own.security ?? []) : [...(own.security ?? []), { session: [] }];
      const response = { ...(own.response ?? {}), '4XX': ERROR_RESPONSE };
      const tags = own.tags ?? [tagOf(url)];
      const transformed = { ...own, tags, security, response, ...(access ? { 'x-cityops-role': access } : {}) };
      return { schema: transformed as unknown as FastifySchema, url };
    },
  });
  // Its own scope, so the page's routes (which take no route config) are declared here, for viewers.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'viewer' };
    });
    await scope.register(swaggerUi, {
      routePrefix: API_REFERENCE_PATH,
      // No calls to validator.swagger.io: the page loads nothing from another site.
      uiConfig: { validatorUrl: null, deepLinking: true },
      theme: { title: 'cityops API' },
    });
  });
  app.get(OPENAPI_JSON_PATH, { schema: { hide: true }, config: { access: 'viewer' } }, async () => app.swagger());
}
