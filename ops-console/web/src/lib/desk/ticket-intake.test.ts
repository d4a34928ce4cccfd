import { describe, expect, it } from 'vitest';
import { intakePoint, intakeRequest, parseCoordinate, type IntakeFields } from './ticket-intake.ts';

const fields = (over: Partial<IntakeFields> = {}): IntakeFields => ({
  line: '1022',
  category: 'environment',
  description: ' Rác thải ùn ứ ',
  address: '',
  lat: '21.0285',
  lon: '105.8542',
  callerPhone: '',
  callerEmail: '',
  callerUpdates: false,
  ...over,
});

describe('the intake form', () => {
  it('reads coordinates with a dot or a comma, within range', () => {
    expect(parseCoordinate('21,0285', -90, 90)).toBe(21.0285);
    expect(parseCoordinate(' 105.8542 ', -180, 180)).toBe(105.8542);
    expect(parseCoordinate('91', -90, 90)).toBeNull();
    expect(parseCoordinate('21.0285N', -90, 90)).toBeNull();
    expect(intakePoint({ lat: '21.03', lon: '' })).toBeNull();
  });

  it('builds the request, trimmed, leaving out empty optional fields', () => {
    expect(intakeRequest(fields())).toEqual({
      ok: true,
      request: { line: '1022', category: 'environment', description: 'Rác thải ùn ứ', lat: 21.0285, lon: 105.8542 },
    });
    expect(intakeRequest(fields({ address: ' Ngõ 5 ', callerPhone: '0901 234 567' }))).toMatchObject({
      request: { address: 'Ngõ 5', callerPhone: '0901 234 567' },
    });
  });

  it('names every field that stops it', () => {
    expect(intakeRequest(fields({ category: null, description: '  ', lat: 'x', callerPhone: 'gọi lại' }))).toEqual({
      ok: false,
      problems: ['category', 'description', 'point', 'phone'],
    });
  });

  it('asks for e-mail updates only with a valid e-mail', () => {
    expect(intakeRequest(fields({ callerEmail: ' dan@example.vn ', callerUpdates: true }))).toMatchObject({
      ok: true,
      request: { callerEmail: 'dan@example.vn', callerUpdates: true },
    });
    const noOptIn = intakeRequest(fields({ callerEmail: 'dan@example.vn' }));
    expect(noOptIn.ok && 'callerUpdates' in noOptIn.request).toBe(false);
    expect(intakeRequest(fields({ callerUpdates: true }))).toEqual({ ok: false, problems: ['email'] });
    expect(intakeRequest(fields({ callerEmail: 'not an address' }))).toEqual({ ok: false, problems: ['email'] });
  });
});
