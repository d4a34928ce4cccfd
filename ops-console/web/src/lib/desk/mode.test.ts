import { describe, expect, it } from 'vitest';
import { parseMode, resolveMode, searchWithMode } from './mode.ts';

describe('resolveMode', () => {
  it('defaults to the desk for dispatcher and above, the wall for a viewer', () => {
    expect(resolveMode({ search: '', stored: null, role: 'viewer' })).toBe('wall');
    for (const role of ['dispatcher', 'supervisor', 'admin'] as const) expect(resolveMode({ search: '', stored: null, role })).toBe('desk');
  });

  it('prefers the remembered choice to the default', () => {
    expect(resolveMode({ search: '', stored: 'desk', role: 'viewer' })).toBe('desk');
    expect(resolveMode({ search: '', stored: 'wall', role: 'admin' })).toBe('wall');
  });

  it('lets ?mode= in the URL win over both', () => {
    expect(resolveMode({ search: '?mode=wall', stored: 'desk', role: 'dispatcher' })).toBe('wall');
    expect(resolveMode({ search: '?x=1&mode=desk', stored: 'wall', role: 'viewer' })).toBe('desk');
  });

  it('ignores values it does not know', () => {
    expect(resolveMode({ search: '?mode=kiosk', stored: 'big', role: 'viewer' })).toBe('wall');
    expect(parseMode('WALL')).toBeNull();
  });
});

describe('searchWithMode', () => {
  it('updates an explicit ?mode= so a reload keeps the switch, and adds none otherwise', () => {
    expect(searchWithMode('?mode=wall&x=1', 'desk')).toBe('?mode=desk&x=1');
    expect(searchWithMode('', 'wall')).toBe('');
    expect(searchWithMode('?x=1', 'wall')).toBe('?x=1');
  });
});
