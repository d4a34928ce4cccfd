import { describe, expect, it } from 'vitest';
import { DICTIONARIES, enumLabel, messageText, parseLocale, placeholders, translate } from './translate.ts';

const { vi, en } = DICTIONARIES;

describe('parseLocale', () => {
  it('defaults to Vietnamese for nothing or anything unknown', () => {
    expect(parseLocale(null)).toBe('vi');
    expect(parseLocale(undefined)).toBe('vi');
    expect(parseLocale('fr')).toBe('vi');
    expect(parseLocale('EN')).toBe('vi');
    expect(parseLocale('en')).toBe('en');
    expect(parseLocale('vi')).toBe('vi');
  });
});

describe('translate', () => {
  it('looks the key up in the chosen language', () => {
    expect(translate(vi, 'incidents.ack')).toBe('Xác nhận');
    expect(translate(en, 'incidents.ack')).toBe('Acknowledge');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(en, 'incidents.ackConflictBy', { by: 'dispatcher2' })).toBe('Already acknowledged by dispatcher2');
    expect(translate(vi, 'error.unavailable', { status: 502 })).toBe('Máy chủ điều hành không phản hồi (HTTP 502)');
    expect(translate(en, 'error.unavailable')).toBe('Console server unavailable (HTTP {status})');
    expect(translate(en, 'error.unavailable', {})).toBe('Console server unavailable (HTTP {status})');
  });

  it('does not read placeholders from the object prototype', () => {
    expect(translate(en, 'incidents.ackConflict', { by: 'x' })).toBe('Already acknowledged — {detail}');
  });
});

describe('enumLabel', () => {
  it('names contract values in each language', () => {
    expect(enumLabel(vi, 'status', 'offline')).toBe('Mất kết nối');
    expect(enumLabel(en, 'severity', 'critical')).toBe('Critical');
    expect(enumLabel(vi, 'role', 'dispatcher')).toBe('Điều phối viên');
  });

  it('shows a value from a newer server as sent', () => {
    expect(enumLabel(vi, 'status', 'melting')).toBe('melting');
    expect(enumLabel(en, 'state', 'toString')).toBe('toString');
  });
});

describe('messageText', () => {
  it('translates our messages and passes server text through', () => {
    expect(messageText(vi, { key: 'error.network' })).toBe('Không kết nối được máy chủ');
    expect(messageText(en, { key: 'incidents.ackConflictBy', params: { by: 'an' } })).toBe('Already acknowledged by an');
    expect(messageText(en, { text: 'Thiết bị bận' })).toBe('Thiết bị bận');
  });
});

describe('placeholders', () => {
  it('lists placeholder names, sorted', () => {
    expect(placeholders('{b} and {a}, {b}')).toEqual(['a', 'b', 'b']);
    expect(placeholders('none')).toEqual([]);
  });
});
