import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

/** One route as the server registered it; `access` and `schema` are read when asked, after every onRoute hook ran. */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: string | undefined;
  readonly schema: FastifySchema | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the app with its declared access: what tests probe and start-up checks. */
    routeTable: readonly DeclaredRoute[];
  }
}

/**
 * Records the routes from the server itself, so checks of "every route" cannot miss one that a
 * hand-written list forgot. Routes with no access rule are logged at start (they answer 403).
 */
export function registerRouteTable(app: FastifyInstance): void {
  const routes: DeclaredRoute[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (options: RouteOptions) => {
    // A later onRoute hook (the static files' scope) may still set `config.access`.
    for (const method of [options.method].flat()) {
      routes.push({
        method,
        url: options.url,
        get access() {
          return options.config?.access;
        },
        get schema() {
          return options.schema;
        },
      });
    }
  });
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    if (undeclared.length > 0) app.log.error({ routes: undeclared }, 'routes without an access rule: they answer 403');
  });
}
