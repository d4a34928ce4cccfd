import { describe, expect, it, vi } from 'vitest';
import { FrameScheduler, nextTask } from './frame-scheduler.ts';

function fakeFrames() {
  const queue: (() => void)[] = [];
  return {
    request: (cb: () => void) => queue.push(cb),
    run: () => queue.splice(0).forEach((cb) => cb()),
    get size() {
      return queue.length;
    },
  };
}

describe('FrameScheduler', () => {
  it('runs a burst of schedules once, on the next frame, with the last task per key', () => {
    const frames = fakeFrames();
    const s = new FrameScheduler(frames.request);
    const ran: string[] = [];
    for (let i = 0; i < 1000; i++) s.schedule('devices', () => ran.push(`devices${i}`));
    s.schedule('incidents', () => ran.push('incidents'));
    expect(frames.size).toBe(1);
    expect(ran).toEqual([]);
    frames.run();
    expect(ran).toEqual(['devices999', 'incidents']);
  });

  it('defers work scheduled during a flush to the following frame', () => {
    const frames = fakeFrames();
    const s = new FrameScheduler(frames.request);
    const ran: string[] = [];
    s.schedule('a', () => {
      ran.push('a');
      s.schedule('a', () => ran.push('a again'));
    });
    frames.run();
    expect(ran).toEqual(['a']);
    frames.run();
    expect(ran).toEqual(['a', 'a again']);
  });

  it('on tasks, runs without any animation frame, once per burst', async () => {
    vi.useFakeTimers();
    try {
      const s = new FrameScheduler(nextTask);
      const ran: number[] = [];
      for (let i = 0; i < 50; i++) s.schedule('incidents', () => ran.push(i));
      expect(ran).toEqual([]);
      await vi.advanceTimersByTimeAsync(0);
      expect(ran).toEqual([49]);
    } finally {
      vi.useRealTimers();
    }
  });
});
