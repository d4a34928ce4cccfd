import { describe, expect, it } from 'vitest';
import { planReplay, replayReached } from './replay-plan.ts';

describe('planReplay(lastSseq, oldest, cursor)', () => {
  it('starts a new client on the live stream', () => {
    for (const last of [undefined, null, 0, -3, 'x', 1.5, Number.MAX_SAFE_INTEGER + 2]) {
      expect(planReplay(last, 10, 500)).toEqual({ replay: false, from: 500, complete: true });
    }
  });
  it('replays what a client missed when the log still holds it', () => {
    expect(planReplay(480, 10, 500)).toEqual({ replay: true, from: 480, complete: true });
    expect(planReplay('480', 10, 500)).toEqual({ replay: true, from: 480, complete: true });
    expect(planReplay(9, 10, 500)).toEqual({ replay: true, from: 9, complete: true });
  });
  it('says incomplete when the oldest events it missed were pruned', () => {
    expect(planReplay(8, 10, 500)).toEqual({ replay: true, from: 8, complete: false });
  });
  it('has nothing to replay for a client that is up to date, or on an empty log', () => {
    expect(planReplay(500, 10, 500)).toEqual({ replay: false, from: 500, complete: true });
    expect(planReplay(3, 0, 3)).toEqual({ replay: false, from: 3, complete: true });
  });
  it('sends a client that is ahead of the log (a replaced database) back to its snapshots', () => {
    expect(planReplay(9000, 1, 40)).toEqual({ replay: false, from: 40, complete: false });
  });
});

describe('replayReached', () => {
  it('is complete only when the replay got to the cursor', () => {
    const plan = planReplay(100, 1, 30_000);
    expect(replayReached(plan, 30_000, 30_000)).toEqual({ replay: true, from: 30_000, complete: true });
    expect(replayReached(plan, 20_100, 30_000)).toEqual({ replay: true, from: 20_100, complete: false });
  });
});
