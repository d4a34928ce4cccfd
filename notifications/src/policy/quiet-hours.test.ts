import { describe, expect, it } from 'vitest';
import { releaseTime } from './quiet-hours.ts';

const VN = 420;
/** A moment given in Hanoi's local time (UTC+7). */
const hanoi = (iso: string) => new Date(`${iso}+07:00`);

describe('releaseTime', () => {
  const night = { from: '22:00', to: '06:00' };
  it('holds a notification inside quiet hours that cross midnight until they end, in local time', () => {
    expect(releaseTime(hanoi('2026-12-04T23:30:00'), night, VN)).toEqual(hanoi('2026-12-05T06:00:00'));
    expect(releaseTime(hanoi('2026-12-05T02:10:00'), night, VN)).toEqual(hanoi('2026-12-05T06:00:00'));
    expect(releaseTime(hanoi('2026-12-04T22:00:00'), night, VN)).toEqual(hanoi('2026-12-05T06:00:00'));
  });
  it('lets it go at once outside them, and at the window end itself', () => {
    expect(releaseTime(hanoi('2026-12-04T21:59:00'), night, VN)).toEqual(hanoi('2026-12-04T21:59:00'));
    expect(releaseTime(hanoi('2026-12-05T06:00:00'), night, VN)).toEqual(hanoi('2026-12-05T06:00:00'));
  });
  it('handles a window within one day, and an empty window', () => {
    const lunch = { from: '11:30', to: '13:00' };
    expect(releaseTime(hanoi('2026-12-04T12:00:00'), lunch, VN)).toEqual(hanoi('2026-12-04T13:00:00'));
    expect(releaseTime(hanoi('2026-12-04T13:30:00'), lunch, VN)).toEqual(hanoi('2026-12-04T13:30:00'));
    expect(releaseTime(hanoi('2026-12-04T12:00:00'), { from: '08:00', to: '08:00' }, VN)).toEqual(hanoi('2026-12-04T12:00:00'));
  });
});
