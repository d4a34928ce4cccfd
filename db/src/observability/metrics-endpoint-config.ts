import { isIP } from 'node:net';
import { ConfigError, envPort, envString } from '@cityops/contracts';

/** Where a stand-alone process answers Prometheus and its orchestrator's probes. */
export interface MetricsEndpointConfig {
  port: number;
  host: string;
  /** The bearer token `/metrics` wants (Prometheus: `authorization: { credentials: … }`); none on loopback only. */
  token: string | undefined;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * CITYOPS_METRICS_PORT (unset: no endpoint), CITYOPS_METRICS_HOST (default 127.0.0.1) and
 * CITYOPS_METRICS_TOKEN. Figures of the city's devices and incidents are not for anyone on the
 * network: an address beyond loopback needs a token.
 */
export function readMetricsEndpointConfig(env: Readonly<Record<string, string | undefined>>): MetricsEndpointConfig | undefined {
  if (envString(env, 'CITYOPS_METRICS_PORT') === undefined) return undefined;
  const port = envPort(env, 'CITYOPS_METRICS_PORT', 0);
  const host = envString(env, 'CITYOPS_METRICS_HOST', '127.0.0.1')!;
  const token = envString(env, 'CITYOPS_METRICS_TOKEN');
  if (token !== undefined && token.length < 16) throw new ConfigError('CITYOPS_METRICS_TOKEN', 'must be at least 16 characters');
  if (!token && !isLoopback(host))
    throw new ConfigError('CITYOPS_METRICS_HOST', `${host} is reachable from the network: set CITYOPS_METRICS_TOKEN, the bearer token Prometheus must send`);
  return { port, host, token };
}
