import { describe, expect, it } from 'vitest';
import { PlaybackClock } from './playback-clock.ts';

const START = 1_000_000;
const HOUR = 3_600_000;

describe('PlaybackClock', () => {
  it('stands still until played, then runs at its speed from where it stood', () => {
    const c = new PlaybackClock({ start: START, end: START + HOUR }, 60);
    expect(c.position(5_000)).toBe(START);
    c.play(5_000);
    expect(c.position(6_000)).toBe(START + 60_000);
    c.pause(7_000);
    expect(c.position(60_000)).toBe(START + 120_000);
  });

  it('changing speed keeps the position and changes only the pace after it', () => {
    const c = new PlaybackClock({ start: START, end: START + 10 * HOUR }, 1);
    c.play(0);
    c.setSpeed(600, 10_000);
    expect(c.position(10_000)).toBe(START + 10_000);
    expect(c.position(11_000)).toBe(START + 10_000 + 600_000);
  });

  it('stops by itself at the end, and playing again starts from the beginning', () => {
    const c = new PlaybackClock({ start: START, end: START + 60_000 }, 10);
    c.play(0);
    expect(c.position(10_000)).toBe(START + 60_000);
    expect(c.playing).toBe(false);
    c.play(20_000);
    expect(c.position(21_000)).toBe(START + 10_000);
  });

  it('seeks within the range only, and follows an end that grows while history loads', () => {
    const c = new PlaybackClock({ start: START, end: START });
    c.seek(START + HOUR, 0);
    expect(c.position(0)).toBe(START);
    c.setEnd(START + 2 * HOUR, 0);
    c.seek(START + HOUR, 0);
    expect(c.position(0)).toBe(START + HOUR);
    c.seek(START - HOUR, 0);
    expect(c.position(0)).toBe(START);
  });
});
