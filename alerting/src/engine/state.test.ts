import { describe, expect, it } from 'vitest';
import { checkNoData, initialState, isIdle, step, type AlertState, type ConditionInput, type StepTiming } from './state.ts';

const t: StepTiming = { forDurationMs: 60_000, recoverAfterMs: 300_000 };

/** Feeds (time, condition) pairs; returns the transitions and the final state. */
function drive(inputs: Array<[number, ConditionInput | null]>, timing = t): { transitions: string[]; state: AlertState } {
  let s = initialState('r', 'CAM-1', 0);
  const transitions: string[] = [];
  for (const [now, c] of inputs) {
    const r = step(s, c, timing, now);
    s = r.state;
    transitions.push(`${now}:${s.state}${r.transition ? `:${r.transition}` : ''}`);
  }
  return { transitions, state: s };
}
const on: ConditionInput = { active: true };
const off: ConditionInput = { active: false };

describe('alert state machine', () => {
  it('normal → pending → firing after forDuration → recovering → normal after recoverAfter', () => {
    const { transitions } = drive([
      [0, on],
      [30_000, null],
      [60_000, null],
      [100_000, off],
      [399_999, null],
      [400_000, null],
    ]);
    expect(transitions).toEqual(['0:pending', '30000:pending', '60000:firing:open', '100000:recovering', '399999:recovering', '400000:normal:resolve']);
  });

  it('pending falls back to normal when the condition ends before forDuration: nothing opens', () => {
    expect(
      drive([
        [0, on],
        [59_999, off],
        [70_000, null],
      ]).transitions,
    ).toEqual(['0:pending', '59999:normal', '70000:normal']);
  });

  it('true again while recovering is the same incident: a repeat, not a second open', () => {
    const { transitions } = drive([
      [0, on],
      [60_000, null],
      [70_000, off],
      [80_000, on],
      [90_000, off],
      [390_000, null],
    ]);
    expect(transitions).toEqual(['0:pending', '60000:firing:open', '70000:recovering', '80000:firing:repeat', '90000:recovering', '390000:normal:resolve']);
  });

  it('a null reading changes nothing; a discrete occurrence while firing is a repeat', () => {
    const { transitions } = drive([
      [0, on],
      [60_000, { active: null }],
      [61_000, { active: true, occurrence: true }],
    ]);
    expect(transitions).toEqual(['0:pending', '60000:firing:open', '61000:firing:repeat']);
  });

  it('zero durations open and resolve on the spot', () => {
    expect(
      drive(
        [
          [0, on],
          [1, off],
        ],
        { forDurationMs: 0, recoverAfterMs: 0 },
      ).transitions,
    ).toEqual(['0:firing:open', '1:normal:resolve']);
  });

  it('pending starts when the condition became true, not when it was noticed', () => {
    expect(drive([[90_000, { active: true, activeSince: 30_000 }]]).transitions).toEqual(['90000:firing:open']);
  });

  it('rising three times within the flap window fires at once', () => {
    const timing = { ...t, forDurationMs: 120_000, flap: { count: 3, windowMs: 600_000 } };
    const { transitions } = drive(
      [
        [0, on],
        [10_000, off],
        [20_000, on],
        [30_000, off],
        [40_000, on],
      ],
      timing,
    );
    expect(transitions).toEqual(['0:pending', '10000:normal', '20000:pending', '30000:normal', '40000:firing:open']);
  });

  it('a late observation never moves the state back in time', () => {
    const { state } = drive([
      [100_000, on],
      [50_000, null],
    ]);
    expect(state).toMatchObject({ state: 'pending', since: 100_000 });
  });

  it('nodata after a silence while normal or pending; firing stays firing; the next reading leaves nodata', () => {
    const seen = { ...initialState('r', 'Q', 0), lastObservedAt: 0 };
    expect(checkNoData(seen, 600_000, 599_999).state).toBe('normal');
    const quiet = checkNoData(seen, 600_000, 600_000);
    expect(quiet.state).toBe('nodata');
    expect(checkNoData({ ...seen, state: 'firing' }, 600_000, 900_000).state).toBe('firing');
    expect(step(quiet, off, t, 700_000).state.state).toBe('normal');
    expect(step(quiet, on, t, 700_000).state.state).toBe('pending');
  });

  it('is idle only when normal with nothing live and no recent flaps', () => {
    const s = initialState('r', 'x', 0);
    expect(isIdle(s, 0, 0)).toBe(true);
    expect(isIdle({ ...s, rises: [0] }, 600_000, 100)).toBe(false);
    expect(isIdle({ ...s, incident: 'suppressed' }, 0, 0)).toBe(false);
  });
});
