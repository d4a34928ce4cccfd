import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from './config.ts';
import { loadFleet } from './load-fleet.ts';
import { createProgressPrinter, formatProgress } from './progress.ts';
import type { SimulationStats } from '../runner/stats.ts';

const errorOf = (argv: string[], env = {}) => {
  const r = parseArgs(argv, env);
  return !r.ok && !r.help ? r.error : undefined;
};

describe('parseArgs', () => {
  it('reads every option, in both --flag value and --flag=value forms', () => {
    const r = parseArgs(
      [
        '--scenario',
        'fire-outbreak',
        '--devices=20',
        '--rate',
        '2.5',
        '--duration',
        '30',
        '--mqtt-url',
        'mqtt://h:1883',
        '--credentials',
        'f.json',
        '--seed',
        '7',
      ],
      {},
    );
    expect(r).toEqual({
      ok: true,
      config: { scenario: 'fire-outbreak', devices: 20, rate: 2.5, durationSec: 30, mqttUrl: 'mqtt://h:1883', credentials: 'f.json', seed: 7 },
    });
  });

  it('defaults to normal-day, rate 1, all devices, MQTT_URL or the local broker', () => {
    expect(parseArgs(['--credentials', 'f.json'], {})).toMatchObject({
      ok: true,
      config: { scenario: 'normal-day', rate: 1, devices: undefined, mqttUrl: 'mqtt://127.0.0.1:1883' },
    });
    expect(parseArgs(['--credentials', 'f.json'], { MQTT_URL: 'mqtt://broker:1883' })).toMatchObject({ config: { mqttUrl: 'mqtt://broker:1883' } });
  });

  it('names the bad argument in one line', () => {
    expect(errorOf(['--scenario', 'flood', '--credentials', 'f'])).toMatch(/--scenario must be one of normal-day, fire-outbreak, got "flood"/);
    expect(errorOf([])).toMatch(/--credentials FILE is required/);
    expect(errorOf(['--credentials', 'f', '--devices', '2.5'])).toMatch(/--devices must be a positive integer/);
    expect(errorOf(['--credentials', 'f', '--rate', '0'])).toMatch(/--rate must be a positive number/);
    expect(errorOf(['--credentials', 'f', '--rate', '5000'])).toMatch(/--rate must be at most/);
    expect(errorOf(['--credentials', 'f', '--mqtt-url', 'localhost'])).toMatch(/--mqtt-url must look like/);
    expect(errorOf(['--credentials', 'f', '--bogus'])).toMatch(/unknown argument "--bogus"/);
    expect(errorOf(['--credentials'])).toMatch(/--credentials needs a value/);
    for (const e of [errorOf([]), errorOf(['--rate', 'x'])]) expect(e).not.toContain('\n');
  });

  it('asks for help', () => {
    expect(parseArgs(['--help'], {})).toEqual({ ok: false, help: true });
  });
});

describe('loadFleet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cityops-fleet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, body: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
    return p;
  };
  const d = (id: string) => ({ id, kind: 'camera', lat: 21, lon: 105.8, area: 'A001', name: id, username: id, password: 'p' });

  it('takes the first N devices', () => {
    const r = loadFleet(file('ok.json', [d('A'), d('B'), d('C')]), 2);
    expect('devices' in r && r.devices.map((x) => x.id)).toEqual(['A', 'B']);
  });

  it('names the file and the problem', () => {
    expect(loadFleet(join(dir, 'missing.json'), undefined)).toEqual({ error: expect.stringMatching(/missing\.json: cannot read \(ENOENT\)/) });
    expect(loadFleet(file('bad.json', '['), undefined)).toEqual({ error: expect.stringMatching(/not JSON/) });
    expect(loadFleet(file('obj.json', {}), undefined)).toEqual({ error: expect.stringMatching(/non-empty JSON array/) });
    expect(loadFleet(file('kind.json', [d('A'), { ...d('B'), kind: 'drone' }]), undefined)).toEqual({ error: expect.stringMatching(/\[1\]\.kind must be/) });
    expect(loadFleet(file('few.json', [d('A')]), 5)).toEqual({ error: expect.stringMatching(/--devices 5 but .* holds only 1/) });
  });
});

describe('progress line', () => {
  const s: SimulationStats = {
    devices: 10,
    connected: 9,
    published: 1234,
    dropped: 0,
    receiptsAcked: 5,
    receiptsRejected: 0,
    resends: 1,
    resendsExhausted: 0,
    errors: 0,
    msgPerSec: 41.25,
    elapsedSec: 12.3,
  };

  it('shows connected, published, acks and msg/s', () => {
    expect(formatProgress(s)).toBe('connected 9/10 · published 1234 · acks 5 · resends 1 · dropped 0 · errors 0 · 41.3 msg/s · 12 s');
  });

  it('rewrites one line on a TTY and prints every few seconds otherwise', () => {
    const tty = {
      isTTY: true,
      text: '',
      write(x: string) {
        this.text += x;
      },
    };
    const file = {
      isTTY: false,
      text: '',
      write(x: string) {
        this.text += x;
      },
    };
    for (const at of [0, 1000, 2000, 6000]) {
      createProgressPrinter(tty).update(s, at);
    }
    const printer = createProgressPrinter(file);
    for (const at of [0, 1000, 2000, 6000]) printer.update(s, at);
    expect(tty.text.startsWith('\r')).toBe(true);
    expect(tty.text).not.toContain('\n');
    expect(file.text.split('\n').filter(Boolean)).toHaveLength(2);
  });
});
