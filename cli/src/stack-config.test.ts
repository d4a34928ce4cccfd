import { describe, expect, it } from 'vitest';
import { ConfigError } from '@cityops/contracts';
import { readStackConfig } from './stack-config.ts';

const POSTGRES = { DATABASE_URL: 'postgres://cityops@db:5432/cityops', MQTT_URL: 'mqtt://broker:1883' };

describe('CITYOPS_ALERTING', () => {
  it('runs alerting in the process by default, embedded or not', () => {
    expect(readStackConfig({}).alerting).toBe(true);
    expect(readStackConfig(POSTGRES).alerting).toBe(true);
  });

  it('leaves alerting to stand-alone processes when 0, on PostgreSQL', () => {
    expect(readStackConfig({ ...POSTGRES, CITYOPS_ALERTING: '0' }).alerting).toBe(false);
  });

  it('refuses 0 on the embedded database, where no other process could run it', () => {
    const read = () => readStackConfig({ CITYOPS_ALERTING: '0' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/CITYOPS_ALERTING/);
  });
});
