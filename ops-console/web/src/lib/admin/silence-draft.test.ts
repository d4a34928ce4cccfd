import { describe, expect, it } from 'vitest';
import type { AlertStateView } from '@cityops/contracts';
import { heldBy, silenceDraft, silenceRequest } from './silence-draft.ts';

const NOW = Date.UTC(2026, 11, 4, 3, 0);
const camera = { kind: 'camera_tampered' as const, deviceId: 'CAM-A020-01', area: 'A020', ruleId: 'camera-tampered' };

describe('a silence made from an incident', () => {
  it('holds back its kind on its device by default, for the time chosen, with the comment', () => {
    const draft = silenceDraft(camera);
    expect(draft.chosen).toEqual({ kind: true, deviceId: true, area: false, ruleId: false });
    expect(silenceRequest(draft, draft.chosen, 60, '  Thay camera  ', NOW)).toEqual({
      ok: true,
      request: { matchers: { kind: 'camera_tampered', deviceId: 'CAM-A020-01' }, endsAt: '2026-12-04T04:00:00.000Z', comment: 'Thay camera' },
    });
  });

  it('falls back to kind and area without a device, and never sends a field the incident lacks', () => {
    const draft = silenceDraft({ kind: 'queue_overload', deviceId: null, area: 'A030', ruleId: null });
    expect(draft.chosen).toMatchObject({ kind: true, deviceId: false, area: true });
    const all = { kind: true, deviceId: true, area: true, ruleId: true };
    expect(silenceRequest(draft, all, 30, 'x', NOW)).toMatchObject({ ok: true, request: { matchers: { kind: 'queue_overload', area: 'A030' } } });
  });

  it('refuses no matcher, no comment, and a fire alarm silence without its kind and panel', () => {
    const draft = silenceDraft(camera);
    const none = { kind: false, deviceId: false, area: false, ruleId: false };
    expect(silenceRequest(draft, none, 30, 'x', NOW)).toEqual({ ok: false, problem: 'matchers' });
    expect(silenceRequest(draft, draft.chosen, 30, ' ', NOW)).toEqual({ ok: false, problem: 'comment' });
    const fire = silenceDraft({ kind: 'fire_alarm', deviceId: 'FA-0301', area: 'A020', ruleId: 'fire-alarm' });
    expect([...fire.locked]).toEqual(['kind', 'deviceId']);
    expect(silenceRequest(fire, { ...fire.chosen, deviceId: false, area: true }, 30, 'x', NOW)).toEqual({ ok: false, problem: 'fire' });
  });

  it('lists the alerts a silence holds back now', () => {
    const alert = (subject: string, incident: AlertStateView['incident'], suppressedBy: string | null): AlertStateView => ({
      ruleId: 'camera-tampered',
      subject,
      state: 'firing',
      since: '2026-12-04T03:00:00.000Z',
      incident,
      suppressedBy,
    });
    const alerts = [alert('CAM-1', 'suppressed', 'silence:4'), alert('CAM-2', 'suppressed', 'silence:5'), alert('CAM-3', 'open', null)];
    expect(heldBy(alerts, 'silence:4').map((a) => a.subject)).toEqual(['CAM-1']);
  });
});
