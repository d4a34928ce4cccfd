import { describe, expect, it } from 'vitest';
import { ConfigError } from '@cityops/contracts';
import { readMetricsEndpointConfig } from './metrics-endpoint-config.ts';

const TOKEN = 'a-scrape-token-of-32-characters!';

describe('readMetricsEndpointConfig', () => {
  it('serves nothing unless CITYOPS_METRICS_PORT is set', () => {
    expect(readMetricsEndpointConfig({})).toBeUndefined();
  });

  it('listens on loopback by default, where no token is needed', () => {
    expect(readMetricsEndpointConfig({ CITYOPS_METRICS_PORT: '9464' })).toEqual({ port: 9464, host: '127.0.0.1', token: undefined });
  });

  it('refuses a network address without a token, naming the variable to set', () => {
    const read = () => readMetricsEndpointConfig({ CITYOPS_METRICS_PORT: '9464', CITYOPS_METRICS_HOST: '0.0.0.0' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/CITYOPS_METRICS_TOKEN/);
    expect(readMetricsEndpointConfig({ CITYOPS_METRICS_PORT: '9464', CITYOPS_METRICS_HOST: '0.0.0.0', CITYOPS_METRICS_TOKEN: TOKEN })).toEqual({
      port: 9464,
      host: '0.0.0.0',
      token: TOKEN,
    });
  });

  it('refuses a short token and a port that is not one', () => {
    expect(() => readMetricsEndpointConfig({ CITYOPS_METRICS_PORT: '9464', CITYOPS_METRICS_TOKEN: 'short' })).toThrow(/CITYOPS_METRICS_TOKEN/);
    expect(() => readMetricsEndpointConfig({ CITYOPS_METRICS_PORT: 'http' })).toThrow(/CITYOPS_METRICS_PORT/);
  });
});
