import { describe, expect, it } from 'vitest';
import { applyFields, errorsByField, ruleFields } from './rule-form.ts';

const queue = {
  id: 'queue-overload',
  name: 'Queue overload',
  kind: 'queue-load',
  enabled: true,
  deviceKind: 'queue',
  incidentKind: 'queue_overload',
  severity: 'warning',
  params: { maxWaiting: 40, maxAvgWaitSec: 1800, clearRatio: 0.8 },
  forDurationMs: 300_000,
  recoverAfterMs: 600_000,
  autoResolve: true,
};

describe('the rules screen’s form', () => {
  it('shows each field by its pointer, milliseconds in seconds', () => {
    const fields = ruleFields(queue);
    expect(fields.map((f) => [f.path, f.kind, f.value])).toEqual([
      ['/enabled', 'bool', true],
      ['/severity', 'severity', 'warning'],
      ['/forDurationMs', 'seconds', '300'],
      ['/recoverAfterMs', 'seconds', '600'],
      ['/params/maxWaiting', 'number', '40'],
      ['/params/maxAvgWaitSec', 'number', '1800'],
      ['/params/clearRatio', 'number', '0.8'],
      ['/escalation', 'json', '[]'],
      ['/overrides', 'json', '{}'],
    ]);
  });

  it('puts edited values back, seconds as milliseconds, and leaves absent what was absent and is still empty', () => {
    const fields = ruleFields(queue).map((f) =>
      f.path === '/params/maxWaiting'
        ? { ...f, value: '25' }
        : f.path === '/forDurationMs'
          ? { ...f, value: '90,5' }
          : f.path === '/enabled'
            ? { ...f, value: false }
            : f,
    );
    const applied = applyFields(queue, fields);
    expect(applied).toEqual({ ok: true, rule: { ...queue, enabled: false, forDurationMs: 90_500, params: { ...queue.params, maxWaiting: 25 } } });
  });

  it('reads lists and JSON, and names the field whose text is not a value', () => {
    const status = { ...queue, kind: 'device-status', params: { statuses: ['offline'], clearStatuses: ['online'] } };
    const fields = ruleFields(status).map((f) => (f.path === '/params/statuses' ? { ...f, value: 'offline, tampered ,' } : f));
    expect(applyFields(status, fields)).toMatchObject({ ok: true, rule: { params: { statuses: ['offline', 'tampered'] } } });
    expect(
      applyFields(
        queue,
        ruleFields(queue).map((f) => (f.path === '/params/clearRatio' ? { ...f, value: 'abc' } : f)),
      ),
    ).toEqual({
      ok: false,
      path: '/params/clearRatio',
      problem: 'number',
    });
    expect(
      applyFields(
        queue,
        ruleFields(queue).map((f) => (f.path === '/overrides' ? { ...f, value: '{"byArea":' } : f)),
      ),
    ).toMatchObject({ ok: false, path: '/overrides' });
  });

  it('puts each server error on its field, errors below a JSON field on that field, the rest apart', () => {
    const fields = ruleFields(queue);
    const { byField, general } = errorsByField(fields, [
      { path: '/params/clearRatio', message: 'must be <= 1' },
      { path: '/overrides/byArea/A030/maxWating', message: 'is not a field of a queue-load rule' },
      { path: '/deviceKind', message: 'must be queue' },
    ]);
    expect(byField.get('/params/clearRatio')).toBe('must be <= 1');
    expect(byField.get('/overrides')).toBe('byArea/A030/maxWating: is not a field of a queue-load rule');
    expect(general).toEqual(['/deviceKind must be queue']);
  });
});
