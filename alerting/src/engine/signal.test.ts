import { describe, expect, it } from 'vitest';
import { buildSignal } from './signal.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import { initialState } from './state.ts';
import type { AnyRule } from './rule.ts';
import type { Observation } from './observation.ts';

const rule = (id: string) => DEFAULT_RULES.find((r) => r.id === id)! as AnyRule;
const stateWith = (subject: string, last: Observation) => ({ ...initialState('x', subject, 0), state: 'firing' as const, last });

describe('buildSignal', () => {
  it('names the place a dispatcher knows: address, then name, then device id', () => {
    const hb = (extra: object): Observation => ({ type: 'heartbeat', id: 'CAM-7', kind: 'camera', lastSeenAt: 0, area: 'A001', lat: 21, lon: 105, ...extra });
    expect(buildSignal(rule('camera-silent'), stateWith('CAM-7', hb({ address: 'Số 1 Phố mẫu', name: 'Ngã tư mẫu' })), 0).title).toBe(
      'Camera mất kết nối — Số 1 Phố mẫu',
    );
    expect(buildSignal(rule('camera-silent'), stateWith('CAM-7', hb({ name: 'Ngã tư mẫu' })), 0).title).toBe('Camera mất kết nối — Ngã tư mẫu');
    const s = buildSignal(rule('camera-silent'), stateWith('CAM-7', hb({})), 5000);
    expect(s).toMatchObject({
      title: 'Camera mất kết nối — CAM-7',
      deviceId: 'CAM-7',
      area: 'A001',
      lat: 21,
      lon: 105,
      at: new Date(5000),
      data: { ruleId: 'camera-silent', lastSeenAt: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('an area outage belongs to its area, not to a device, and lists the cameras down', () => {
    const o: Observation = { type: 'area.cameras', area: 'A002', total: 40, downIds: ['C1', 'C2'], burst: 2, at: 0 };
    expect(buildSignal(rule('area-camera-outage'), stateWith('A002', o), 0)).toMatchObject({
      kind: 'area_outage',
      dedupKey: 'area_outage:A002',
      deviceId: null,
      area: 'A002',
      data: { total: 40, down: 2, cameraIds: ['C1', 'C2'] },
    });
  });

  it('takes a hotline incident severity from its line', () => {
    const t = (line: '113' | '115'): Observation => ({ type: 'ticket', id: 9, line, category: 'tai nạn', state: 'received', at: 0 });
    expect(buildSignal(rule('hotline-emergency'), stateWith('9', t('115')), 0).severity).toBe('critical');
    expect(buildSignal(rule('hotline-emergency'), stateWith('9', t('113')), 0).severity).toBe('major');
  });
});
