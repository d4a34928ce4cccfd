import { describe, expect, it } from 'vitest';
import { FakeFrames } from './fake-map.fixture.ts';
import { PULSE_FRAME_MS, PulseClock } from './pulse-clock.ts';

describe('PulseClock', () => {
  it('asks for frames only while running', () => {
    const frames = new FakeFrames();
    const clock = new PulseClock(frames, () => {});
    expect(frames.pending).toBe(0);
    clock.run(true);
    expect(frames.pending).toBe(1);
    clock.run(false);
    expect(frames.pending).toBe(0);
    expect(clock.running).toBe(false);
  });

  it(`reports at most every ${PULSE_FRAME_MS} ms, whatever the frame rate`, () => {
    const frames = new FakeFrames();
    const ticks: number[] = [];
    const clock = new PulseClock(frames, (now) => ticks.push(now));
    clock.run(true);
    for (const t of [1_000, 1_016, 1_033, 1_049, 1_050, 1_066, 1_100, 1_149, 1_150]) frames.step(t);
    expect(ticks).toEqual([1_000, 1_050, 1_100, 1_150]);
  });

  it('keeps its rhythm when asked to run while running, and stops for good', () => {
    const frames = new FakeFrames();
    const ticks: number[] = [];
    const clock = new PulseClock(frames, (now) => ticks.push(now));
    clock.run(true);
    frames.step(1_000);
    clock.run(true);
    frames.step(1_020);
    expect(ticks).toEqual([1_000]);
    expect(frames.pending).toBe(1);
    clock.run(false);
    frames.step(2_000);
    expect(ticks).toEqual([1_000]);
  });

  it('stops when its own tick stops it', () => {
    const frames = new FakeFrames();
    const clock: PulseClock = new PulseClock(frames, () => clock.run(false));
    clock.run(true);
    frames.step(1_000);
    expect(frames.pending).toBe(0);
  });
});
